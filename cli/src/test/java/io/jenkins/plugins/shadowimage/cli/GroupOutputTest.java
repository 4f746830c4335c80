package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Group operations in text mode: one table row per pair, with what the operation did to it. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GroupOutputTest {
    private static final String PASSWORD = "Group-Pw-12";

    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(CliSimulator.config(PASSWORD, 6000, 6, 20))
            .keepStateBetweenTests();

    @TempDir
    static Path dir;

    private final CliRunner cli = new CliRunner().password(PASSWORD);

    private CliRunner.Result run(String command, String... more) {
        List<String> l = new ArrayList<>(List.of(command, "--url", SIM.baseUrl().toString(), "--ca-cert",
                SIM.certificateFile().toString(), "--user", "ops", "--progress", "none"));
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
