package io.jenkins.plugins.shadowimage.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.MovingClock;
import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.awaitility.Awaitility;

/** Many operations in one runtime against the simulator: locks, pauses, aborts, timeouts and resumes. */
class OperationRuntimeTest {

    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimSupport.config().build());
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final String ARRAY = "vsp-1";

    private VspSimulator sim;
    private ArrayAccess access;
    private ScheduledExecutorService pool;
    private InMemoryLockStore store;
    private final AtomicReference<String> paused = new AtomicReference<>();
    private final SimSupport.Events events = new SimSupport.Events();
    private SimSupport.LogCapture logs;
    private final List<String> completionOrder = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() {
        sim = SIM.simulator();
        access = SimSupport.access(sim);
        pool = Executors.newScheduledThreadPool(4);
        store = new InMemoryLockStore();
        logs = new SimSupport.LogCapture();
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        access.close();
        sim.admin().setRequestLatency(Duration.ZERO, Duration.ZERO);
        logs.closeAndCheck(sim, events.text());
    }

    private OperationRuntime runtime(Clock clock, Duration reminder, Duration grace) {
        RuntimeOptions options = new RuntimeOptions(Duration.ofMillis(50), reminder, grace, SimSupport.engineOptions());
        return new OperationRuntime(() -> pool, store, array -> Optional.ofNullable(paused.get()), clock, options);
    }

    private OperationRuntime runtime() {
        return runtime(Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofSeconds(2));
    }

    /** The surface of one operation: records every call, and what was true when it completed. */
    final class Recorder implements OperationContext {
        final String name;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger completions = new AtomicInteger();
        volatile SavedOperation lastSaved;
        volatile PairInfo result;
        volatile OperationFailure failure;
        volatile int sessionsAtEnd = -1;
        volatile List<String> locksAtEnd;
        volatile int linesAtEnd;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void saveState(SavedOperation saved) {
            lastSaved = saved;
        }

        @Override
        public void log(String line) {
            SimSupport.assertNoSecrets(line);
            lines.add(line);
        }

        @Override
        public io.jenkins.plugins.shadowimage.core.engine.ProgressListener progress() {
            return events;
        }

        @Override
        public void succeeded(PairInfo r) {
            result = r;
            end();
        }

        @Override
        public void failed(OperationFailure f) {
            SimSupport.assertNoSecrets(f.message());
            failure = f;
            end();
        }

        private void end() {
            sessionsAtEnd = sim.admin().openSessionCount();
            locksAtEnd = store.heldResources();
            linesAtEnd = lines.size();
            completionOrder.add(name);
            completions.incrementAndGet();
        }

        boolean done() {
            return completions.get() > 0;
        }

        String text() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        void awaitEnd() {
            Awaitility.await(name + " completed").atMost(LONG).until(this::done);
        }
    }

    private final class Connector implements ArrayConnector {
        @Override
        public ArrayAccess connect() {
            return access;
        }

        @Override
        public void disconnect() {
            // The test's access is shared by all its operations and closed after the test.
        }
    }

    private SavedOperation saved(String name, OperationType type, PairRequest request, Instant now) throws Exception {
        OperationState st = OperationState.start(type, request, now);
        return SavedOperation.start(name, st, LockKeys.forOperation(ARRAY, type, request),
                type.cliName() + " " + st.target() + " by " + name);
    }

    private Recorder start(OperationRuntime rt, String name, OperationType type, PairRequest request, boolean failFast)
            throws Exception {
        Recorder r = new Recorder(name);
        rt.start(saved(name, type, request, Instant.now()), new OperationSpec(ARRAY, new Connector(), failFast), r);
        return r;
    }

    private static PairRequest ref(String pair) {
        return SimSupport.pairRef("CG1", pair).build();
    }

    private void create(String pair, int pvol, int svol) throws ShadowImageException {
        SimSupport.run(access, events, OperationType.CREATE, SimSupport.pair("CG1", pair, pvol, svol).build());
    }

    @Test
    void aSecondOperationOnOnePairWaitsAndSaysWhyWhileOtherPairsGoOn() throws Exception {
        OperationRuntime rt = runtime();
        Recorder createP1 = start(rt, "A", OperationType.CREATE, SimSupport.pair("CG1", "p1", 100, 101).build(), false);
        Awaitility.await("A holds p1").atMost(LONG).until(() -> !store.heldResources().isEmpty());
        Recorder splitP1 = start(rt, "B", OperationType.SPLIT, ref("p1"), false);
        Recorder createP2 = start(rt, "C", OperationType.CREATE, SimSupport.pair("CG1", "p2", 102, 103).build(), false);
        Recorder createP3 = start(rt, "D", OperationType.CREATE, SimSupport.pair("CG1", "p3", 104, 105).build(), false);

        for (Recorder r : List.of(createP1, splitP1, createP2, createP3)) {
            r.awaitEnd();
            assertThat(r.failure).as(r.name).isNull();
            assertThat(r.completions).as(r.name).hasValue(1);
        }
        assertThat(splitP1.text()).contains("waiting: create CG1,CG1P_,CG1S_,p1 by A").contains("done waiting after");
        assertThat(createP2.text()).doesNotContain("waiting");
        assertThat(createP3.text()).doesNotContain("waiting");
        assertThat(splitP1.result.pvolStatus()).isEqualTo("PSUS");
        assertThat(store.heldResources()).isEmpty();
    }

    @Test
    void aSecondPairOnTheSameSvolWaitsOrFailsFast() throws Exception {
        OperationRuntime rt = runtime();
        Recorder first = start(rt, "A", OperationType.CREATE, SimSupport.pair("CG1", "p1", 100, 101).build(), false);
        Awaitility.await("A holds its S-VOL").atMost(LONG).until(() -> !store.heldResources().isEmpty());
        Recorder fast = start(rt, "F", OperationType.CREATE, SimSupport.pair("CG1", "p9", 106, 101).build(), true);
        Recorder second = start(rt, "B", OperationType.CREATE, SimSupport.pair("CG1", "p2", 102, 101).build(), false);

        fast.awaitEnd();
        assertThat(fast.failure.kind()).isEqualTo(OperationFailure.Kind.FAIL_FAST);
        assertThat(fast.failure.message()).contains("create CG1,CG1P_,CG1S_,p1 by A").contains("failFast");
        first.awaitEnd();
        second.awaitEnd();
        assertThat(first.failure).isNull();
        assertThat(second.text()).contains("waiting: create CG1,CG1P_,CG1S_,p1 by A");
        // Once it has the lock, the array refuses an S-VOL that is in another pair.
        assertThat(second.failure.kind()).isEqualTo(OperationFailure.Kind.ENGINE);
        assertThat(sim.admin().pairs()).extracting(p -> p.copyPairName()).containsExactly("p1");
    }

    @Test
    void aPausedArrayGetsNothingNewAndTheWaitIsRemindedUntilThePauseEnds() throws Exception {
        create("p1", 100, 101);
        sim.admin().clearRequestLog();
        paused.set("storage system 'vsp-1' is paused for maintenance");
        OperationRuntime rt = runtime(Clock.systemUTC(), Duration.ofMillis(100), Duration.ofSeconds(2));
        Recorder split = start(rt, "A", OperationType.SPLIT, ref("p1"), false);

        Awaitility.await("a reminder").atMost(LONG).until(() -> split.text().contains("still waiting"));
        assertThat(split.text()).startsWith("waiting: storage system 'vsp-1' is paused for maintenance");
        assertThat(sim.admin().requests()).isEmpty();
        paused.set(null);
        split.awaitEnd();
        assertThat(split.failure).isNull();
        assertThat(split.text()).contains("done waiting after");
    }

    @Test
    void anAbortWithARequestInFlightCompletesOnceAfterTheStepWithTheLineWrittenAndNothingLeftOpen() throws Exception {
        create("p1", 100, 101);
        OperationRuntime rt = runtime();
        sim.admin().setRequestLatency(Duration.ofMillis(1500), Duration.ofMillis(1500));
        Recorder split = new Recorder("A");
        RunningOperation op = rt.start(saved("A", OperationType.SPLIT, ref("p1"), Instant.now()),
                new OperationSpec(ARRAY, new Connector(), false), split);
        Awaitility.await("a session open and a request in flight").atMost(LONG)
                .until(() -> op.stepInFlight() && sim.admin().openSessionCount() > 0);

        op.abort(new CancellationException("user abort"));
        op.abort(new CancellationException("second abort"));
        split.awaitEnd();

        assertThat(split.failure.kind()).isEqualTo(OperationFailure.Kind.ABORTED);
        assertThat(split.failure.cause()).hasMessage("user abort");
        assertThat(split.lines.get(split.linesAtEnd - 1)).startsWith("aborted in phase")
                .contains("A request was in flight");
        assertThat(split.sessionsAtEnd).as("sessions open when the abort completed").isZero();
        assertThat(split.locksAtEnd).as("locks held when the abort completed").isEmpty();
        assertThat(op.isFinished()).isTrue();
        assertThat(op.status()).isEqualTo("finished");
        sim.admin().setRequestLatency(Duration.ZERO, Duration.ZERO);
        assertThat(split.completions).hasValue(1);
    }

    @Test
    void aWaitForALockTimesOutAtTheDeadlineWithNothingSent() throws Exception {
        create("p1", 100, 101);
        sim.admin().clearRequestLog();
        store.tryAcquire(List.of(LockKeys.pair(ARRAY, "CG1", "p1")), "other", "pair CG1/p1 is being split by build #7");
        MovingClock clock = new MovingClock();
        OperationRuntime rt = runtime(clock, Duration.ofMinutes(5), Duration.ofSeconds(2));
        Recorder split = new Recorder("A");
        PairRequest request = SimSupport.pairRef("CG1", "p1").timeout(Duration.ofMinutes(10)).build();
        rt.start(saved("A", OperationType.SPLIT, request, clock.instant()), new OperationSpec(ARRAY, new Connector(), false),
                split);

        Awaitility.await("waiting").atMost(LONG)
                .until(() -> split.text().contains("waiting: pair CG1/p1 is being split by build #7"));
        clock.advance(Duration.ofMinutes(6));
        Awaitility.await("a reminder").atMost(LONG).until(() -> split.text().contains("still waiting (6 min)"));
        assertThat(split.lastSaved.waitingFor()).isEqualTo("pair CG1/p1 is being split by build #7");
        clock.advance(Duration.ofMinutes(5));
        split.awaitEnd();

        assertThat(split.failure.kind()).isEqualTo(OperationFailure.Kind.TIMED_OUT_WAITING);
        assertThat(split.failure.message()).contains("timed out after 11 min").contains("nothing was sent");
        assertThat(sim.admin().requests()).isEmpty();
        assertThat(store.heldResources()).containsExactly(LockKeys.pair(ARRAY, "CG1", "p1"));
    }

    @Test
    void afterARestartFormerHoldersReclaimBeforeWaitersWhateverTheResumeOrder() throws Exception {
        create("p1", 100, 101);
        // The saved states of before the restart: A held p1 (its split not yet sent), B waited for it.
        SavedOperation a = saved("A", OperationType.SPLIT, ref("p1"), Instant.now());
        a = new SavedOperation(a.id(), a.state(), a.locks(), a.lockDescription(), true, null, null, null);
        SavedOperation b = saved("B", OperationType.RESYNC, ref("p1"), Instant.now());
        b = new SavedOperation(b.id(), b.state(), b.locks(), b.lockDescription(), false, "split CG1/p1 by A",
                Instant.now(), Instant.now());
        OperationRuntime restarted = runtime();
        Recorder waiter = new Recorder("B");
        Recorder holder = new Recorder("A");
        restarted.resume(b, new OperationSpec(ARRAY, new Connector(), false), waiter);
        restarted.resume(a, new OperationSpec(ARRAY, new Connector(), false), holder);

        holder.awaitEnd();
        waiter.awaitEnd();
        assertThat(holder.failure).isNull();
        assertThat(holder.result.pvolStatus()).isEqualTo("PSUS");
        assertThat(holder.text()).startsWith("resumed after a restart");
        assertThat(waiter.failure).isNull();
        assertThat(waiter.result.pvolStatus()).isEqualTo("PAIR");
        assertThat(waiter.text()).contains("done waiting after");
        assertThat(completionOrder).containsExactly("A", "B");
        assertThat(sim.admin().requestCount("POST", "actions/resync/invoke$")).as("resyncs after the split").isEqualTo(1);
    }

    @Test
    void aLostClaimAfterARestartIsReportedAndNothingIsSent() throws Exception {
        create("p1", 100, 101);
        sim.admin().clearRequestLog();
        store.tryAcquire(List.of(LockKeys.pair(ARRAY, "CG1", "p1")), "other", "pair CG1/p1 is being deleted by build #9");
        SavedOperation a = saved("A", OperationType.SPLIT, ref("p1"), Instant.now());
        a = new SavedOperation(a.id(), a.state(), a.locks(), a.lockDescription(), true, null, null, null);
        Recorder holder = new Recorder("A");
        runtime().resume(a, new OperationSpec(ARRAY, new Connector(), false), holder);

        holder.awaitEnd();
        assertThat(holder.failure.kind()).isEqualTo(OperationFailure.Kind.LOCK_LOST);
        assertThat(holder.failure.message()).contains("pair CG1/p1 is being deleted by build #9").contains("sends nothing more");
        assertThat(sim.admin().requests()).isEmpty();
        assertThat(store.heldResources()).containsExactly(LockKeys.pair(ARRAY, "CG1", "p1"));
    }
}
