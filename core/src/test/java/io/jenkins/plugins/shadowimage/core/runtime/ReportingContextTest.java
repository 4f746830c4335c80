package io.jenkins.plugins.shadowimage.core.runtime;

import org.awaitility.Awaitility;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemSettings;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.report.OperationRecords;
import io.jenkins.plugins.shadowimage.core.report.PairOperationRecord;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A step's side of the runtime, against the simulator: what the log says, what the step returns, what the run records,
 * and that it completes once; a dry run sends no mutating request; a state persisted by an earlier version resumes.
 */
class ReportingContextTest {

    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimSupport.config().build());
    private static final String MUTATING = "local-clone-copypairs($|/.*/actions/.*)";

    private VspSimulator sim;
    private ArrayAccess access;
    private ScheduledExecutorService pool;
    private OperationRuntime runtime;

    @BeforeEach
    void setUp() {
        sim = SIM.simulator();
        access = SimSupport.access(sim);
        pool = Executors.newScheduledThreadPool(2);
        runtime = new OperationRuntime(() -> pool, new InMemoryLockStore(), MaintenancePause.NONE, Clock.systemUTC(),
                new RuntimeOptions(Duration.ofMillis(50), Duration.ofMinutes(5), Duration.ZERO, SimSupport.engineOptions()));
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        access.close();
        SimSupport.assertNoOpenSessions(sim);
    }

    /** Records what a step would store and deliver; its records are those of one build. */
    static final class Step extends ReportingContext {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final InMemoryRecords records = new InMemoryRecords();
        final AtomicInteger saves = new AtomicInteger();
        final AtomicInteger ends = new AtomicInteger();
        volatile Map<String, Object> value;
        volatile String message;
        volatile OperationFailure failure;

        Step(String surface, OperationState first) {
            super(surface, new OperationWords.Terms("siPairStatus", ""), "op-1", "vsp1", first, new AtomicBoolean(), false,
                    false);
        }

        @Override protected void persist(SavedOperation saved) { saves.incrementAndGet(); }
        @Override protected void line(String line) { SimSupport.assertNoSecrets(line); lines.add(line); }
        @Override protected void complete(Map<String, Object> v) { value = v; ends.incrementAndGet(); }
        @Override protected void fail(OperationFailure f, String m) { failure = f; message = m; ends.incrementAndGet(); }

        @Override protected OperationRecords records() { return records; }

        PairOperationRecord record() {
            assertThat(records.all).hasSize(1);
            return records.all.get(0);
        }
    }

    private Step run(String surface, OperationType type, PairParameters p) throws Exception {
        OperationState st = p.start(type, Duration.ofSeconds(60), Instant.now());
        Step step = new Step(surface, st);
        step.begin(settings());
        runtime.start(SavedOperation.start(surface, st, LockKeys.forOperation(access.client().arrayKey(), st.type(), st.request()),
                surface), new OperationSpec("vsp1", connector(), false), step);
        Awaitility.await(surface + " to end").atMost(Duration.ofSeconds(60)).until(() -> step.ends.get() > 0);
        return step;
    }

    private StorageSystemSettings settings() {
        return StorageSystemSettings.unsaved("vsp1", sim.baseUrl().toString(), null, null, null, null, null, false, null);
    }

    private ArrayConnector connector() {
        return ArrayConnector.shared(access);
    }

    private static PairParameters pair(String group, String name, Integer pvol, Integer svol) {
        PairParameters p = new PairParameters();
        p.copyGroupName(group);
        p.copyPairName(name);
        p.pvolLdevId(pvol);
        p.svolLdevId(svol);
        return p;
    }

    @Test
    void aCreateSaysWhatItFoundAndHowItEndedAndReturnsThePair() throws Exception {
        Step create = run("siCreatePair", OperationType.CREATE, pair("RC1", "p1", 100, 101));
        assertThat(create.value).containsEntry("outcome", "CREATED").containsEntry("pvolStatus", "PAIR").containsEntry("svolLdevId", 101);
        assertThat(create.lines).last().asString().startsWith("CREATED: RC1,RC1P_,RC1S_,p1 is PAIR");
        assertThat(create.value).containsEntry("storage", "vsp1");
        assertThat(create.lines).first().asString().startsWith("create RC1,RC1P_,RC1S_,p1 on storage system 'vsp1' (");
        assertThat(create.record().getStatusBefore()).as("found before anything was sent").isEqualTo("NONE");
        assertThat(create.record().getOutcome()).isEqualTo(PairOperationRecord.Outcome.SUCCESS);
        assertThat(create.record().getSvolLdevId()).isEqualTo(101);
        assertThat(create.saves.get()).isPositive();
    }

    @Test
    void aDryRunReturnsThePlanAsDataSaysItInWordsAndSendsNoChange() throws Exception {
        run("siCreatePair", OperationType.CREATE, pair("RC2", "p1", 102, 103));
        long before = sim.admin().requestCount("POST", MUTATING) + sim.admin().requestCount("DELETE", "local-clone-copypairs/");
        PairParameters split = pair("RC2", "p1", null, null);
        split.dryRun(true);
        Step dry = run("siSplitPair", OperationType.SPLIT, split);
        assertThat(sim.admin().requestCount("POST", MUTATING) + sim.admin().requestCount("DELETE", "local-clone-copypairs/"))
                .as("mutating requests of the dry run").isEqualTo(before);
        assertThat(sim.admin().pairs()).singleElement().satisfies(p -> assertThat(p.pvolStatus()).isEqualTo("PAIR"));
        assertThat(dry.value).containsEntry("dryRun", true).containsEntry("outcome", "DRY_RUN");
        @SuppressWarnings("unchecked")
        Map<String, Object> plan = (Map<String, Object>) dry.value.get("plan");
        assertThat(plan).containsEntry("decision", "SEND");
        assertThat(String.valueOf(plan.get("request"))).contains("POST").contains("actions/split/invoke");
        assertThat(dry.lines).anySatisfy(l -> assertThat(l).startsWith("dry run: siSplitPair RC2,RC2P_,RC2S_,p1 would send POST"));
        assertThat(dry.lines).last().isEqualTo(DryRunReport.NOTHING_CHANGED);
    }

    @Test
    void aFailureIsReportedOnceWithTheEnginesMessageAndWhatToDo() throws Exception {
        Step split = run("siSplitPair", OperationType.SPLIT, pair("RC3", "missing", null, null));
        assertThat(split.ends.get()).isEqualTo(1);
        assertThat(split.message).startsWith("siSplitPair failed: ").contains("missing")
                .endsWith("The array refused the request. The KART message id and SSB1/SSB2 codes above identify the reason; "
                        + "see 'KART and SSB codes' in the troubleshooting guide.");
        assertThat(split.value).isNull();
        assertThat(split.failure.rethrown()).as("the message explains it").isNull();
        assertThat(split.record().getOutcome()).isEqualTo(PairOperationRecord.Outcome.FAILED);
        assertThat(split.record().getMessage()).isEqualTo(split.message);
    }

    /** A create persisted mid-copy (WAIT_STATUS, holding its locks) by the plugin before this version resumes and completes. */
    @Test
    void aGoldenStateOfTodaysFormLoadsAndResumes() throws Exception {
        String json;
        try (InputStream in = getClass().getResourceAsStream("create-wait-status-state.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        OperationState golden = OperationState.fromJson(json);
        assertThat(golden.type()).isEqualTo(OperationType.CREATE);
        assertThat(golden.phase()).isEqualTo(Phase.WAIT_STATUS);
        assertThat(golden.jobIds()).containsExactly(1L);
        assertThat(golden.target()).isEqualTo("R1,R1P_,R1S_,p1");
        // The array it was bound to listened on another port: bind it to this simulator, where the pair exists; and its
        // deadline has passed since the file was written: give it a future one.
        OperationState here = OperationState.fromJson(json.replace(golden.arrayKey(), access.client().arrayKey())
                .replace(golden.deadline().toString(), Instant.now().plus(Duration.ofHours(1)).toString()));
        run("siCreatePair", OperationType.CREATE, pair("R1", "p1", 347, 348));
        long creates = sim.admin().requestCount("POST", "local-clone-copypairs$");
        Step resumed = new Step("siCreatePair", here);
        List<String> locks = LockKeys.forOperation(access.client().arrayKey(), here.type(), here.request());
        runtime.resume(new SavedOperation("golden", here, locks, "pair R1 is being created", true, null, null, null),
                new OperationSpec("vsp1", connector(), false), resumed);
        Awaitility.await("the resumed create to end").atMost(Duration.ofSeconds(60)).until(() -> resumed.ends.get() > 0);
        assertThat(resumed.message).isNull();
        assertThat(resumed.value).containsEntry("pvolStatus", "PAIR").containsEntry("pvolLdevId", 347);
        assertThat(sim.admin().requestCount("POST", "local-clone-copypairs$")).as("creates sent after the resume").isEqualTo(creates);
        assertThat(resumed.lines).first().asString().startsWith("resumed after a restart, in phase WAIT_STATUS");
    }
}
