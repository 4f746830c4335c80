package io.jenkins.plugins.shadowimage.core.runtime;

import org.awaitility.Awaitility;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemSettings;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.core.report.PairOperationRecord;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyState.After;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyState.BodyEnd;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyState.Step;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A frozen copy for the length of a block against the simulator: its lock, its body, its after step, its resumes. */
class FrozenCopyTest {

    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimSupport.config().build());
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final String ARRAY = "vsp-1";

    private VspSimulator sim;
    private ArrayAccess access;
    private final List<ScheduledExecutorService> pools = new ArrayList<>();
    private final SimSupport.Events events = new SimSupport.Events();

    @BeforeEach
    void setUp() {
        sim = SIM.simulator();
        access = SimSupport.access(sim);
    }

    @AfterEach
    void tearDown() {
        pools.forEach(ScheduledExecutorService::shutdownNow);
        access.close();
        SimSupport.assertNoOpenSessions(sim);
        SimSupport.assertNoSecrets(events.text());
    }

    /** One start of a surface: its pool, its runtime and its locks. */
    private OperationRuntime runtime(LockStore locks) {
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(3);
        pools.add(pool);
        return new OperationRuntime(() -> pool, locks, array -> Optional.empty(), Clock.systemUTC(),
                new RuntimeOptions(Duration.ofMillis(50), Duration.ofMinutes(5), Duration.ZERO, SimSupport.engineOptions()));
    }

    private OperationSpec spec() {
        return new OperationSpec(ARRAY, ArrayConnector.shared(access), false);
    }

    /** The surface's side: records every call; can die (ignore everything from then on) at a chosen save. */
    final class Surface implements FrozenCopyContext {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final List<FrozenCopyState> saves = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger bodies = new AtomicInteger();
        final AtomicInteger ends = new AtomicInteger();
        volatile Map<String, String> environment;
        volatile List<String> locksInBody;
        volatile FrozenCopyState endState;
        volatile PairInfo result;
        volatile OperationFailure failure;
        volatile List<String> locksAtEnd;
        final InMemoryRecords records = new InMemoryRecords();
        private final LockStore locks;
        private final Predicate<FrozenCopyState> dieAt;
        volatile FrozenCopyState lastWords;
        /** False: the block logs the engine's progress itself. */
        volatile boolean ownProgress = true;
        volatile boolean recordsUnreachable;

        Surface(LockStore locks, Predicate<FrozenCopyState> dieAt) {
            this.locks = locks;
            this.dieAt = dieAt;
        }

        boolean dead() {
            return lastWords != null;
        }

        /**
         * A process that dies does nothing more: the thread that made the fatal save, and every later one, stops here
         * until its pool is shut down. Were it to run on, it could send what the resumed block then sends again.
         */
        @Override
        public void save(FrozenCopyState s) {
            if (!dead()) {
                assertThat(FrozenCopyState.fromJson(s.toJson())).isEqualTo(s);
                SimSupport.assertNoSecrets(s.toJson());
                saves.add(s);
                if (!dieAt.test(s)) {
                    return;
                }
                lastWords = s;
            }
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the process died");
        }

        @Override
        public void log(String line) {
            SimSupport.assertNoSecrets(line);
            if (!dead()) {
                lines.add(line);
            }
        }

        @Override
        public ProgressListener progress() {
            return ownProgress ? events : null;
        }

        @Override
        public Records records() throws IOException {
            if (recordsUnreachable) {
                throw new IOException("the build is gone");
            }
            return new Records(records, StorageSystemSettings.unsaved("vsp1", "https://svp.example.com", "REST_SERVER",
                    "886000123456", null, null, null, false, null));
        }

        @Override
        public void startBody(FrozenCopyState s) {
            if (dead()) {
                return;
            }
            environment = s.environment();
            locksInBody = locks.heldResources();
            bodies.incrementAndGet();
        }

        @Override
        public void ended(FrozenCopyState s, PairInfo r, OperationFailure f) {
            if (dead()) {
                return;
            }
            endState = s;
            result = r;
            failure = f;
            locksAtEnd = locks.heldResources();
            ends.incrementAndGet();
        }

        void awaitBody() {
            Awaitility.await("the body started").atMost(LONG).until(() -> bodies.get() > 0 || ends.get() > 0);
        }

        void awaitEnd() {
            Awaitility.await("the block ended").atMost(LONG).until(() -> ends.get() > 0);
        }

        String text() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }

    private void create(String group, String pair, int pvol, int svol) throws Exception {
        SimSupport.run(access, events, OperationType.CREATE, SimSupport.pair(group, pair, pvol, svol).build());
    }

    private String status(String pair) {
        return sim.admin().pairs().stream().filter(p -> p.copyPairName().equals(pair))
                .map(p -> p.pvolStatus() + "/" + p.svolStatus()).findFirst().orElse("gone");
    }

    private static FrozenCopyState plan(PairRequest r, After after, boolean resyncFirst) throws Exception {
        return FrozenCopy.plan(r, after, resyncFirst, ARRAY, "block-1", "build #1", Instant.now());
    }

    @Test
    void theBodySeesTheFrozenCopyWhileTheLockKeepsAnotherResyncWaitingThenTheAfterResyncs() throws Exception {
        create("FC1", "p1", 100, 101);
        sim.admin().clearRequestLog();
        InMemoryLockStore locks = new InMemoryLockStore();
        OperationRuntime rt = runtime(locks);
        Surface s = new Surface(locks, x -> false);
        FrozenCopy block = new FrozenCopy(rt, spec(), plan(SimSupport.pair("FC1", "p1", 100, 101).build(), After.RESYNC,
                true), s);
        block.start();
        s.awaitBody();

        assertThat(s.environment).containsEntry("SI_PVOL_LDEV_ID", "100").containsEntry("SI_SVOL_LDEV_ID", "101")
                .containsEntry("SI_COPY_PAIR_ID", "FC1,FC1P_,FC1S_,p1").containsEntry("SI_PVOL_STATUS", "PSUS")
                .containsKey("SI_SPLIT_OBSERVED_AT");
        assertThat(s.locksInBody).contains(LockKeys.pair(ARRAY, "FC1", "p1"), LockKeys.svol(ARRAY, 101));
        assertThat(status("p1")).isEqualTo("PSUS/SSUS");
        assertThat(block.state().step()).isEqualTo(Step.BODY);

        // Another build's resync of the S-VOL waits for the whole block, not just for the split.
        List<String> otherLines = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger otherDone = new AtomicInteger();
        PairRequest other = SimSupport.pairRef("FC1", "p1").svolLdevId(101).build();
        rt.start(SavedOperation.start("other", OperationState.start(OperationType.RESYNC, other, Instant.now()),
                LockKeys.forOperation(ARRAY, OperationType.RESYNC, other), "resync by build #2"), spec(),
                new OperationContext() {
                    @Override public void saveState(SavedOperation saved) { }
                    @Override public void log(String line) { otherLines.add(line); }
                    @Override public ProgressListener progress() { return events; }
                    @Override public void succeeded(PairInfo result) { otherDone.incrementAndGet(); }
                    @Override public void failed(OperationFailure failure) { otherDone.incrementAndGet(); }
                });
        Awaitility.await("the other resync waits").atMost(LONG).until(() -> String.join("\n", otherLines)
                .contains("waiting: pair FC1,FC1P_,FC1S_,p1 is held frozen by build #1"));
        assertThat(sim.admin().requestCount("POST", "/actions/resync/invoke$")).isZero();
        assertThat(otherDone).hasValue(0);

        block.bodyEnded(BodyEnd.succeeded());
        s.awaitEnd();
        assertThat(s.failure).isNull();
        assertThat(s.locksAtEnd).doesNotContain(LockKeys.pair(ARRAY, "FC1", "p1"));
        assertThat(s.endState.step()).isEqualTo(Step.DONE);
        assertThat(s.endState.bodyEnd().kind()).isEqualTo(BodyEnd.Kind.SUCCEEDED);
        assertThat(status("p1")).isEqualTo("PAIR/PAIR");
        Awaitility.await("the other resync ran").atMost(LONG).until(() -> otherDone.get() == 1);
        // a pair in PAIR needs no resync first: one split, the block's resync; the other one found PAIR
        assertThat(sim.admin().requestCount("POST", "/actions/split/invoke$")).isEqualTo(1);
        assertThat(sim.admin().requestCount("POST", "/actions/resync/invoke$")).isEqualTo(1);
        assertThat(s.ends).hasValue(1);
        // The build's records prove which frozen copy the body saw: the split's, then the after step's.
        assertThat(s.records.all).extracting(PairOperationRecord::getOperation).containsExactly("resync", "split", "resync");
        assertThat(s.records.all).extracting(PairOperationRecord::getOutcome).containsOnly(PairOperationRecord.Outcome.SUCCESS);
        PairOperationRecord split = s.records.all.get(1);
        assertThat(split.getSplitTime()).isEqualTo(s.environment.get("SI_SPLIT_OBSERVED_AT"));
        assertThat(split.getStatusBefore()).isEqualTo("PAIR");
        assertThat(split.getSvolLdevId()).isEqualTo(101);
        assertThat(split.getStorageDeviceId()).isEqualTo("886000123456");
    }

    @Test
    void aFailedOrAbortedBodyStillGetsItsAfterAndAnAbortOutsideTheBodyEndsTheBlock() throws Exception {
        create("FC2", "p2", 102, 103);
        InMemoryLockStore locks = new InMemoryLockStore();
        OperationRuntime rt = runtime(locks);
        Surface failing = new Surface(locks, x -> false);
        FrozenCopy block = new FrozenCopy(rt, spec(), plan(SimSupport.pairRef("FC2", "p2").build(), After.RESYNC, true),
                failing);
        block.start();
        failing.awaitBody();
        assertThat(block.abort(new CancellationException("user abort"))).as("abort in the body is the body's").isFalse();
        block.bodyEnded(BodyEnd.aborted("user abort"));
        failing.awaitEnd();
        assertThat(failing.failure).isNull();
        assertThat(failing.endState.bodyEnd().kind()).isEqualTo(BodyEnd.Kind.ABORTED);
        assertThat(status("p2")).isEqualTo("PAIR/PAIR");
        assertThat(failing.locksAtEnd).isEmpty();

        // failed body, after: keep
        Surface kept = new Surface(locks, x -> false);
        FrozenCopy keep = new FrozenCopy(rt, spec(), plan(SimSupport.pairRef("FC2", "p2").build(), After.KEEP, true), kept);
        keep.start();
        kept.awaitBody();
        keep.bodyEnded(BodyEnd.failed("tests failed"));
        kept.awaitEnd();
        assertThat(kept.failure).isNull();
        assertThat(kept.text()).contains("leaving pair FC2,FC2P_,FC2S_,p2 split (after: keep)");
        assertThat(status("p2")).isEqualTo("PSUS/SSUS");

        // abort while the resync first is under way: no body, no after, the lock freed
        sim.admin().setTimeScale(0.05);
        Surface stopped = new Surface(locks, x -> false);
        FrozenCopy abortMe = new FrozenCopy(rt, spec(), plan(SimSupport.pairRef("FC2", "p2").build(), After.RESYNC, true),
                stopped);
        abortMe.start();
        Awaitility.await("the resync first is on the array").atMost(LONG).until(() -> status("p2").startsWith("COPY"));
        CancellationException abort = new CancellationException("user abort");
        assertThat(abortMe.abort(abort)).isTrue();
        stopped.awaitEnd();
        sim.admin().setTimeScale(1);
        assertThat(stopped.failure.kind()).isEqualTo(OperationFailure.Kind.ABORTED);
        assertThat(abortMe.endError(stopped.failure, IllegalStateException::new)).as("the abort's own cause").isSameAs(abort);
        assertThat(stopped.failure.message()).contains("aborted in step RESYNC_FIRST");
        assertThat(stopped.bodies).hasValue(0);
        assertThat(stopped.locksAtEnd).isEmpty();
    }

    @Test
    void aWholeCopyGroupIsFrozenUnderTheGroupLockAndDeletedAfterwards() throws Exception {
        create("FC3", "a", 104, 105);
        create("FC3", "b", 106, 107);
        InMemoryLockStore locks = new InMemoryLockStore();
        Surface s = new Surface(locks, x -> false);
        FrozenCopy block = new FrozenCopy(runtime(locks), spec(),
                plan(PairRequest.builder().copyGroupName("FC3").timeout(LONG).build(), After.DELETE, false), s);
        block.start();
        s.awaitBody();
        assertThat(s.environment).containsEntry("SI_PAIR_COUNT", "2").containsEntry("SI_COPY_PAIR_NAMES", "a b")
                .containsEntry("SI_SVOL_LDEV_IDS", "105 107");
        assertThat(s.locksInBody).containsExactly(LockKeys.group(ARRAY, "FC3"));
        block.bodyEnded(BodyEnd.succeeded());
        s.awaitEnd();
        assertThat(s.failure).isNull();
        assertThat(sim.admin().pairs()).noneMatch(p -> p.copyGroupName().equals("FC3"));
    }

    @Test
    void aRejectedSplitRunsNoBodyAndEndsTheBlock() throws Exception {
        InMemoryLockStore locks = new InMemoryLockStore();
        Surface s = new Surface(locks, x -> false);
        FrozenCopy block = new FrozenCopy(runtime(locks), spec(), plan(SimSupport.pairRef("FC4", "none").build(),
                After.RESYNC, false), s);
        block.start();
        s.awaitEnd();
        assertThat(block.endError(s.failure, IllegalStateException::new)).isInstanceOf(IllegalStateException.class)
                .hasMessage(FrozenCopy.explain(s.failure));
        assertThat(s.bodies).hasValue(0);
        assertThat(s.failure.kind()).isEqualTo(OperationFailure.Kind.ENGINE);
        assertThat(s.endState.step()).as("a rejection is final").isEqualTo(Step.DONE);
        assertThat(s.locksAtEnd).isEmpty();
    }

    /** Where the process dies: at the first save that shows this. */
    enum Death {
        IN_RESYNC_FIRST(s -> s.step() == Step.RESYNC_FIRST && submitted(s)),
        IN_SPLIT(s -> s.step() == Step.SPLIT && submitted(s)),
        IN_BODY(s -> s.step() == Step.BODY),
        IN_AFTER(s -> s.step() == Step.AFTER && submitted(s));

        final Predicate<FrozenCopyState> at;

        Death(Predicate<FrozenCopyState> at) {
            this.at = at;
        }

        private static boolean submitted(FrozenCopyState s) {
            OperationState op = s.currentOperation();
            return op.phase() == Phase.SUBMIT && op.submitAttempts() > 0 || op.phase() == Phase.POLL_JOB
                    || op.phase() == Phase.WAIT_STATUS;
        }
    }

    @ParameterizedTest
    @EnumSource(Death.class)
    void aBlockResumedAfterItsProcessDiedInAnyStepFinishesWithOneSplitAndItsAfter(Death death) throws Exception {
        String pair = "r" + death.ordinal();
        int pvol = 110 + 2 * death.ordinal();
        create("FC5", pair, pvol, pvol + 1);
        // split before, so that the resync first has work to do
        SimSupport.run(access, events, OperationType.SPLIT, SimSupport.pairRef("FC5", pair).build());
        sim.admin().clearRequestLog();
        InMemoryLockStore before = new InMemoryLockStore();
        OperationRuntime first = runtime(before);
        Surface dying = new Surface(before, death.at);
        FrozenCopy block = new FrozenCopy(first, spec(), plan(SimSupport.pairRef("FC5", pair).build(), After.RESYNC, true),
                dying);
        block.start();
        if (death == Death.IN_AFTER) {
            dying.awaitBody();
            // on a thread of the dying process, which its death stops like the others
            pools.get(0).execute(() -> block.bodyEnded(BodyEnd.succeeded()));
        }
        Awaitility.await("died " + death).atMost(LONG).until(() -> {
            assertThat(dying.ends).as(dying.text()).hasValue(0);
            return dying.dead();
        });
        // What a process that ran on after its death would send, the resumed block would send again.
        long changes = sim.admin().requestCount("POST", "local-clone-copypairs");
        Thread.sleep(500);
        assertThat(sim.admin().requestCount("POST", "local-clone-copypairs")).as("changes sent after the death").isEqualTo(changes);
        first.shutdown();
        pools.get(0).shutdownNow();
        assertThat(pools.get(0).awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        // A new start: new runtime, new (empty) locks; the saved state re-claims the block's lock first.
        InMemoryLockStore after = new InMemoryLockStore();
        Surface resumed = new Surface(after, x -> false);
        FrozenCopy again = new FrozenCopy(runtime(after), spec(), FrozenCopyState.fromJson(dying.lastWords.toJson()),
                resumed);
        again.resume(true);
        if (death != Death.IN_AFTER) {
            if (death != Death.IN_BODY) {
                resumed.awaitBody();
                assertThat(resumed.bodies).hasValue(1);
            }
            assertThat(after.heldResources()).contains(LockKeys.pair(ARRAY, "FC5", pair));
            again.bodyEnded(BodyEnd.succeeded());
        }
        resumed.awaitEnd();
        assertThat(resumed.failure).as(resumed.text()).isNull();
        assertThat(status(pair)).isEqualTo("PAIR/PAIR");
        assertThat(sim.admin().requestCount("POST", "/actions/split/invoke$")).as("splits").isEqualTo(1);
        assertThat(resumed.locksAtEnd).isEmpty();
        assertThat(resumed.endState.step()).isEqualTo(Step.DONE);
    }

    @Test
    void aBodyThatDiedWithItsProcessIsNotRunAgainAndTheAfterRuns() throws Exception {
        create("FC6", "p6", 120, 121);
        InMemoryLockStore before = new InMemoryLockStore();
        Surface dying = new Surface(before, s -> s.step() == Step.BODY);
        OperationRuntime first = runtime(before);
        new FrozenCopy(first, spec(), plan(SimSupport.pairRef("FC6", "p6").build(), After.RESYNC, false), dying).start();
        Awaitility.await("died in the body").atMost(LONG).until(dying::dead);
        first.shutdown();

        InMemoryLockStore after = new InMemoryLockStore();
        Surface resumed = new Surface(after, x -> false);
        new FrozenCopy(runtime(after), spec(), dying.lastWords, resumed).resumeWithoutBody();
        resumed.awaitEnd();
        assertThat(resumed.bodies).hasValue(0);
        assertThat(resumed.endState.bodyEnd().kind()).isEqualTo(BodyEnd.Kind.UNKNOWN);
        assertThat(status("p6")).isEqualTo("PAIR/PAIR");
    }

    @Test
    void aSurfaceThatEndsInAValueOrAnErrorGetsTheBodysOwnAndAStopWithoutAKnownBodyStillDoesTheAfter() throws Exception {
        create("FC8", "p8", 124, 125);
        InMemoryLockStore locks = new InMemoryLockStore();
        OperationRuntime rt = runtime(locks);
        PairRequest pair = SimSupport.pairRef("FC8", "p8").build();

        Surface returns = new Surface(locks, x -> false);
        FrozenCopy ok = new FrozenCopy(rt, spec(), plan(pair, After.KEEP, false), returns);
        ok.start();
        returns.awaitBody();
        ok.bodySucceeded("the body's value");
        returns.awaitEnd();
        assertThat(ok.endError(returns.failure, IllegalStateException::new)).isNull();
        assertThat(ok.bodyValue()).isEqualTo("the body's value");

        Surface throwing = new Surface(locks, x -> false);
        FrozenCopy failed = new FrozenCopy(rt, spec(), plan(pair, After.RESYNC, false), throwing);
        failed.start();
        throwing.awaitBody();
        AssertionError bodyError = new AssertionError("tests failed");
        failed.bodyFailed(bodyError, false);
        throwing.awaitEnd();
        assertThat(throwing.endState.bodyEnd()).isEqualTo(BodyEnd.failed(bodyError.toString()));
        assertThat(failed.endError(throwing.failure, IllegalStateException::new)).as("the body's own error").isSameAs(bodyError);
        assertThat(status("p8")).isEqualTo("PAIR/PAIR");

        Surface cancelled = new Surface(locks, x -> false);
        FrozenCopy withBody = new FrozenCopy(rt, spec(), plan(pair, After.RESYNC, false), cancelled);
        withBody.start();
        cancelled.awaitBody();
        CancellationException stop = new CancellationException("user abort");
        AtomicInteger cancels = new AtomicInteger();
        withBody.stop(stop, cancels::incrementAndGet);
        assertThat(cancels).as("the body is cancelled, and reports its end").hasValue(1);
        assertThat(withBody.state().step()).isEqualTo(Step.BODY);
        withBody.bodyFailed(stop, true);
        cancelled.awaitEnd();
        assertThat(cancelled.endState.bodyEnd().kind()).isEqualTo(BodyEnd.Kind.ABORTED);

        Surface unknownBody = new Surface(locks, x -> false);
        FrozenCopy noBody = new FrozenCopy(rt, spec(), plan(pair, After.RESYNC, false), unknownBody);
        noBody.start();
        unknownBody.awaitBody();
        noBody.stop(stop, null);
        unknownBody.awaitEnd();
        assertThat(unknownBody.endState.bodyEnd().kind()).isEqualTo(BodyEnd.Kind.ABORTED);
        assertThat(unknownBody.endState.step()).isEqualTo(Step.DONE);
        assertThat(noBody.endError(unknownBody.failure, IllegalStateException::new)).isSameAs(stop);
        assertThat(status("p8")).as("the after step was done").isEqualTo("PAIR/PAIR");
        assertThat(unknownBody.locksAtEnd).isEmpty();
    }

    @Test
    void aBodyTheSurfaceHadNotStartedBeforeTheRestartIsStartedOnResume() throws Exception {
        create("FC9", "p9", 126, 127);
        InMemoryLockStore before = new InMemoryLockStore();
        Surface dying = new Surface(before, s -> s.step() == Step.BODY);
        OperationRuntime first = runtime(before);
        new FrozenCopy(first, spec(), plan(SimSupport.pairRef("FC9", "p9").build(), After.RESYNC, false), dying).start();
        Awaitility.await("died in the body").atMost(LONG).until(dying::dead);
        first.shutdown();

        InMemoryLockStore after = new InMemoryLockStore();
        Surface resumed = new Surface(after, x -> false);
        FrozenCopy again = new FrozenCopy(runtime(after), spec(), dying.lastWords, resumed);
        again.resume(false);
        assertThat(resumed.bodies).hasValue(1);
        assertThat(resumed.locksInBody).contains(LockKeys.pair(ARRAY, "FC9", "p9"));
        again.bodySucceeded(null);
        resumed.awaitEnd();
        assertThat(resumed.failure).isNull();
        assertThat(status("p9")).isEqualTo("PAIR/PAIR");
        assertThat(sim.admin().requestCount("POST", "/actions/split/invoke$")).as("splits").isEqualTo(1);
    }

    @Test
    void unreachableRecordsLoseTheRecordNeverTheBlockAndWithoutItsOwnProgressTheBlockLogsIt() throws Exception {
        create("FC10", "p10", 128, 129);
        InMemoryLockStore locks = new InMemoryLockStore();
        Surface s = new Surface(locks, x -> false);
        s.ownProgress = false;
        s.recordsUnreachable = true;
        int eventsBefore = events.all().size();
        FrozenCopy block = new FrozenCopy(runtime(locks), spec(), plan(SimSupport.pairRef("FC10", "p10").build(),
                After.RESYNC, false), s);
        block.start();
        s.awaitBody();
        block.bodySucceeded(null);
        s.awaitEnd();
        assertThat(s.failure).isNull();
        assertThat(s.records.all).isEmpty();
        assertThat(s.text()).contains("could not record split FC10,FC10P_,FC10S_,p10 on the build: the build is gone");
        assertThat(s.text()).contains("split FC10,FC10P_,FC10S_,p10: accepted as job")
                .contains("resync FC10,FC10P_,FC10S_,p10: done (RESYNCED), PAIR/PAIR");
        assertThat(events.all()).as("the surface's listener").hasSize(eventsBefore);
        assertThat(status("p10")).isEqualTo("PAIR/PAIR");
    }

    @Test
    void aLockTakenByAnotherOperationDuringTheRestartIsReportedNeverIgnored() throws Exception {
        create("FC7", "p7", 122, 123);
        InMemoryLockStore before = new InMemoryLockStore();
        Surface dying = new Surface(before, s -> s.step() == Step.BODY);
        OperationRuntime first = runtime(before);
        new FrozenCopy(first, spec(), plan(SimSupport.pairRef("FC7", "p7").build(), After.RESYNC, false), dying).start();
        Awaitility.await("died in the body").atMost(LONG).until(dying::dead);
        first.shutdown();
        sim.admin().clearRequestLog();

        InMemoryLockStore after = new InMemoryLockStore();
        after.tryAcquire(List.of(LockKeys.pair(ARRAY, "FC7", "p7")), "other", "pair FC7/p7 is being deleted by build #9");
        Surface resumed = new Surface(after, x -> false);
        new FrozenCopy(runtime(after), spec(), dying.lastWords, resumed).resume(true);
        resumed.awaitEnd();
        assertThat(resumed.failure.kind()).isEqualTo(OperationFailure.Kind.LOCK_LOST);
        assertThat(resumed.failure.message()).contains("build #9").contains("NOT done");
        assertThat(sim.admin().requests()).isEmpty();
        assertThat(status("p7")).isEqualTo("PSUS/SSUS");
    }

    @Test
    void theSavedFormOfAnEarlierVersionStillLoads() throws IOException {
        String golden;
        try (InputStream in = getClass().getResourceAsStream("frozen-copy-body-format1.json")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        FrozenCopyState s = FrozenCopyState.fromJson(golden);
        assertThat(s.step()).isEqualTo(Step.BODY);
        assertThat(s.after()).isEqualTo(After.RESYNC);
        assertThat(s.holdsLock()).isTrue();
        assertThat(s.locks()).containsExactly("pair|https://127.0.0.1:23999|GOLD|p1", "svol|https://127.0.0.1:23999|101");
        assertThat(s.members()).containsExactly("p1");
        assertThat(s.currentOperation().type()).isEqualTo(OperationType.SPLIT);
        assertThat(s.environment()).containsEntry("SI_PVOL_LDEV_ID", "100").containsEntry("SI_SVOL_LDEV_ID", "101")
                .containsKey("SI_SPLIT_OBSERVED_AT");
        // unknown fields of a later version are ignored; absent ones take the old defaults
        FrozenCopyState later = FrozenCopyState.fromJson(golden.replace("\"format\"", "\"comesLater\" : 1, \"format\""));
        assertThat(later).isEqualTo(s);
    }
}
