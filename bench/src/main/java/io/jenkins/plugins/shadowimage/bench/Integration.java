package io.jenkins.plugins.shadowimage.bench;

import io.jenkins.plugins.shadowimage.bench.ours.CoreEngine;
import io.jenkins.plugins.shadowimage.bench.sim.EmbeddedSimulator;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayFactory;
import io.jenkins.plugins.shadowimage.bench.subject.Engine;

/** Where the benchmark meets the simulator and the engine. */
final class Integration {

    private Integration() { }

    static ArrayFactory arrays() {
        return EmbeddedSimulator::start;
    }

    static Engine engine() {
        return new CoreEngine();
    }

    /** Our engine with one ArrayAccess per operation, as the plugin's step executions build it. */
    static Engine engineWithAccessPerOperation() {
        return CoreEngine.withAccessPerOperation();
    }

    static String stateFormat() {
        return "Java serialization";
    }
}
