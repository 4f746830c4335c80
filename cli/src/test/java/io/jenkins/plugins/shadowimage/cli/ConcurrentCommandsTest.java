package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.cli.run.OperationLock;
import io.jenkins.plugins.shadowimage.core.runtime.FileLockStore;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.awaitility.Awaitility;

/** Two shadowimage processes on one pair or S-VOL, with their own state files: the second one waits for the first. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConcurrentCommandsTest {
    private static final String USER = "lock";
    private static final String PASSWORD = "Lock-Pw-5e2b";

    @TempDir
    Path dir;

    private VspSimulator sim;
    private Path cert;
    private Path lockDir;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        sim = VspSimulator.start(SimulatorConfig.builder().port(0).https(true).addUser(USER, PASSWORD, false)
                .addLdevRange(100, 6, SimulatorConfig.GIB_BLOCKS).timeScale(10)
                // The first create's initial copy takes minutes: it holds its pair while the second command runs.
                .copyRateMiBPerSecondPerPace(1)
                .build());
        cert = dir.resolve("array.pem");
        Files.writeString(cert, sim.certificatePem(), StandardCharsets.US_ASCII);
        lockDir = dir.resolve("locks");
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        sim.close();
    }

    private List<String> connection() {
        return List.of("--url", sim.baseUrl().toString(), "--ca-cert", cert.toString(), "--user", USER,
                "--progress", "plain");
    }

    private List<String> create(String group, String pair, int pvol, int svol, Path state) {
        List<String> args = new ArrayList<>(List.of("create", "--copy-group-name", group, "--copy-pair-name", pair,
                "--pvol-ldev-id", String.valueOf(pvol), "--svol-ldev-id", String.valueOf(svol), "--copy-pace", "1",
                "--state-file", state.toString()));
        args.addAll(connection());
        return args;
    }

    /** The first command, in its own JVM, once it is waiting for its pair to reach PAIR (holding its locks). */
    private Process firstCommandHoldingItsPair(Path state) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                ShadowImageCli.class.getName()));
        cmd.addAll(create("CG", "p", 100, 101, state));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile());
        pb.environment().put("SHADOWIMAGE_PASSWORD", PASSWORD);
        pb.environment().put(FileLockStore.DIRECTORY_ENV, lockDir.toString());
        pb.environment().remove("SHADOWIMAGE_USER");
        Process p = pb.start();
        processes.add(p);
        Awaitility.await("the first command following the copy").atMost(Duration.ofSeconds(90))
                .until(() -> !p.isAlive() || (Files.exists(state) && Files.readString(state).contains("WAIT_STATUS")));
        assertThat(Files.readString(state)).as(Files.readString(dir.resolve("first.log"))).contains("WAIT_STATUS");
        return p;
    }

    private CliRunner second() {
        CliRunner cli = new CliRunner().password(PASSWORD);
        cli.env.put(FileLockStore.DIRECTORY_ENV, lockDir.toString());
        return cli;
    }

    @Test
    void aSecondCommandOnTheSameSvolWaitsNamingTheHolderAndSendsNothing() throws Exception {
        Process first = firstCommandHoldingItsPair(dir.resolve("first.state"));
        SimulatorAdmin admin = sim.admin();

        List<String> args = new ArrayList<>(create("OTHER", "q", 102, 101, dir.resolve("second.state")));
        args.addAll(List.of("--timeout", "2s"));
        CliRunner.Result r = second().run(args.toArray(String[]::new));

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(r.err()).contains("waiting: shadowimage create CG,", "(pid " + first.pid() + ", state file ",
                "nothing was sent to the array", "once the other command is done");
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).as("only the first create").isEqualTo(1);
        assertThat(first.isAlive()).isTrue();
    }

    @Test
    void withFailFastASecondCommandOnTheSamePairOrSvolExitsBusyAtOnceNamingTheHolderAndSendsNothing() throws Exception {
        Process first = firstCommandHoldingItsPair(dir.resolve("first.state"));
        SimulatorAdmin admin = sim.admin();
        admin.clearRequestLog();

        List<String> split = new ArrayList<>(List.of("split", "--copy-group-name", "CG", "--copy-pair-name", "p",
                "--fail-fast", "--state-file", dir.resolve("split.state").toString()));
        split.addAll(connection());
        CliRunner.Result samePair = second().run(split.toArray(String[]::new));
        List<String> create = new ArrayList<>(create("OTHER", "q", 102, 101, dir.resolve("second.state")));
        create.addAll(List.of("--fail-fast", "--json"));
        CliRunner.Result sameSvol = second().run(create.toArray(String[]::new));

        assertThat(samePair.code()).as(samePair.all()).isEqualTo(ExitCodes.BUSY);
        assertThat(samePair.err()).contains("shadowimage create CG,", "(pid " + first.pid() + ", state file ",
                "nothing was sent to the array", "once the other command is done").doesNotContain("waiting:");
        assertThat(sameSvol.code()).as(sameSvol.all()).isEqualTo(ExitCodes.BUSY);
        assertThat(sameSvol.out()).contains("\"exitCode\" : 6", "(pid " + first.pid() + ", state file ");
        assertThat(admin.requests()).as("requests of the busy commands").isEmpty();
        assertThat(first.isAlive()).isTrue();

        first.destroyForcibly(); // the holder dies: the same command now runs
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> again = new ArrayList<>(create("CG", "p", 100, 101, dir.resolve("again.state")));
        again.addAll(List.of("--fail-fast", "--wait-for", "accepted"));
        CliRunner.Result free = second().run(again.toArray(String[]::new));
        assertThat(free.code()).as(free.all()).isZero();
    }

    @Test
    void aKilledHolderFreesThePairForTheNextCommand() throws Exception {
        Path state = dir.resolve("first.state");
        Process first = firstCommandHoldingItsPair(state);
        first.destroyForcibly(); // SIGKILL: the process cannot let go of anything itself
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        List<String> args = new ArrayList<>(create("CG", "p", 100, 101, dir.resolve("again.state")));
        args.addAll(List.of("--wait-for", "accepted"));
        CliRunner.Result r = second().run(args.toArray(String[]::new));

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.err()).doesNotContain("waiting: shadowimage");
        assertThat(OperationLock.directory(Map.of(FileLockStore.DIRECTORY_ENV, lockDir.toString()))).isEqualTo(lockDir);
    }
}
