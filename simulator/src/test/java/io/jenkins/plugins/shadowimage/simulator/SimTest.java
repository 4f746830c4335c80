package io.jenkins.plugins.shadowimage.simulator;

import java.time.Duration;

/** Shared helpers of the simulator's tests. */
final class SimTest {
    private SimTest() {
    }

    /** A config with a manual clock and instant jobs: state moves only when the test advances the clock. */
    static SimulatorConfig.Builder manual(ManualClock clock) {
        return SimulatorConfig.builder().clock(clock).jobDuration(Duration.ZERO);
    }
}
