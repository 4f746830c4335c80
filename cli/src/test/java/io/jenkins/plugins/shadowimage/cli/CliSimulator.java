package io.jenkins.plugins.shadowimage.cli;

import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The array the CLI's tests run against: one user, a range of 1 GiB LDEVs, a fast clock, and the options to reach it. */
final class CliSimulator {
    static final String USER = "ops";

    private CliSimulator() {
    }

    /**
     * HTTPS, user {@link #USER} with {@code password}, {@code count} LDEVs of 1 GiB from {@code firstLdev}, the array's
     * clock {@code timeScale} times faster, jobs of 0.5 to 1 s, and 1 GiB at copyPace 3 copied in about 20 s of array
     * time.
     */
    static SimulatorConfig.Builder config(String password, int firstLdev, int count, double timeScale) {
        return SimulatorConfig.builder().port(0).https(true)
                .addUser(USER, password, false)
                .addLdevRange(firstLdev, count, SimulatorConfig.GIB_BLOCKS)
                .timeScale(timeScale)
                .jobDuration(Duration.ofMillis(500), Duration.ofSeconds(1))
                .copyRateMiBPerSecondPerPace(1024.0 / 20 / 3);
    }

    /** {@code --url}, {@code --ca-cert} and {@code --user} for the simulator of {@code sim}, then {@code more}. */
    static List<String> connection(VspSimulatorExtension sim, String... more) {
        List<String> l = new ArrayList<>(List.of("--url", sim.baseUrl().toString(), "--ca-cert",
                sim.certificateFile().toString(), "--user", USER));
        l.addAll(List.of(more));
        return l;
    }
}
