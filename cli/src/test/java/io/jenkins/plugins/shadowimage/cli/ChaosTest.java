package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.awaitility.Awaitility;

/**
 * kill -9 chaos: real {@code shadowimage} processes run create (to PAIR) and split against a simulated
 * array with realistic, time-scaled job and copy latencies; each is SIGKILLed at a random moment and
 * then finished with {@code shadowimage resume}. After every run: the pair is in the intended status,
 * exactly one pair and one copy group exist for it, the non-idempotent request (create POST, split
 * invoke) reached the array exactly once, and no secret is in the state file. At the end every session
 * the killed processes left behind has expired (short aliveTime). A summary goes to
 * target/chaos-summary.json (the figures in docs/reliability.md come from it).
 *
 * <p>Runs: {@code -Dchaos.runs=N} (default 24, half create and half split); seed: {@code -Dchaos.seed=S}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ChaosTest {
    private static final String USER = "chaos";
    private static final String PASSWORD = "Chaos-Pw-7f3a91";
    /** Simulated seconds per real second: a 30 s job-and-copy becomes 3 s. */
    private static final double TIME_SCALE = 10;
    private static final Duration ALIVE_TIME = Duration.ofSeconds(4);
    private static final int FIRST_LDEV = 1000;

    private static VspSimulator sim;
    private static Path certFile;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startSimulator() throws IOException {
        int pairs = Integer.getInteger("chaos.runs", 24) / 2 + 2;
        sim = VspSimulator.start(SimulatorConfig.builder()
                .port(0).https(true)
                .addUser(USER, PASSWORD, false)
                .addLdevRange(FIRST_LDEV, 2 * pairs, SimulatorConfig.GIB_BLOCKS)
                .timeScale(TIME_SCALE)
                // Array time: jobs take 1-4 s, the initial copy of 1 GiB at copyPace 3 about 30 s,
                // a steady split flushes 10 % of the volume first.
                .jobDuration(Duration.ofSeconds(1), Duration.ofSeconds(4))
                .copyRateMiBPerSecondPerPace(1024.0 / 30 / 3)
                .splitDifferentialPercent(10)
                .build());
        certFile = dir.resolve("array.pem");
        Files.writeString(certFile, sim.certificatePem(), StandardCharsets.US_ASCII);
    }

    @AfterAll
    static void stopSimulator() {
        if (sim != null) {
            sim.close();
        }
    }

    record Run(int index, String operation, String pair, long killDelayMs, String killPhase, boolean exitedBeforeKill,
            String recovery, int recoveryExitCode, String finalPvolStatus, String finalSvolStatus, long createPosts,
            long splitInvokes, long deletes, long wallMs) {
    }

    @Test
    void killNineAtRandomMomentsThenResume() throws Exception {
        int runs = Integer.getInteger("chaos.runs", 24);
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        Random random = new Random(seed);
        SimulatorAdmin admin = sim.admin();
        List<Run> results = new ArrayList<>();
        Instant started = Instant.now();
        int maxOpenSessions = 0;

        for (int i = 0; i < runs; i++) {
            boolean create = i % 2 == 0;
            int pairIndex = i / 2;
            String group = "CHAOS_" + pairIndex;
            String pair = "p" + pairIndex;
            int pvol = FIRST_LDEV + 2 * pairIndex;
            Path state = dir.resolve("run-" + i + ".state");
            List<String> args = new ArrayList<>(List.of(create ? "create" : "split",
                    "--url", sim.baseUrl().toString(), "--ca-cert", certFile.toString(), "--user", USER,
                    "--copy-group-name", group, "--copy-pair-name", pair,
                    "--state-file", state.toString(), "--session-alive-time", ALIVE_TIME.toSeconds() + "s",
                    "--progress", "plain"));
            if (create) {
                args.addAll(List.of("--pvol-ldev-id", String.valueOf(pvol), "--svol-ldev-id", String.valueOf(pvol + 1)));
            }
            admin.clearRequestLog();
            long t0 = System.nanoTime();

            // 1. start the operation and SIGKILL it at a random moment once it has begun (its state file exists)
            Process p = start(args, dir.resolve("run-" + i + ".log"));
            waitForFileOrExit(state, p, Duration.ofSeconds(60));
            // Half of the kills land in the first 0.6 s (checking, submitting: where a duplicate create could
            // arise), the rest anywhere in the operation's usual duration.
            long window = random.nextBoolean() ? 600 : create ? 4500 : 1500;
            long delay = (long) (random.nextDouble() * window);
            boolean exitedBeforeKill = !p.isAlive() || p.waitFor(delay, TimeUnit.MILLISECONDS);
            p.destroyForcibly(); // SIGKILL on Linux
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String killPhase = exitedBeforeKill ? "EXITED" : phaseOf(state);
            maxOpenSessions = Math.max(maxOpenSessions, admin.openSessionCount());

            // 2. finish it the way a user would
            String recovery;
            int code;
            Path recoveryLog = dir.resolve("run-" + i + "-resume.log");
            if (Files.exists(state)) {
                recovery = "resume";
                code = start(List.of("resume", "--state-file", state.toString(), "--session-alive-time",
                        ALIVE_TIME.toSeconds() + "s", "--progress", "plain"), recoveryLog).waitFor();
            } else {
                recovery = "rerun";
                code = start(args, recoveryLog).waitFor();
            }
            String log = Files.readString(recoveryLog);
            assertThat(code).as("run %d (%s killed in %s): %s exit code; log:%n%s", i, args.get(0), killPhase,
                    recovery, log).isZero();

            // 3. the array is exactly as intended
            List<SimulatorAdmin.PairInfo> inGroup = admin.pairs().stream()
                    .filter(x -> x.copyGroupName().equals(group)).toList();
            assertThat(inGroup).as("pairs of %s after run %d", group, i).hasSize(1);
            SimulatorAdmin.PairInfo info = inGroup.get(0);
            assertThat(info.pvolLdevId()).isEqualTo(pvol);
            assertThat(info.pvolStatus()).as("run %d P-VOL status", i).isEqualTo(create ? "PAIR" : "PSUS");
            assertThat(info.svolStatus()).as("run %d S-VOL status", i).isEqualTo(create ? "PAIR" : "SSUS");
            assertThat(admin.copyGroups().stream().filter(g -> g.copyGroupName().startsWith("CHAOS_")).count())
                    .as("copy groups after run %d (no stray group)", i).isEqualTo(pairIndex + 1);
            assertThat(admin.pairs()).as("pairs after run %d", i).hasSize(pairIndex + 1);

            // 4. no non-idempotent request was sent twice (the log was cleared before the run)
            long posts = admin.requestCount("POST", "/local-clone-copypairs$");
            long splits = admin.requestCount("POST", "/actions/split/invoke$")
                    + admin.requestCount("PUT", "/actions/split/invoke$");
            long deletes = admin.requestCount("DELETE", "/local-clone-copy(pairs|groups)/");
            assertThat(posts).as("create POSTs in run %d", i).isEqualTo(create ? 1 : 0);
            assertThat(splits).as("split invokes in run %d", i).isEqualTo(create ? 0 : 1);
            assertThat(deletes).as("deletes in run %d", i).isZero();

            // 5. no secret on disk or in the output
            assertThat(Files.readString(state)).doesNotContain(PASSWORD);
            assertThat(log).doesNotContain(PASSWORD);
            // HttpClient's SLF4J has a binding (slf4j-nop): no "no binding" warning among the user's output.
            assertThat(log).doesNotContain("SLF4J");

            results.add(new Run(i, args.get(0), group + "/" + pair, delay, killPhase, exitedBeforeKill, recovery, code,
                    info.pvolStatus(), info.svolStatus(), posts, splits, deletes,
                    Duration.ofNanos(System.nanoTime() - t0).toMillis()));
        }

        // 6. the sessions of the killed processes expire after aliveTime; nothing else is left open
        long deadline = System.nanoTime() + ALIVE_TIME.plusSeconds(30).toNanos();
        while (admin.openSessionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        int openAtEnd = admin.openSessionCount();
        writeSummary(results, seed, maxOpenSessions, openAtEnd, Duration.between(started, Instant.now()));
        assertThat(openAtEnd).as("open sessions once aliveTime has passed").isZero();
        assertThat(results).hasSize(runs);
    }

    @Test
    void ctrlCInARealProcessDiscardsTheSessionExits130AndResumes() throws Exception {
        SimulatorAdmin admin = sim.admin();
        // Its own LDEVs, beyond those of the kill -9 runs.
        int pvol = FIRST_LDEV + 2 * (Integer.getInteger("chaos.runs", 24) / 2);
        Path state = dir.resolve("sigint.state");
        Path log = dir.resolve("sigint.log");
        admin.clearRequestLog();
        List<String> args = List.of("create", "--url", sim.baseUrl().toString(), "--ca-cert", certFile.toString(),
                "--user", USER, "--copy-group-name", "SIGINT", "--copy-pair-name", "p", "--pvol-ldev-id",
                String.valueOf(pvol), "--svol-ldev-id", String.valueOf(pvol + 1), "--copy-pace", "1",
                "--state-file", state.toString(), "--session-alive-time", "300s", "--progress", "plain");
        List<String> launcher = sigintDefaultLauncher();
        Process p = start(launcher, args, log);
        Awaitility.await("the create following the copy").atMost(Duration.ofSeconds(60))
                .until(() -> !p.isAlive() || (Files.exists(state) && Files.readString(state).contains("WAIT_STATUS")));
        assertThat(Files.readString(state)).contains("WAIT_STATUS");
        assertThat(sigintIgnored(Path.of("/proc", String.valueOf(p.pid()), "status")))
                .as("SIGINT is ignored in the CLI process (launcher %s)", launcher).isFalse();
        // What Ctrl-C does: SIGINT to the process.
        assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor()).isZero();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(out).contains("session was discarded", "shadowimage resume --state-file").doesNotContain("SLF4J");
        // aliveTime is 300 s, so no open session means it was discarded, not expired.
        assertThat(admin.openSessions()).noneMatch(s -> s.userId().equals(USER) && s.aliveTimeSeconds() == 300);
        assertThat(Files.readString(state)).doesNotContain("\"outcome\"").doesNotContain(PASSWORD);

        Process resume = start(List.of("resume", "--state-file", state.toString(), "--progress", "plain"),
                dir.resolve("sigint-resume.log"));
        assertThat(resume.waitFor()).as(Files.readString(dir.resolve("sigint-resume.log"))).isZero();
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).as("create POSTs").isEqualTo(1);
        assertThat(admin.pairs().stream().filter(x -> x.copyGroupName().equals("SIGINT")).toList())
                .singleElement().satisfies(x -> assertThat(x.pvolStatus()).isEqualTo("PAIR"));
    }

    private static Process start(List<String> args, Path log) throws IOException {
        return start(List.of(), args, log);
    }

    /**
     * The command prefix that starts the CLI with SIGINT at its default disposition, the way a shell starts a
     * command typed at a terminal. A non-interactive shell starts background jobs ({@code nohup mvn ... &}, some
     * CI runners) with SIGINT ignored; an ignored signal stays ignored across fork and exec, so the forked test
     * JVM and its CLI children would inherit it, the CLI JVM would install no Ctrl-C handler, and {@code kill
     * -INT} would do nothing. perl resets SIGINT and execs java in the same process (same pid).
     */
    private static List<String> sigintDefaultLauncher() throws IOException, InterruptedException {
        if (perlAvailable()) {
            return List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\"", "--");
        }
        // Without perl the CLI inherits this JVM's disposition: fine unless SIGINT is ignored here.
        assumeFalse(sigintIgnored(Path.of("/proc/self/status")),
                "SIGINT is ignored in this test JVM (started from a background job?) and perl, needed to reset it"
                        + " for the CLI process, is not installed: a real Ctrl-C cannot be tested here");
        return List.of();
    }

    private static boolean perlAvailable() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("perl", "-e", "exit 0").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException notInstalled) {
            return false;
        }
    }

    /** Whether the SigIgn mask in a /proc/PID/status file has SIGINT (2) set; false where there is no /proc. */
    private static boolean sigintIgnored(Path procStatus) throws IOException {
        if (!Files.isReadable(procStatus)) {
            return false;
        }
        for (String line : Files.readAllLines(procStatus, StandardCharsets.US_ASCII)) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (mask & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }

    private static Process start(List<String> launcher, List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Quick start-up on a loaded machine; the CLI does little computing.
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ShadowImageCli.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SHADOWIMAGE_PASSWORD", PASSWORD);
        pb.environment().remove("SHADOWIMAGE_USER");
        return pb.start();
    }

    private static void waitForFileOrExit(Path file, Process p, Duration max) throws InterruptedException {
        long until = System.nanoTime() + max.toNanos();
        while (!Files.exists(file) && p.isAlive() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }

    /** The phase recorded in the state file at the moment of the kill. */
    private static String phaseOf(Path state) throws IOException {
        if (!Files.exists(state)) {
            return "NO_STATE_FILE";
        }
        JsonNode s = new ObjectMapper().readTree(state.toFile());
        String phase = s.path("summary").path("phase").asText("?");
        if ("SUBMIT".equals(phase) && s.path("summary").path("submitAttempts").asInt(0) > 0) {
            return "SUBMIT_SENT";
        }
        return phase;
    }

    private static void writeSummary(List<Run> runs, long seed, int maxOpen, int openAtEnd, Duration took)
            throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("generatedAt", Instant.now().toString());
        doc.put("seed", seed);
        doc.put("runs", runs.size());
        doc.put("timeScale", TIME_SCALE);
        doc.put("sessionAliveTimeSeconds", ALIVE_TIME.toSeconds());
        Map<String, Map<String, Integer>> byPhase = new TreeMap<>();
        Map<String, Integer> recoveries = new TreeMap<>();
        int ok = 0;
        for (Run r : runs) {
            byPhase.computeIfAbsent(r.operation(), k -> new TreeMap<>()).merge(r.killPhase(), 1, Integer::sum);
            recoveries.merge(r.recovery() + " -> exit " + r.recoveryExitCode(), 1, Integer::sum);
            boolean intended = r.operation().equals("create") ? "PAIR".equals(r.finalPvolStatus())
                    : "PSUS".equals(r.finalPvolStatus());
            if (intended && r.recoveryExitCode() == 0 && r.createPosts() + r.splitInvokes() == 1 && r.deletes() == 0) {
                ok++;
            }
        }
        doc.put("killPhasesByOperation", byPhase);
        doc.put("recoveries", recoveries);
        doc.put("runsEndingInIntendedStatusWithOneSubmission", ok);
        doc.put("maxOpenSessionsRightAfterAKill", maxOpen);
        doc.put("openSessionsAfterAliveTime", openAtEnd);
        doc.put("wallSeconds", took.toMillis() / 1000.0);
        doc.put("details", runs);
        Path out = Path.of(System.getProperty("shadowimage.reportDir", "target"), "chaos-summary.json");
        Files.createDirectories(out.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(new File(out.toString()), doc);
    }
}
