package io.jenkins.plugins.shadowimage.core.runtime;

import org.awaitility.Awaitility;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.client.ClientListener;
import io.jenkins.plugins.shadowimage.core.client.VspClient;
import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.VspTransportException;
import io.jenkins.plugins.shadowimage.core.client.model.CreatePairSpec;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import io.jenkins.plugins.shadowimage.simulator.FaultKind;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Job ends seen at the physical limit: the array holds the job read until the job ends (Response-Job-Status:
 * Completed), over the asynchronous HTTP client, so the runtime's one thread is free meanwhile; arrays that answer
 * at once are polled; an abort while the array holds the read sends nothing more and leaves no session.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HeldJobReadsTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final String JOB_READ = "/jobs/[0-9]+$";

    private VspSimulator sim;
    private ArrayAccess access;
    private ScheduledExecutorService pool;
    private final SimSupport.Events events = new SimSupport.Events();
    private final SimSupport.LogCapture logs = new SimSupport.LogCapture();

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
        access.close();
        logs.closeAndCheck(sim, events.text());
        sim.close();
    }

    /** Every job of this array takes {@code job}; the client asks it to hold job reads up to 30 s. */
    private void array(Duration job, boolean holdsJobReads) {
        sim = VspSimulator.start(SimSupport.config().jobDuration(job).responseJobStatusHonoured(holdsJobReads).build());
        access = SimSupport.access(sim, SimSupport.clientOptions().responseMaxWait(Duration.ofSeconds(30)).build());
    }

    private static PairRequest acceptedCreate(String pair, int pvol, int svol) {
        return SimSupport.pair("CG1", pair, pvol, svol).waitFor(WaitFor.ACCEPTED).build();
    }

    @Test
    void theJobEndIsSeenOnTheHeldAnswerWithOneJobRead() throws Exception {
        array(Duration.ofMillis(1500), true);
        PairInfo created = SimSupport.run(access, events, OperationType.CREATE, acceptedCreate("p1", 100, 101));

        assertThat(created.outcome()).isEqualTo("ACCEPTED");
        assertThat(sim.admin().requestCount("GET", JOB_READ)).isEqualTo(1);
        // Answered when the job completed, not before: the array held it.
        SimulatorAdmin.JobInfo job = sim.admin().jobs().get(0);
        RequestRecord read = sim.admin().requests().stream().filter(r -> r.path().matches(".*" + JOB_READ)).findFirst()
                .orElseThrow();
        assertThat(read.time()).isAfterOrEqualTo(job.completedTime().minusMillis(50));
        assertThat(job.status()).isEqualTo("Completed");
    }

    @Test
    void aHeldReadNeverOutlastsTheOperationsDeadline() throws Exception {
        sim = VspSimulator.start(SimSupport.config().jobDuration(Duration.ofSeconds(8)).copyRateMiBPerSecondPerPace(1)
                .build());
        access = SimSupport.access(sim, SimSupport.clientOptions().responseMaxWait(Duration.ofSeconds(30)).build());
        // The timeout is reported while the job still runs: the read was not held until the job's end.
        PairRequest request = SimSupport.pair("CG1", "p1", 100, 101).timeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> SimSupport.run(access, events, OperationType.CREATE, request))
                .isInstanceOfSatisfying(ShadowImageException.class,
                        e -> assertThat(e.category()).isEqualTo(ShadowImageException.Category.TIMEOUT));
        assertThat(sim.admin().jobs().get(0).status()).isNotEqualTo("Completed");
    }

    @Test
    void anArrayThatAnswersJobReadsAtOnceIsPolled() throws Exception {
        array(Duration.ofMillis(1500), false);
        PairInfo first = SimSupport.run(access, events, OperationType.CREATE, acceptedCreate("p1", 100, 101));
        PairInfo second = SimSupport.run(access, events, OperationType.CREATE, acceptedCreate("p2", 102, 103));

        assertThat(first.outcome()).isEqualTo("ACCEPTED");
        assertThat(second.outcome()).isEqualTo("ACCEPTED");
        assertThat(sim.admin().requestCount("GET", JOB_READ)).isGreaterThanOrEqualTo(4);
        assertThat(sim.admin().pairs()).hasSize(2);
    }

    @Test
    void aHeldReadTheArrayRefusesAsBusyIsRepeatedAsAPoll() throws Exception {
        array(Duration.ofMillis(800), true);
        sim.admin().injectFault("GET", JOB_READ, FaultKind.BUSY, 1);
        PairInfo created = SimSupport.run(access, events, OperationType.CREATE, acceptedCreate("p1", 100, 101));

        assertThat(created.outcome()).isEqualTo("ACCEPTED");
        List<Integer> statuses = sim.admin().requests().stream().filter(r -> r.path().matches(".*" + JOB_READ))
                .map(RequestRecord::status).toList();
        assertThat(statuses.get(0)).isEqualTo(503);
        assertThat(statuses.get(statuses.size() - 1)).isEqualTo(200);
    }

    @Test
    void noThreadWaitsWhileTheArrayHoldsTheReadAndAnAbortThenSendsNothingMore() throws Exception {
        array(Duration.ofSeconds(6), true);
        pool = Executors.newScheduledThreadPool(1);
        OperationRuntime rt = new OperationRuntime(() -> pool, new InMemoryLockStore(), array -> Optional.empty(),
                Clock.systemUTC(), new RuntimeOptions(Duration.ofMillis(50), Duration.ofMinutes(5), Duration.ZERO,
                        SimSupport.engineOptions()));
        Surface createA = new Surface();
        RunningOperation a = rt.start(saved("A", OperationType.CREATE, acceptedCreate("p1", 100, 101)), spec(), createA);
        Awaitility.await("the array to hold A's job read").atMost(LONG).until(() -> sim.admin().heldResponseCount() == 1);
        assertThat(a.stepInFlight()).isFalse();

        // The runtime's only thread serves another operation meanwhile.
        Surface statusB = new Surface();
        rt.start(saved("B", OperationType.STATUS, SimSupport.pairRef("CG2", "nope").build()), spec(), statusB);
        PairInfo b = statusB.end.get(30, TimeUnit.SECONDS);
        assertThat(b.outcome()).isEqualTo("NOT_FOUND");
        assertThat(sim.admin().heldResponseCount()).isEqualTo(1);

        long before = lastSequence();
        a.abort(new InterruptedException("aborted by the test"));
        assertThat(createA.end).failsWithin(LONG);
        Awaitility.await("A's session discarded").atMost(LONG).until(() -> sim.admin().openSessionCount() == 0);
        // At once, not when the job ends and the array lets go of the read.
        assertThat(sim.admin().heldResponseCount()).isEqualTo(1);
        Awaitility.await("the array to end the hold").atMost(LONG).until(() -> sim.admin().heldResponseCount() == 0);
        List<String> after = sim.admin().requests().stream().filter(r -> r.sequence() > before)
                .map(RequestRecord::endpoint).toList();
        // The held read itself is logged when the array lets go of it; nothing else but the session discard.
        assertThat(after).containsExactlyInAnyOrder("DELETE /sessions/{id}", "GET /jobs/{id}");
        assertThat(sim.admin().requestCount("GET", JOB_READ)).isEqualTo(1);
    }

    @Test
    void theHeldReadWaitsForItsTurnInTheRequestBudgetLikeEveryRequest() throws Exception {
        sim = VspSimulator.start(SimSupport.config().jobDuration(Duration.ofSeconds(5)).build());
        // One request per second at most: the create's job read right after it has to wait for its turn.
        access = SimSupport.access(sim, SimSupport.clientOptions().requestRateLimit(1).build());
        VspClient client = access.client();
        VspSession s = client.openSession(ClientListener.NONE);
        long jobId = s.createPair(new CreatePairSpec("CG1", "p1", "SI", 100, 101, true, null, null, null, null, null,
                null, null, null, null)).jobId();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> s.holdJobRead(jobId, Duration.ofSeconds(30), () -> { })).isInstanceOf(VspTransportException.class)
                    .hasMessageContaining("request budget");
        } finally {
            Thread.interrupted();
            s.close();
        }
        assertThat(sim.admin().requestCount("GET", JOB_READ)).isZero();
        assertThat(client.heldJobRead(jobId)).isEmpty();
        Awaitility.await("the session discarded").atMost(LONG).until(() -> sim.admin().openSessionCount() == 0);
    }

    @Test
    void closingTheClientWhileTheArrayHoldsAReadDiscardsItsSessionBeforeItReturns() throws Exception {
        sim = VspSimulator.start(SimSupport.config().jobDuration(Duration.ofSeconds(6)).build());
        access = SimSupport.access(sim, SimSupport.clientOptions().responseMaxWait(Duration.ofSeconds(30)).build());
        VspClient client = access.client();
        try (VspSession s = client.openSession(ClientListener.NONE)) {
            long jobId = s.createPair(new CreatePairSpec("CG1", "p1", "SI", 100, 101, true, null, null, null, null, null,
                    null, null, null, null)).jobId();
            s.holdJobRead(jobId, Duration.ofSeconds(30), null);
        }
        Awaitility.await("the array to hold the job read").atMost(LONG).until(() -> sim.admin().heldResponseCount() == 1);
        assertThat(sim.admin().openSessionCount()).isEqualTo(1);

        access.close(); // as the CLI does after Ctrl-C or SIGTERM
        assertThat(sim.admin().openSessionCount()).isZero();
        assertThat(sim.admin().heldResponseCount()).isEqualTo(1);
    }

    private long lastSequence() {
        List<RequestRecord> all = sim.admin().requests();
        return all.isEmpty() ? 0 : all.get(all.size() - 1).sequence();
    }

    private OperationSpec spec() {
        return new OperationSpec("vsp-1", ArrayConnector.shared(access), false);
    }

    private static SavedOperation saved(String name, OperationType type, PairRequest request) throws Exception {
        OperationState st = OperationState.start(type, request, Instant.now());
        return SavedOperation.start(name, st, LockKeys.forOperation("vsp-1", type, request), name);
    }

    /** Completes {@link #end} with the result or the failure. */
    private final class Surface implements OperationContext {
        final CompletableFuture<PairInfo> end = new CompletableFuture<>();

        @Override
        public void saveState(SavedOperation saved) {
        }

        @Override
        public void log(String line) {
            SimSupport.assertNoSecrets(line);
        }

        @Override
        public ProgressListener progress() {
            return events;
        }

        @Override
        public void succeeded(PairInfo result) {
            end.complete(result);
        }

        @Override
        public void failed(OperationFailure failure) {
            end.completeExceptionally(new IllegalStateException(failure.message()));
        }
    }

    @Test
    void aCancelRightAfterTheAnswerDiscardsTheSessionLeftForTheNextStep() throws Exception {
        array(Duration.ofMillis(300), true);
        SimSupport.run(access, events, OperationType.CREATE, acceptedCreate("p1", 100, 101));
        long jobId = sim.admin().jobs().get(0).jobId();
        VspClient client = access.client();
        CountDownLatch answered = new CountDownLatch(1);
        VspSession session = client.openSession(ClientListener.NONE);
        session.holdJobRead(jobId, Duration.ofSeconds(5), answered::countDown);
        assertThat(answered.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(sim.admin().openSessionCount()).as("left idle for the next step").isEqualTo(1);
        // The operation was aborted before its next step took the session: nobody else will.
        client.cancelHeldJobRead(jobId);
        assertThat(sim.admin().openSessionCount()).as("sessions open once the cancel returned").isZero();
    }
}
