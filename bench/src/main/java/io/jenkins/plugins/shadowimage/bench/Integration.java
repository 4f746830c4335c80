package io.jenkins.plugins.shadowimage.bench;

import io.jenkins.plugins.shadowimage.bench.ours.CoreEngine;
import io.jenkins.plugins.shadowimage.bench.sim.EmbeddedSimulator;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayFactory;
import io.jenkins.plugins.shadowimage.bench.subject.Engine;

/** Where the benchmark meets the simulator and the engine. */
final class Integration {

    private Integration() { }

    static ArrayFactory arrays() {
        return (settings, limits) -> EmbeddedSimulator.start(settings, limits);
    }

    static Engine engine() {
        return new CoreEngine();
    }

    /** Our engine with one ArrayAccess per operation, as the plugin's step executions build it. */
    static Engine engineWithAccessPerOperation() {
        return CoreEngine.withAccessPerOperation();
    }

    /** Our engine with batched status reads off: every waiting operation polls its own pair. */
    static Engine engineWithPerOperationReads() {
        return CoreEngine.withPerOperationReads();
    }

    /** Our engine with the request rate configured at {@code perSecond} (no learning from refusals needed). */
    static Engine engineWithRequestRateLimit(int perSecond) {
        return CoreEngine.withRequestRateLimit(perSecond);
    }

    /** Our engine with its session linger in the array time of a time-scaled array. */
    static Engine engineAtTimeScale(TimeScale time) {
        return CoreEngine.atTimeScale(time);
    }

    static String stateFormat() {
        return "Java serialization";
    }
}
