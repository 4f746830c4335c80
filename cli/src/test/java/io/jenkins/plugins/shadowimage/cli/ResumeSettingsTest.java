package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.awaitility.Awaitility;

/**
 * {@code resume} connects the way the original command did (alive time, timeouts, URL form, storage device id,
 * trust), from the state file; options on its own command line override the file. And a state file written
 * before the file kept all of them (the golden file) still resumes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ResumeSettingsTest {
    private static final String PASSWORD = "Resume-Pw-31";
    private static VspSimulator sim;
    private static SimulatorAdmin admin;
    private static Path cert;
    private static int nextLdev = 3000;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        sim = VspSimulator.start(SimulatorConfig.builder().port(0).https(true)
                .addUser("ops", PASSWORD, false)
                .addLdevRange(3000, 20, SimulatorConfig.GIB_BLOCKS)
                .timeScale(10)
                // 1 GiB at copyPace 1 in about 60 s of array time (6 s here): time to stop and resume it.
                .copyRateMiBPerSecondPerPace(1024.0 / 60)
                .build());
        admin = sim.admin();
        cert = dir.resolve("array.pem");
        Files.writeString(cert, sim.certificatePem(), StandardCharsets.US_ASCII);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static synchronized int ldevs() {
        int l = nextLdev;
        nextLdev += 2;
        return l;
    }

    /** A create through the REST-server URL form with every connection option, stopped while it waits for PAIR. */
    private static Path stoppedCreate(String group) throws Exception {
        int ldev = ldevs();
        Path state = dir.resolve(group + ".state");
        CliRunner interruptible = new CliRunner().password(PASSWORD);
        CompletableFuture<CliRunner.Result> run = CompletableFuture.supplyAsync(() -> {
            interruptible.interruption = Interruption.of(Thread.currentThread());
            return interruptible.run("create", "--url", sim.baseUrl().toString(), "--url-form", "rest-server",
                    "--storage-device-id", sim.storageDeviceId(), "--ca-cert", cert.toString(), "--user", "ops",
                    "--session-alive-time", "45s", "--connect-timeout", "7s", "--read-timeout", "50s",
                    "--progress", "plain", "--state-file", state.toString(), "--copy-pace", "1",
                    "--copy-group-name", group, "--copy-pair-name", "p1",
                    "--pvol-ldev-id", String.valueOf(ldev), "--svol-ldev-id", String.valueOf(ldev + 1));
        });
        awaitStateContains(state, "WAIT_STATUS", run);
        interruptible.interruption.request();
        CliRunner.Result r = run.get(60, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.INTERRUPTED);
        return state;
    }

    private static void awaitStateContains(Path state, String text, CompletableFuture<?> run) throws Exception {
        Awaitility.await(text + " in the state file").atMost(Duration.ofSeconds(60))
                .until(() -> run.isDone() || (Files.exists(state) && Files.readString(state).contains(text)));
        assertThat(Files.readString(state)).contains(text);
    }

    /** Runs {@code args} and collects the aliveTime of every session the array sees open meanwhile. */
    private static Result resumeWatchingSessions(String... args) throws Exception {
        Set<Integer> aliveTimes = ConcurrentHashMap.newKeySet();
        CliRunner cli = new CliRunner().password(PASSWORD);
        CompletableFuture<CliRunner.Result> run = CompletableFuture.supplyAsync(() -> cli.run(args));
        while (!run.isDone()) {
            for (SimulatorAdmin.SessionInfo s : admin.openSessions()) {
                if (s.userId().equals("ops")) {
                    aliveTimes.add(s.aliveTimeSeconds());
                }
            }
            Thread.sleep(5);
        }
        return new Result(run.get(), aliveTimes);
    }

    private record Result(CliRunner.Result cli, Set<Integer> aliveTimes) {
    }

    @Test
    void resumeConnectsWithTheOriginalCommandsSettings() throws Exception {
        Path state = stoppedCreate("RS_1");
        JsonNode connection = new ObjectMapper().readTree(state.toFile()).path("connection");
        assertThat(connection.path("sessionAliveTime").asText()).isEqualTo("PT45S");
        assertThat(connection.path("connectTimeout").asText()).isEqualTo("PT7S");
        assertThat(connection.path("readTimeout").asText()).isEqualTo("PT50S");
        assertThat(connection.path("urlForm").asText()).isEqualTo("REST_SERVER");
        assertThat(connection.path("storageDeviceId").asText()).isEqualTo(sim.storageDeviceId());
        assertThat(Files.readString(state)).doesNotContain(PASSWORD);

        // Each step holds its session a little longer, so that every one of them is seen open.
        admin.setRequestLatency(Duration.ofMillis(100), Duration.ofMillis(100));
        admin.clearRequestLog();
        Result r;
        try {
            r = resumeWatchingSessions("resume", "--state-file", state.toString(), "--progress", "plain");
        } finally {
            admin.setRequestLatency(Duration.ZERO, Duration.ZERO);
        }
        assertThat(r.cli().code()).as(r.cli().all()).isZero();
        assertThat(r.cli().out()).contains("PAIR");
        // A killed resume leaves its session on the array for the operator's 45 s, not the default 120 s.
        assertThat(r.aliveTimes()).as("aliveTime of the sessions resume opened").containsExactly(45);
        // The REST-server form with the storage device id from the file (the embedded form has no /storages/).
        assertThat(admin.requests()).isNotEmpty()
                .allSatisfy(q -> assertThat(q.path()).satisfiesAnyOf(
                        p -> assertThat(p).contains("/storages/" + sim.storageDeviceId() + "/"),
                        p -> assertThat(p).endsWith("/configuration/version")));
        assertThat(new ObjectMapper().readTree(state.toFile()).path("connection").path("sessionAliveTime").asText())
                .as("kept for the next resume").isEqualTo("PT45S");
        assertThat(admin.openSessionCount()).isZero();
    }

    @Test
    void optionsGivenToResumeOverrideTheStateFile() throws Exception {
        Path state = stoppedCreate("RS_2");
        admin.setRequestLatency(Duration.ofMillis(100), Duration.ofMillis(100));
        Result r;
        try {
            r = resumeWatchingSessions("resume", "--state-file", state.toString(), "--progress", "plain",
                    "--session-alive-time", "20s");
        } finally {
            admin.setRequestLatency(Duration.ZERO, Duration.ZERO);
        }
        assertThat(r.cli().code()).as(r.cli().all()).isZero();
        assertThat(r.aliveTimes()).containsExactly(20);
    }

    @Test
    void anExplicitUrlFormOnResumeOverridesTheStateFile() throws Exception {
        Path state = stoppedCreate("RS_3");
        String saved = Files.readString(state);
        // The operation is bound to the array as the REST-server form names it; the embedded form is another
        // address, so it is refused: proof that the option given to resume was used. The file keeps what works.
        admin.clearRequestLog();
        CliRunner.Result r = new CliRunner().password(PASSWORD).run("resume", "--state-file", state.toString(),
                "--url-form", "embedded", "--progress", "plain");
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("was started on " + sim.baseUrl().getScheme() + "://127.0.0.1:"
                + sim.baseUrl().getPort() + "/" + sim.storageDeviceId(), "resume it without --url");
        assertThat(admin.requests()).isEmpty();
        assertThat(Files.readString(state)).isEqualTo(saved);
        r = new CliRunner().password(PASSWORD).run("resume", "--state-file", state.toString(), "--progress", "plain");
        assertThat(r.code()).as(r.all()).isZero();
    }

    /**
     * The golden file was written by the CLI before the state file kept the alive time and the timeouts. It
     * names https://127.0.0.1:23999 and trusts its own test certificate, so an array is served there with it.
     */
    @Test
    void aStateFileOfTheFirstFormatStillResumes() throws Exception {
        Path golden = resource("golden/create-submit-format1.state");
        Path state = dir.resolve("golden.state");
        Files.copy(golden, state);
        try (VspSimulator goldenArray = VspSimulator.start(SimulatorConfig.builder().port(23999).https(true)
                .tls(new SimulatorConfig.Tls.Pem(resource("golden/golden-array.pem"), resource("golden/golden-array.key")))
                .build())) {
            SimulatorAdmin a = goldenArray.admin();
            Set<Integer> aliveTimes = ConcurrentHashMap.newKeySet();
            a.setRequestLatency(Duration.ofMillis(50), Duration.ofMillis(50));
            CliRunner cli = new CliRunner().password("pass1");
            CompletableFuture<CliRunner.Result> run = CompletableFuture.supplyAsync(
                    () -> cli.run("resume", "--state-file", state.toString(), "--progress", "plain"));
            while (!run.isDone()) {
                a.openSessions().forEach(s -> aliveTimes.add(s.aliveTimeSeconds()));
                Thread.sleep(5);
            }
            CliRunner.Result r = run.get();
            assertThat(r.code()).as(r.all()).isZero();
            assertThat(r.out()).contains("resuming create of GOLD,GOLDP_,GOLDS_,p1 from phase SUBMIT", "PAIR");
            assertThat(a.requestCount("POST", "/local-clone-copypairs$")).as("create POSTs").isEqualTo(1);
            assertThat(a.pairs()).singleElement().satisfies(p -> assertThat(p.pvolLdevId()).isEqualTo(100));
            // No alive time in the file: the default, as when it was written.
            assertThat(aliveTimes).containsExactly(120);
            assertThat(Files.readString(state)).contains("\"outcome\" : \"SUCCEEDED\"");
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ResumeSettingsTest.class.getClassLoader().getResource(name).toURI());
    }

}
