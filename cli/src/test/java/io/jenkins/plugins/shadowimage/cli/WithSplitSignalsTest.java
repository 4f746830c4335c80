package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.awaitility.Awaitility;
import java.time.Duration;

/**
 * with-split in real processes: SIGTERM while COMMAND runs stops it and still resyncs, ending with 143; after
 * kill -9 while COMMAND runs, resume of the state file resyncs without running COMMAND again.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WithSplitSignalsTest {
    private static final String PASSWORD = "Signals-Pw-88";

    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(CliSimulator.config(PASSWORD, 5000, 10, 20));

    @TempDir
    static Path dir;

    private SimulatorAdmin admin;

    @BeforeEach
    void reset() {
        admin = SIM.admin();
    }

    private static List<String> conn(String... more) {
        List<String> l = CliSimulator.connection(SIM, "--progress", "plain", "--session-alive-time", "5s");
        l.addAll(List.of(more));
        return l;
    }

    private static Process start(List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ShadowImageCli.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SHADOWIMAGE_PASSWORD", PASSWORD);
        pb.environment().remove("SHADOWIMAGE_USER");
        return pb.start();
    }

    private static int run(List<String> args, Path log) throws Exception {
        Process p = start(args, log);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("process ended").isTrue();
        return p.exitValue();
    }

    private static void awaitFile(Path f, Process p) {
        Awaitility.await("file " + f).atMost(Duration.ofSeconds(90)).until(() -> {
            assertThat(p.isAlive()).as("the CLI is still running").isTrue();
            return Files.exists(f);
        });
    }

    private void createPair(String group, String name, int pvol) throws Exception {
        List<String> a = new ArrayList<>(List.of("create"));
        a.addAll(conn("--copy-group-name", group, "--copy-pair-name", name, "--pvol-ldev-id", String.valueOf(pvol),
                "--svol-ldev-id", String.valueOf(pvol + 1)));
        assertThat(run(a, dir.resolve(group + "-create.log"))).isZero();
    }

    private String status(String name) {
        return admin.pairs().stream().filter(p -> p.copyPairName().equals(name))
                .map(p -> p.pvolStatus() + "/" + p.svolStatus()).findFirst().orElse("gone");
    }

    /** A COMMAND that records each start and its pid, says when it got SIGTERM, and otherwise runs a minute. */
    private static List<String> slowCommand(Path marks) {
        return List.of("sh", "-c", "echo started >> " + marks + "; echo $$ > " + marks + ".pid; env > " + marks
                + ".env; trap 'echo terminated >> " + marks + "; exit 9' TERM; i=0; while [ $i -lt 600 ]; do sleep 0.1; "
                + "i=$((i+1)); done");
    }

    @Test
    void sigtermDuringTheCommandStopsItResyncsAndExitsWith143() throws Exception {
        createPair("SG1", "p1", 5000);
        Path marks = dir.resolve("sg1.marks");
        Path state = dir.resolve("sg1.state");
        admin.clearRequestLog();
        List<String> a = new ArrayList<>(List.of("with-split"));
        a.addAll(conn("--copy-group-name", "SG1", "--copy-pair-name", "p1", "--state-file", state.toString(), "--"));
        a.addAll(slowCommand(marks));
        Path log = dir.resolve("sg1.log");
        Process p = start(a, log);
        awaitFile(Path.of(marks + ".pid"), p);
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isEqualTo(143);
        assertThat(Files.readAllLines(marks)).containsExactly("started", "terminated");
        assertThat(status("p1")).as(out).isEqualTo("PAIR/PAIR");
        assertThat(admin.requestCount("POST", "/actions/split/invoke$")).isEqualTo(1);
        assertThat(admin.requestCount("POST", "/actions/resync/invoke$")).isEqualTo(1);
        JsonNode saved = new ObjectMapper().readTree(state.toFile());
        assertThat(saved.path("withSplit").path("step").asText()).isEqualTo("DONE");
        assertThat(saved.path("withSplit").path("signal").asText()).isEqualTo("TERM");
        assertThat(Files.readString(Path.of(marks + ".env"))).contains("SI_SPLIT_OBSERVED_AT=")
                .doesNotContain(PASSWORD).doesNotContain("SHADOWIMAGE_PASSWORD");
        assertThat(out).doesNotContain(PASSWORD);
    }

    @Test
    void killNineDuringTheCommandThenResumeResyncsWithoutRunningItAgain() throws Exception {
        createPair("SG2", "p2", 5002);
        Path marks = dir.resolve("sg2.marks");
        Path state = dir.resolve("sg2.state");
        admin.clearRequestLog();
        List<String> a = new ArrayList<>(List.of("with-split"));
        a.addAll(conn("--copy-group-name", "SG2", "--copy-pair-name", "p2", "--state-file", state.toString(), "--"));
        a.addAll(slowCommand(marks));
        Process p = start(a, dir.resolve("sg2.log"));
        awaitFile(Path.of(marks + ".pid"), p);
        p.destroyForcibly(); // SIGKILL: no after step, no signal to the command
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // the orphaned command is not ours to keep running
        long pid = Long.parseLong(Files.readString(Path.of(marks + ".pid")).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        assertThat(status("p2")).isEqualTo("PSUS/SSUS");
        assertThat(new ObjectMapper().readTree(state.toFile()).path("withSplit").path("step").asText())
                .isEqualTo("COMMAND");

        Path log = dir.resolve("sg2-resume.log");
        int code = run(List.of("resume", "--state-file", state.toString(), "--progress", "plain"), log);
        String out = Files.readString(log);
        assertThat(code).as(out).isZero();
        assertThat(out).contains("not run again");
        assertThat(status("p2")).isEqualTo("PAIR/PAIR");
        assertThat(Files.readAllLines(marks)).containsExactly("started");
        assertThat(admin.requestCount("POST", "/actions/split/invoke$")).isEqualTo(1);
        assertThat(admin.requestCount("POST", "/actions/resync/invoke$")).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(state.toFile()).path("withSplit").path("step").asText())
                .isEqualTo("DONE");

        // a second resume reports the finished pipeline and sends nothing
        admin.clearRequestLog();
        assertThat(run(List.of("resume", "--state-file", state.toString()), dir.resolve("sg2-again.log"))).isZero();
        assertThat(admin.requestCount("*", ".*")).isZero();
    }
}
