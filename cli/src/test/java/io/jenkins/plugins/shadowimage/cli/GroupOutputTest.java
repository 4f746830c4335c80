package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Group operations in text mode: one table row per pair, with what the operation did to it. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GroupOutputTest {
    private static final String PASSWORD = "Group-Pw-12";
    private static VspSimulator sim;
    private static Path cert;

    @TempDir
    static Path dir;

    private final CliRunner cli = new CliRunner().password(PASSWORD);

    @BeforeAll
    static void start() throws Exception {
        sim = VspSimulator.start(SimulatorConfig.builder().port(0).https(true)
                .addUser("ops", PASSWORD, false)
                .addLdevRange(6000, 6, SimulatorConfig.GIB_BLOCKS)
                .timeScale(20)
                .jobDuration(Duration.ofMillis(500), Duration.ofSeconds(1))
                .copyRateMiBPerSecondPerPace(1024.0 / 20 / 3)
                .build());
        cert = dir.resolve("array.pem");
        Files.writeString(cert, sim.certificatePem(), StandardCharsets.US_ASCII);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private CliRunner.Result run(String command, String... more) {
        List<String> l = new ArrayList<>(List.of(command, "--url", sim.baseUrl().toString(), "--ca-cert",
                cert.toString(), "--user", "ops", "--progress", "none"));
        l.addAll(List.of(more));
        CliRunner.Result r = cli.run(l.toArray(String[]::new));
        assertThat(r.code()).as(r.all()).isZero();
        return r;
    }

    /** The table row of pair {@code name}, its cells split on runs of blanks. */
    private static List<String> row(String out, String name) {
        return out.lines().filter(l -> l.startsWith("GT ")).map(l -> List.of(l.trim().split("\\s+")))
                .filter(cells -> cells.get(1).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + name + " in:\n" + out));
    }

    @Test
    void splitResyncAndStatusOfAGroupShowEveryPair() {
        run("create", "--copy-group-name", "GT", "--copy-pair-name", "a", "--pvol-ldev-id", "6000", "--svol-ldev-id", "6001");
        run("create", "--copy-group-name", "GT", "--copy-pair-name", "b", "--pvol-ldev-id", "6002", "--svol-ldev-id", "6003");
        run("split", "--copy-group-name", "GT", "--copy-pair-name", "a");

        String split = run("split", "--copy-group-name", "GT").out();
        assertThat(split).containsPattern(Pattern.compile("^COPY GROUP\\s+COPY PAIR\\s+RESULT\\s+P-VOL", Pattern.MULTILINE));
        assertThat(row(split, "a")).containsExactly("GT", "a", "ALREADY_SPLIT", "6000", "PSUS", "6001", "SSUS", "0", "100");
        assertThat(row(split, "b")).containsExactly("GT", "b", "SPLIT", "6002", "PSUS", "6003", "SSUS", "0", "100");
        assertThat(split).contains("not by it: a");

        String resync = run("resync", "--copy-group-name", "GT").out();
        assertThat(row(resync, "a")).containsExactly("GT", "a", "RESYNCED", "6000", "PAIR", "6001", "PAIR", "0", "100");
        assertThat(row(resync, "b")).containsExactly("GT", "b", "RESYNCED", "6002", "PAIR", "6003", "PAIR", "0", "100");

        String status = run("status", "--copy-group-name", "GT").out();
        assertThat(row(status, "a")).containsExactly("GT", "a", "6000", "PAIR", "6001", "PAIR", "0", "100");
        assertThat(row(status, "b")).containsExactly("GT", "b", "6002", "PAIR", "6003", "PAIR", "0", "100");
    }
}
