package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.awaitility.Awaitility;

/**
 * One state file, one driver, whatever path leads to it: while a {@code resume} process drives a state file,
 * a second process that reaches the same file through a symbolic link, a {@code ..} path, a hard link or a
 * bind mount is refused with a clear message and sends nothing; and the state file stays a single file behind
 * its link.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StateFileRealPathTest {
    private static final String PASSWORD = "RealPath-Pw-5";
    private static VspSimulator sim;
    private static SimulatorAdmin admin;
    private static int nextPair;

    @TempDir
    Path dir;

    private Path real;
    private Process first;
    private Path firstLog;

    @BeforeAll
    static void start() {
        sim = VspSimulator.start(SimulatorConfig.builder().port(0).https(false)
                .addUser("ops", PASSWORD, false)
                // Requests sent by the refused processes would show under this user.
                .addUser("second", PASSWORD, false)
                .addLdevRange(3100, 10, SimulatorConfig.GIB_BLOCKS)
                .timeScale(10)
                // 1 GiB at copyPace 1 in about 60 s of array time (6 s here).
                .copyRateMiBPerSecondPerPace(1024.0 / 60)
                .build());
        admin = sim.admin();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /**
     * An unfinished create in {@code dir/real/op.state}, and a resume process that holds it: it waits for its
     * password on standard input, after taking the lock and before its first rewrite of the file, so the
     * file stays the very same file (inode) for as long as a test needs.
     */
    @BeforeEach
    void firstProcessDrivesTheStateFile() throws Exception {
        Files.createDirectories(dir.resolve("real/sub"));
        real = dir.resolve("real/op.state");
        int n = nextPair++;
        admin.clearRequestLog();
        CliRunner interruptible = new CliRunner().password(PASSWORD);
        CompletableFuture<CliRunner.Result> run = CompletableFuture.supplyAsync(() -> {
            interruptible.interruption = Interruption.of(Thread.currentThread());
            return interruptible.run("create", "--url", sim.baseUrl().toString(), "--user", "ops", "--progress",
                    "plain", "--state-file", real.toString(), "--copy-pace", "1", "--copy-group-name", "RP" + n,
                    "--copy-pair-name", "p1", "--pvol-ldev-id", String.valueOf(3100 + 2 * n),
                    "--svol-ldev-id", String.valueOf(3101 + 2 * n));
        });
        awaitFile(real, "WAIT_STATUS", () -> run.isDone());
        interruptible.interruption.request();
        assertThat(run.get(60, TimeUnit.SECONDS).code()).isEqualTo(ExitCodes.INTERRUPTED);

        firstLog = dir.resolve("first.log");
        first = start(List.of(), List.of("resume", "--state-file", real.toString(), "--progress", "plain",
                "--password-file", "-"), firstLog);
        // Printed with the lock held.
        awaitFile(firstLog, "resuming create", () -> !first.isAlive());
        admin.clearRequestLog();
    }

    /** The first process gets its password and finishes the operation: once, in the one real file. */
    @AfterEach
    void firstProcessFinishes() throws Exception {
        if (first == null) {
            return;
        }
        try (var in = first.getOutputStream()) {
            in.write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(first.waitFor(90, TimeUnit.SECONDS)).as("first process ended").isTrue();
        assertThat(first.exitValue()).as(Files.readString(firstLog)).isZero();
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).as("create POSTs").isZero();
        assertThat(Files.readString(real)).contains("\"outcome\" : \"SUCCEEDED\"");
    }

    @Test
    void throughASymbolicLink() throws Exception {
        Path link = dir.resolve("link.state");
        Files.createSymbolicLink(link, real);
        assertRefused(List.of(), link, "another shadowimage process is working on state file " + real
                + " (given as " + link + ")");
        firstProcessFinishes();
        first = null;
        // The rewrites replaced the real file, not the link.
        assertThat(Files.isSymbolicLink(link)).as("still a link").isTrue();
        assertThat(Files.readString(link)).contains("\"outcome\" : \"SUCCEEDED\"");
        try (var names = Files.list(dir)) {
            assertThat(names.filter(p -> p.getFileName().toString().startsWith("link.state")))
                    .as("nothing next to the link").containsExactly(link);
        }
    }

    @Test
    void throughALinkedDirectoryAndDotDot() throws Exception {
        Path linkedDir = dir.resolve("alias");
        Files.createSymbolicLink(linkedDir, dir.resolve("real"));
        // alias/sub/.. is real/ in the file system; a textual normalisation would make it alias/.
        Path path = Path.of(linkedDir + "/sub/../op.state");
        assertRefused(List.of(), path, "another shadowimage process is working on state file " + real);
    }

    @Test
    void throughAHardLink() throws Exception {
        Path hard = dir.resolve("hard.state");
        Files.createLink(hard, real);
        assertRefused(List.of(), hard, "has 2 names (hard links)");
    }

    @Test
    void throughABindMount() throws Exception {
        assumeTrue(canBindMount(), "unshare -rm (a private mount namespace) is not available here");
        Path mountPoint = Files.createDirectories(dir.resolve("mnt"));
        List<String> inMountNamespace = List.of("unshare", "-rm", "sh", "-c",
                "mount --bind \"$0\" \"$1\" && shift && exec \"$@\"", dir.resolve("real").toString(),
                mountPoint.toString());
        assertRefused(inMountNamespace, mountPoint.resolve("op.state"),
                "another shadowimage process is working on state file " + mountPoint.resolve("op.state"));
    }

    private void assertRefused(List<String> launcher, Path path, String message) throws Exception {
        Path log = dir.resolve("second.log");
        Process second = start(launcher, List.of("resume", "--state-file", path.toString(), "--user", "second",
                "--progress", "plain"), log);
        assertThat(second.waitFor(90, TimeUnit.SECONDS)).as("second process ended").isTrue();
        String out = Files.readString(log);
        assertThat(second.exitValue()).as(out).isEqualTo(ExitCodes.USAGE);
        assertThat(out).contains(message);
        assertThat(admin.requests()).as("requests of the second process")
                .noneMatch(r -> "second".equals(r.userId()));
        assertThat(admin.requests()).as("requests while the first process holds the file").isEmpty();
        assertThat(first.isAlive()).as("the first process still holds it").isTrue();
    }

    private static boolean canBindMount() {
        try {
            Process p = new ProcessBuilder("unshare", "-rm", "true").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void awaitFile(Path file, String text, java.util.function.BooleanSupplier gaveUp)
            throws Exception {
        Awaitility.await(text + " in " + file).atMost(Duration.ofSeconds(90)).until(() -> gaveUp.getAsBoolean()
                || (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).contains(text)));
        assertThat(Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "").contains(text);
    }

    private static Process start(List<String> launcher, List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ShadowImageCli.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SHADOWIMAGE_PASSWORD", PASSWORD);
        pb.environment().remove("SHADOWIMAGE_USER");
        return pb.start();
    }
}
