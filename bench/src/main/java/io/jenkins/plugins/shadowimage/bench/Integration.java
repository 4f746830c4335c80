package io.jenkins.plugins.shadowimage.bench;

import io.jenkins.plugins.shadowimage.bench.subject.ArrayFactory;
import io.jenkins.plugins.shadowimage.bench.subject.Engine;

/** Where the benchmark meets the simulator and the engine. */
final class Integration {

    private Integration() { }

    static ArrayFactory arrays() {
        throw new UnsupportedOperationException("the simulator adapter is not wired yet");
    }

    static Engine engine() {
        throw new UnsupportedOperationException("the engine adapter is not wired yet");
    }

    static String stateFormat() {
        return "Java serialization";
    }
}
