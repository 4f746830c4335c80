package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.awaitility.Awaitility;

/** The commands end to end, in-process, against a simulated array over HTTPS on loopback. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CliIntegrationTest {
    private static final String PASSWORD = "Integration-Pw-42";
    private static int nextLdev = 2000;
    private static int nextGroup;

    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(
            CliSimulator.config(PASSWORD, 2000, 40, 10)
            .jobDuration(Duration.ofMillis(500), Duration.ofSeconds(2))).keepStateBetweenTests();

    @TempDir
    static Path dir;

    private final CliRunner cli = new CliRunner().password(PASSWORD);
    private SimulatorAdmin admin;

    @BeforeEach
    void admin() {
        admin = SIM.admin();
        admin.clearFaults();
    }

    private static List<String> conn(String... more) {
        List<String> l = CliSimulator.connection(SIM, "--progress", "plain", "--session-alive-time", "30s");
        l.addAll(List.of(more));
        return l;
    }

    private static String[] args(String command, List<String> conn, String... more) {
        List<String> l = new ArrayList<>();
        l.add(command);
        l.addAll(conn);
        l.addAll(List.of(more));
        return l.toArray(String[]::new);
    }

    /** A fresh group, pair and LDEV couple per test. */
    private record Names(String group, String pair, int pvol, int svol) {
        String[] create(String... more) {
            List<String> l = new ArrayList<>(List.of("--copy-group-name", group, "--copy-pair-name", pair,
                    "--pvol-ldev-id", String.valueOf(pvol), "--svol-ldev-id", String.valueOf(svol)));
            l.addAll(List.of(more));
            return l.toArray(String[]::new);
        }

        String[] pairArgs(String... more) {
            List<String> l = new ArrayList<>(List.of("--copy-group-name", group, "--copy-pair-name", pair));
            l.addAll(List.of(more));
            return l.toArray(String[]::new);
        }
    }

    private static synchronized Names names() {
        int g = nextGroup++;
        int l = nextLdev;
        nextLdev += 2;
        return new Names("IT_" + g, "p" + g, l, l + 1);
    }

    private static String[] join(String[] a, String... b) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(b));
        return l.toArray(String[]::new);
    }

    @Test
    void createSplitStatusWithJsonAndAStateFile() throws Exception {
        Names n = names();
        Path state = dir.resolve(n.group() + ".state");
        CliRunner.Result r = cli.run(join(args("create", conn("--json", "--state-file", state.toString())), n.create()));
        assertThat(r.code()).as(r.all()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("exitCode").asInt()).isZero();
        assertThat(doc.path("result").path("pvolStatus").asText()).isEqualTo("PAIR");
        assertThat(doc.path("result").path("outcome").asText()).isEqualTo("CREATED");
        assertThat(r.err()).contains("COPY");

        String saved = Files.readString(state);
        assertThat(saved).contains("\"outcome\" : \"SUCCEEDED\"", "\"phase\" : \"DONE\"").doesNotContain(PASSWORD);

        // Resuming a finished operation reports it again and changes nothing.
        admin.clearRequestLog();
        r = cli.run(args("resume", List.of("--state-file", state.toString())));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("had already finished", "PAIR");
        assertThat(admin.requestCount("*", ".*")).isZero();

        // A finished state file may be reused for the next operation.
        r = cli.run(join(args("split", conn("--state-file", state.toString())), n.pairArgs()));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("PSUS", "SSUS");

        r = cli.run(join(args("status", conn("--json")), "--copy-group-name", n.group()));
        assertThat(r.code()).as(r.all()).isZero();
        JsonNode pairs = new ObjectMapper().readTree(r.out()).path("pairs");
        assertThat(pairs).hasSize(1);
        assertThat(pairs.get(0).path("svolStatus").asText()).isEqualTo("SSUS");

        r = cli.run(join(args("resync", conn()), n.pairArgs()));
        assertThat(r.code()).as(r.all()).isZero();
        r = cli.run(join(args("delete", conn()), n.pairArgs()));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(admin.pairs()).noneMatch(p -> p.copyGroupName().equals(n.group()));
        assertThat(admin.openSessionCount()).isZero();
    }

    @Test
    void aSplitThatFindsThePairSplitSaysSoAndGivesNoFreezeTimeOfItsOwn() throws Exception {
        Names n = names();
        assertThat(cli.run(join(args("create", conn()), n.create())).code()).isZero();
        // create --auto-split over the identical pair in PAIR goes on to split it
        CliRunner.Result r = cli.run(join(args("create", conn("--json")), n.create("--auto-split")));
        assertThat(r.code()).as(r.all()).isZero();
        JsonNode created = new ObjectMapper().readTree(r.out()).path("result");
        assertThat(created.path("outcome").asText()).isEqualTo("ALREADY_EXISTS_THEN_SPLIT");
        assertThat(created.path("pvolStatus").asText() + "/" + created.path("svolStatus").asText()).isEqualTo("PSUS/SSUS");
        assertThat(created.path("statusObservedAt").has("PSUS")).isTrue();
        assertThat(created.has("alreadySplit")).isFalse();

        r = cli.run(join(args("split", conn("--json")), n.pairArgs()));
        assertThat(r.code()).as(r.all()).isZero();
        JsonNode again = new ObjectMapper().readTree(r.out()).path("result");
        assertThat(again.path("outcome").asText()).isEqualTo("ALREADY_SPLIT");
        assertThat(again.path("alreadySplit").asBoolean()).isTrue();
        assertThat(again.path("splitNotLaterThan").asText()).isNotEmpty();
        assertThat(again.path("statusObservedAt").has("PSUS")).isFalse();

        r = cli.run(join(args("split", conn()), n.pairArgs()));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("ALREADY_SPLIT", "split before this run (not later than ");

        // a group split: the member split before is named, the other one is split now
        Names m = names();
        assertThat(cli.run(join(args("create", conn()), "--copy-group-name", n.group(), "--copy-pair-name", m.pair(),
                "--pvol-ldev-id", String.valueOf(m.pvol()), "--svol-ldev-id", String.valueOf(m.svol()))).code()).isZero();
        r = cli.run(join(args("split", conn()), "--copy-group-name", n.group()));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("split before this run (not later than ").contains("not by it: " + n.pair());
        assertThat(admin.openSessionCount()).isZero();
    }

    @Test
    void invalidInputIsRejectedBeforeAnyRequest() {
        Names n = names();
        admin.clearRequestLog();
        CliRunner.Result r = cli.run(join(args("create", conn()), n.create("--copy-pace", "16")));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("copyPace must be 1-15");
        r = cli.run(join(args("create", conn()), "--copy-group-name", "bad name", "--copy-pair-name", "p",
                "--pvol-ldev-id", "1", "--svol-ldev-id", "1"));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("copyGroupName", "pvolLdevId and svolLdevId must differ");
        assertThat(admin.requestCount("*", ".*")).isZero();
    }

    @Test
    void anUntrustedCertificateIsAConnectionFailure() {
        List<String> noCa = List.of("--url", SIM.baseUrl().toString(), "--user", "ops", "--progress", "plain");
        CliRunner.Result r = cli.run(join(args("status", noCa), "--copy-group-name", "X"));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.CONNECTION);
    }

    @Test
    void insecureWorksButWarnsLoudly() {
        List<String> insecure = List.of("--url", SIM.baseUrl().toString(), "--user", "ops", "--insecure",
                "--progress", "plain");
        CliRunner.Result r = cli.run(join(args("status", insecure), "--copy-group-name", "NONE"));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.err()).contains("WARNING: --insecure", "NOT verified", "--ca-cert");
    }

    @Test
    void aWrongPasswordIsRejectedAndNotEchoed() {
        CliRunner.Result r = new CliRunner().password("Wrong-Pw-99").run(join(args("status", conn()),
                "--copy-group-name", "X", "--copy-pair-name", "p"));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.err()).contains("KART40047-E");
        assertThat(r.all()).doesNotContain("Wrong-Pw-99");
    }

    @Test
    void arrayRejectionsCarryTheMessageIdAndSsbCodes() {
        Names n = names();
        assertThat(cli.run(join(args("create", conn()), n.create())).code()).isZero();
        admin.failNextJobs(1, "KART30000-E", "2E31", "9A01");
        CliRunner.Result r = cli.run(join(args("split", conn("--json")), n.pairArgs()));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.err()).contains("KART30000-E", "2E31", "9A01");
        assertThat(r.out()).contains("\"messageId\" : \"KART30000-E\"", "\"ssb1\" : \"2E31\"");
    }

    @Test
    void jobErrorsShowSolutionTypeDetailCodeAndErrorSource() {
        Names n = names();
        assertThat(cli.run(join(args("create", conn()), n.create())).code()).isZero();
        admin.failNextJobs(1, "KART30000-E", "2E31", "9A01");
        CliRunner.Result r = cli.run(join(args("split", conn("--json")), n.pairArgs()));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.err()).contains("solutionType SEE_ERROR_DETAIL", "detailCode 30000E-2-2E31-9A01", "errorSource /");
        assertThat(r.out()).contains("\"solutionType\" : \"SEE_ERROR_DETAIL\"",
                "\"detailCode\" : \"30000E-2-2E31-9A01\"", "\"errorSource\" : \"/ConfigurationManager/");
    }

    @Test
    void theLdevGuardRefusesToSplitTheWrongPair() {
        Names n = names();
        assertThat(cli.run(join(args("create", conn()), n.create())).code()).isZero();
        admin.clearRequestLog();
        CliRunner.Result r = cli.run(join(args("split", conn()), n.pairArgs("--pvol-ldev-id", String.valueOf(n.svol()))));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.err()).contains("nothing was changed");
        assertThat(admin.requestCount("POST", "/actions/split/invoke$")).isZero();
        r = cli.run(join(args("split", conn()), n.pairArgs("--pvol-ldev-id", String.valueOf(n.pvol()),
                "--svol-ldev-id", String.valueOf(n.svol()))));
        assertThat(r.code()).as(r.all()).isZero();
    }

    @Test
    void theLdevGuardOfStatusRejectsAPairWithOtherVolumes() {
        Names n = names();
        assertThat(cli.run(join(args("create", conn()), n.create())).code()).isZero();
        CliRunner.Result r = cli.run(join(args("status", conn()), n.pairArgs("--svol-ldev-id", String.valueOf(n.svol() + 100))));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.err()).contains("not the requested", "S-VOL " + (n.svol() + 100));
        r = cli.run(join(args("status", conn()), n.pairArgs("--pvol-ldev-id", String.valueOf(n.pvol()),
                "--svol-ldev-id", String.valueOf(n.svol()))));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("PAIR");
    }

    @Test
    void aTimeoutEndsWithExitCode4AndResumeKeepsWaitingForTheSameJob() throws Exception {
        Names n = names();
        Path state = dir.resolve(n.group() + ".state");
        admin.clearRequestLog();
        admin.slowNextJobs(1, Duration.ofSeconds(40)); // 4 s here
        CliRunner.Result r = cli.run(join(args("create", conn("--state-file", state.toString())),
                n.create("--timeout", "1s")));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(r.err()).contains("shadowimage resume --state-file", "--timeout");
        assertThat(Files.readString(state)).contains("\"outcome\" : \"FAILED\"", "TIMEOUT");

        r = cli.run(args("resume", List.of("--state-file", state.toString(), "--timeout", "2m", "--progress", "plain")));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("PAIR");
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).as("create POSTs").isEqualTo(1);
        assertThat(Files.readString(state)).contains("\"outcome\" : \"SUCCEEDED\"");
    }

    @Test
    void aRejectedOperationIsReportedAgainByResumeWithoutContactingTheArray() {
        Names n = names();
        Path state = dir.resolve(n.group() + ".state");
        CliRunner.Result r = cli.run(join(args("restore", conn("--state-file", state.toString())), n.pairArgs()));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.REJECTED);
        admin.clearRequestLog();
        r = cli.run(args("resume", List.of("--state-file", state.toString())));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.err()).contains("had already failed", "does not exist");
        assertThat(admin.requestCount("*", ".*")).isZero();
    }

    @Test
    void ctrlCStopsWaitingDiscardsTheSessionAndLeavesAResumableStateFile() throws Exception {
        Names n = names();
        Path state = dir.resolve(n.group() + ".state");
        admin.clearRequestLog();
        AtomicReference<Thread> worker = new AtomicReference<>();
        CliRunner interruptible = new CliRunner().password(PASSWORD);
        CompletableFuture<CliRunner.Result> run = CompletableFuture.supplyAsync(() -> {
            worker.set(Thread.currentThread());
            interruptible.interruption = Interruption.of(Thread.currentThread());
            return interruptible.run(join(args("create", conn("--state-file", state.toString(), "--copy-pace", "1")),
                    n.create()));
        });
        // Wait until it is following the copy, then press "Ctrl-C".
        Awaitility.await("the create following the copy").atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(state) && Files.readString(state).contains("WAIT_STATUS"));
        interruptible.interruption.request();
        CliRunner.Result r = run.get(60, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(r.err()).contains("session was discarded", "shadowimage resume --state-file");
        assertThat(admin.openSessionCount()).isZero();
        assertThat(Files.readString(state)).doesNotContain("\"outcome\"");

        r = cli.run(args("resume", List.of("--state-file", state.toString())));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("resuming create", "PAIR");
        // The create reached the array once: resume read the pair back instead of sending it again.
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).as("create POSTs").isEqualTo(1);
        assertThat(admin.pairs().stream().filter(p -> p.copyGroupName().equals(n.group()))).hasSize(1);
    }

    @Test
    void ctrlCWhileTheArrayKeepsRefusingAnActionStopsWithoutASessionLeftOpen() throws Exception {
        Names n = names();
        assertThat(cli.run(join(args("create", conn()), n.create())).code()).isZero();
        Path state = dir.resolve(n.group() + ".state");
        admin.clearRequestLog();
        // The pair is locked by someone else for longer than anyone waits here.
        admin.injectFault("*", "/actions/split/invoke$", io.jenkins.plugins.shadowimage.simulator.FaultKind.LOCK, 10_000);
        CliRunner interruptible = new CliRunner().password(PASSWORD);
        CompletableFuture<CliRunner.Result> run = CompletableFuture.supplyAsync(() -> {
            interruptible.interruption = Interruption.of(Thread.currentThread());
            return interruptible.run(join(args("split", conn("--state-file", state.toString())), n.pairArgs()));
        });
        Awaitility.await("split attempts refused").atMost(Duration.ofSeconds(60))
                .until(() -> admin.requestCount("*", "/actions/split/invoke$") >= 2);
        interruptible.interruption.request();
        CliRunner.Result r = run.get(90, TimeUnit.SECONDS);
        admin.clearFaults();

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.INTERRUPTED);
        // The lock retry was handed back to the engine between steps, holding no session while it waited.
        assertThat(r.all()).contains("no session held meanwhile", "session was discarded");
        assertThat(admin.openSessionCount()).isZero();
        assertThat(admin.pairs()).filteredOn(p -> p.copyGroupName().equals(n.group()))
                .singleElement().satisfies(p -> assertThat(p.pvolStatus()).isEqualTo("PAIR"));

        r = cli.run(args("resume", List.of("--state-file", state.toString())));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("PSUS");
    }

    @Test
    void anUnfinishedStateFileIsNotOverwritten() throws Exception {
        Names n = names();
        Path state = dir.resolve(n.group() + ".state");
        Files.writeString(state, "{\"format\":\"shadowimage-state/1\",\"command\":\"split\",\"summary\":{\"target\":\"X\"}}");
        admin.clearRequestLog();
        CliRunner.Result r = cli.run(join(args("create", conn("--state-file", state.toString())), n.create()));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("unfinished split", "resume");
        assertThat(admin.requestCount("*", ".*")).isZero();
    }

    @Test
    void demoRunsTheSampleFlow() {
        CliRunner.Result r = new CliRunner().run("demo", "--copy-seconds", "2", "--progress", "plain");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Step 1", "Configuration Manager REST API", "shadowimage create", "COPY", "PAIR",
                "shadowimage split", "PSUS", "SSUS", "COPY GROUP", "SI_347", "p_347-348", "discarded at",
                "0 open sessions", "Demo finished");
        assertThat(r.out()).doesNotContain("--insecure ").doesNotContain("--password");
    }
}
