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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command logs in once and keeps that session from step to step, counted from the logins the simulated array
 * issued; a wait longer than the command keeps an idle session releases it; nothing stays open at the end.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CommandSessionsTest {
    private static final String PASSWORD = "Sessions-Pw-7";

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner().password(PASSWORD);

    /** 1 GiB LDEVs from 3000 on; a 1 GiB copy at copyPace 3 takes {@code copySeconds}. */
    private static VspSimulator array(double copySeconds) {
        return VspSimulator.start(SimulatorConfig.builder().port(0).https(true)
                .addUser("ops", PASSWORD, false)
                .addLdevRange(3000, 10, SimulatorConfig.GIB_BLOCKS)
                .jobDuration(Duration.ofMillis(300), Duration.ofMillis(600))
                .copyRateMiBPerSecondPerPace(1024.0 / copySeconds / 3)
                .build());
    }

    private List<String> conn(VspSimulator sim, String... more) throws Exception {
        Path cert = dir.resolve("array.pem");
        Files.writeString(cert, sim.certificatePem(), StandardCharsets.US_ASCII);
        List<String> l = new ArrayList<>(List.of("--url", sim.baseUrl().toString(), "--ca-cert", cert.toString(),
                "--user", "ops", "--progress", "plain"));
        l.addAll(List.of(more));
        return l;
    }

    private CliRunner.Result run(String command, List<String> conn, String... more) {
        List<String> l = new ArrayList<>();
        l.add(command);
        l.addAll(conn);
        l.addAll(List.of(more));
        return cli.run(l.toArray(String[]::new));
    }

    @Test
    void createSplitAndStatusLogInOnceEach() throws Exception {
        try (VspSimulator sim = array(2)) {
            List<String> conn = conn(sim);
            int[] logins = new int[3];
            CliRunner.Result r = run("create", conn, "--copy-group-name", "CG", "--copy-pair-name", "p",
                    "--pvol-ldev-id", "3000", "--svol-ldev-id", "3001");
            assertThat(r.code()).as(r.all()).isZero();
            assertThat(r.all()).contains("COPY", "PAIR");
            logins[0] = sim.admin().issuedTokens().size();
            assertThat(sim.admin().openSessionCount()).isZero();

            r = run("split", conn, "--copy-group-name", "CG", "--copy-pair-name", "p");
            assertThat(r.code()).as(r.all()).isZero();
            logins[1] = sim.admin().issuedTokens().size();
            assertThat(sim.admin().openSessionCount()).isZero();

            r = run("status", conn, "--copy-group-name", "CG");
            assertThat(r.code()).as(r.all()).isZero();
            logins[2] = sim.admin().issuedTokens().size();

            assertThat(logins).containsExactly(1, 2, 3);
            assertThat(sim.admin().openSessionCount()).isZero();
        }
    }

    @Test
    void aWaitLongerThanTheKeptSessionReleasesItAndTheNextStepLogsInAgain() throws Exception {
        // aliveTime 4 s: an idle session is kept 1 s between steps; the 8 s copy is polled less often than that.
        try (VspSimulator sim = array(8)) {
            CliRunner.Result r = run("create", conn(sim, "--session-alive-time", "4s"), "--copy-group-name", "CG",
                    "--copy-pair-name", "p", "--pvol-ldev-id", "3000", "--svol-ldev-id", "3001");
            assertThat(r.code()).as(r.all()).isZero();
            long discards = sim.admin().requestCount("DELETE", "/sessions/[0-9]+$");
            assertThat(sim.admin().issuedTokens().size()).isGreaterThan(1);
            assertThat(discards).isEqualTo(sim.admin().issuedTokens().size());
            assertThat(sim.admin().openSessionCount()).isZero();
        }
    }

    @Test
    void theDemosCommandsLogInAtMostFiveTimes() {
        CliRunner.Result r = new CliRunner().run("demo", "--copy-seconds", "2", "--progress", "plain");
        assertThat(r.code()).as(r.all()).isZero();
        Matcher m = Pattern.compile("The commands opened (\\d+) REST session\\(s\\) and discarded (\\d+)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        // create, split and status log in once each; the version check needs no session.
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(3);
        assertThat(m.group(2)).isEqualTo(m.group(1));
        assertThat(r.out()).contains("0 open sessions");
    }
}
