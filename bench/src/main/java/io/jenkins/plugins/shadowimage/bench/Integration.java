package io.jenkins.plugins.shadowimage.bench;

import io.jenkins.plugins.shadowimage.bench.ours.CoreEngine;
import io.jenkins.plugins.shadowimage.bench.sim.SimulatedArray;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayFactory;
import io.jenkins.plugins.shadowimage.bench.subject.Engine;

/** Where the benchmark meets the simulator and the engine. */
final class Integration {

    private Integration() { }

    static ArrayFactory arrays() {
        return SimulatedArray::start;
    }

    static Engine engine() {
        return new CoreEngine();
    }

    static String stateFormat() {
        return "Java serialization";
    }
}
