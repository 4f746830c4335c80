package io.jenkins.plugins.shadowimage.simulator;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Shared helpers: polling instead of sleeping-and-checking, with generous limits for a loaded machine. */
final class SimTest {
    private SimTest() {
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A config with a manual clock and instant jobs: state moves only when the test advances the clock. */
    static SimulatorConfig.Builder manual(ManualClock clock) {
        return SimulatorConfig.builder().clock(clock).jobDuration(Duration.ZERO);
    }
}
