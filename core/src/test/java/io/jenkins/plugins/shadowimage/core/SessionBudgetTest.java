package io.jenkins.plugins.shadowimage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.ProgressEvent;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.StateSink;
import io.jenkins.plugins.shadowimage.core.client.SessionBudget;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.awaitility.Awaitility;

/** Many operations on few runtime threads, the JVM-wide session budget, and session sharing. */
class SessionBudgetTest {
    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimSupport.config().build());

    VspSimulator sim;
    SimSupport.Events events = new SimSupport.Events();
    SimSupport.LogCapture logs;

    @BeforeEach
    void setUp() {
        sim = SIM.simulator();
        logs = new SimSupport.LogCapture();
    }

    @AfterEach
    void tearDown() {
        logs.closeAndCheck(sim, events.text());
    }

    @Test
    void manyConcurrentOperationsOnFewThreadsRespectTheSessionBudget() throws Exception {
        AtomicInteger maxOpen = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                maxOpen.accumulateAndGet(sim.admin().openSessionCount(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (ArrayAccess access = SimSupport.access(sim, SimSupport.clientOptions().sessionBudget(2).build());
                TestRuntime runtime = new TestRuntime(3)) {
            sampler.start();
            List<TestRuntime.Run> runs = new ArrayList<>();
            AtomicInteger saves = new AtomicInteger();
            StateSink sink = s -> saves.incrementAndGet();
            for (int i = 0; i < 12; i++) {
                PairRequest r = SimSupport.pair("G" + i, "p" + i, 100 + 2 * i, 101 + 2 * i).build();
                runs.add(runtime.start(access, events, OperationState.start(OperationType.CREATE, r, Instant.now()), sink));
            }
            for (TestRuntime.Run run : runs) {
                assertThat(run.await().pvolStatus()).isEqualTo("PAIR");
            }
            assertThat(runtime.active()).isZero();
            assertThat(saves.get()).isGreaterThanOrEqualTo(12 * 3);
        } finally {
            sampling.set(false);
            sampler.join();
        }
        assertThat(maxOpen.get()).as("sessions open at once").isLessThanOrEqualTo(2);
        assertThat(events.messages(ProgressEvent.Kind.PERMIT_WAIT)).isNotEmpty()
                .allMatch(m -> m.contains("waiting for a REST session permit"));
        assertThat(sim.admin().pairs()).hasSize(12);
    }

    @Test
    void anAbortWithALoginInFlightEndsWithEverySessionDiscarded() throws Exception {
        // Every step logs in (no sharing) and each login takes half a second: the abort lands while a step talks to
        // the array, most often in the middle of its login. The copy takes half an hour: the create is still going.
        try (VspSimulator slowLogins = VspSimulator.start(SimSupport.config().loginLatency(Duration.ofMillis(500))
                        .copyRateMiBPerSecondPerPace(1).build());
                ArrayAccess access = SimSupport.access(slowLogins); TestRuntime runtime = new TestRuntime(2)) {
            TestRuntime.Run run = runtime.start(access, events, OperationState.start(OperationType.CREATE,
                    SimSupport.pair("CG1", "p1", 400, 401).copyPace(1).build(), Instant.now()), StateSink.NONE);
            Awaitility.await("create accepted, a step in flight").atMost(Duration.ofSeconds(60))
                    .until(() -> run.state().jobId() != null && run.stepInFlight());
            run.abort();
            assertThatThrownBy(run::await).isInstanceOfSatisfying(ShadowImageException.class,
                    e -> assertThat(e.category()).isEqualTo(ShadowImageException.Category.INTERRUPTED));
            // The abort completes only once the step in flight has ended, its session discarded: none is left to
            // expire by aliveTime, whatever the abort interrupted.
            assertThat(slowLogins.admin().openSessionCount()).as("sessions open when the abort completed").isZero();
            assertThat(slowLogins.admin().requestCount("DELETE", "/sessions/"))
                    .isEqualTo(slowLogins.admin().requestCount("POST", "/sessions$"));
        }
    }

    @Test
    void anAbortWhileTheLoginOfAHeldJobReadAwaitsItsAnswerEndsWithThatSessionDiscarded() throws Exception {
        // The step after the create asks the array to hold a job read. Its login opens the session on the array at
        // once and answers a second later: the abort lands in that second, so the step learns of the session only
        // after the interrupt. Logouts are slow: a discard left to another thread would still be on its way when the
        // abort completes.
        try (VspSimulator slow = VspSimulator.start(SimSupport.config().loginAnswerDelay(Duration.ofSeconds(1))
                        .logoutLatency(Duration.ofMillis(500)).copyRateMiBPerSecondPerPace(1).build());
                ArrayAccess access = SimSupport.access(slow); TestRuntime runtime = new TestRuntime(2)) {
            TestRuntime.Run run = runtime.start(access, events, OperationState.start(OperationType.CREATE,
                    SimSupport.pair("CG1", "p1", 400, 401).copyPace(1).build(), Instant.now()), StateSink.NONE);
            Awaitility.await("the job read's login waits for its answer").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> run.state().phase() == Phase.POLL_JOB && aLoginAwaitsItsAnswer(slow));
            run.abort();
            assertThatThrownBy(run::await).isInstanceOfSatisfying(ShadowImageException.class,
                    e -> assertThat(e.category()).isEqualTo(ShadowImageException.Category.INTERRUPTED));
            assertThat(slow.admin().openSessionCount()).as("sessions open when the abort completed").isZero();
            assertThat(slow.admin().requestCount("DELETE", "/sessions/"))
                    .isEqualTo(slow.admin().requestCount("POST", "/sessions$"));
            assertThat(slow.admin().requestCount("GET", "/jobs/")).as("job reads sent after the abort").isZero();
        }
    }

    /** Sessions are numbered from 1 in login order: one numbered beyond the answered logins awaits its answer. */
    private static boolean aLoginAwaitsItsAnswer(VspSimulator sim) {
        List<Integer> open = sim.admin().openSessions().stream().map(s -> s.sessionId()).toList();
        long answered = sim.admin().requestCount("POST", "/sessions$");
        return open.stream().anyMatch(id -> id > answered);
    }

    @Test
    void idleSessionsAreSharedBetweenStepsAndDiscardedOnClose() throws Exception {
        ClientOptions sharing = SimSupport.clientOptions().sessionLinger(Duration.ofSeconds(5)).build();
        try (ArrayAccess access = SimSupport.access(sim, sharing)) {
            SimSupport.run(access, events, OperationType.CREATE, SimSupport.pair("CG1", "p1", 100, 101).build());
            SimSupport.run(access, events, OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").build());
            // many steps, one login: the idle session was handed from step to step
            assertThat(sim.admin().requestCount("POST", "/sessions$")).isEqualTo(1);
            assertThat(sim.admin().openSessionCount()).isEqualTo(1);
        }
        assertThat(sim.admin().openSessionCount()).isZero();
    }

    @Test
    void idleSharedSessionIsDiscardedAfterTheLinger() throws Exception {
        ClientOptions sharing = SimSupport.clientOptions().sessionLinger(Duration.ofMillis(300)).build();
        try (ArrayAccess access = SimSupport.access(sim, sharing)) {
            SimSupport.run(access, events, OperationType.STATUS, SimSupport.pairRef("CG1", "p1").build());
            Awaitility.await("linger over").atMost(Duration.ofSeconds(10))
                    .until(() -> sim.admin().openSessionCount() == 0);
        }
    }

    @Test
    void waitersAreWokenWhenAPermitIsReturnedInsteadOfPolling() throws Exception {
        // permitRetry of 10 min: the operations finish only because returned permits wake the next waiter
        var engine = io.jenkins.plugins.shadowimage.core.engine.EngineOptions.builder()
                .jobPollInitial(Duration.ofMillis(50)).jobPollMax(Duration.ofMillis(300))
                .statusPollMin(Duration.ofMillis(50)).statusPollMax(Duration.ofMillis(500))
                .permitRetry(Duration.ofMinutes(10)).build();
        try (ArrayAccess access = SimSupport.access(sim, SimSupport.clientOptions().sessionBudget(1).build());
                TestRuntime runtime = new TestRuntime(4, engine)) {
            List<TestRuntime.Run> runs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                runs.add(runtime.start(access, events, OperationState.start(OperationType.STATUS,
                        SimSupport.pairRef("CG1", "p" + i).build(), Instant.now()), StateSink.NONE));
            }
            for (TestRuntime.Run run : runs) {
                assertThat(run.await().outcome()).isEqualTo("NOT_FOUND");
            }
            // and one that finds the only permit held outside the runtime
            var busy = access.client().openSession(null);
            Thread t = new Thread(() -> {
                Awaitility.await("operation queued").atMost(Duration.ofSeconds(30))
                        .until(() -> SessionBudget.forArray(access.client().arrayKey()).waiting() > 0);
                busy.close();
            });
            t.start();
            PairInfo r = runtime.start(access, events, OperationState.start(OperationType.STATUS,
                    SimSupport.pairRef("CG1", "x").build(), Instant.now()), StateSink.NONE).await();
            t.join();
            assertThat(r.outcome()).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void idleSessionOfOtherCredentialsIsReclaimedForTheFirstWaiter() throws Exception {
        ClientOptions oneSharedPermit = SimSupport.clientOptions().sessionBudget(1)
                .sessionLinger(Duration.ofSeconds(10)).build();
        var engine = io.jenkins.plugins.shadowimage.core.engine.EngineOptions.builder()
                .permitRetry(Duration.ofMinutes(10)).build();
        try (ArrayAccess mine = SimSupport.access(sim, oneSharedPermit);
                ArrayAccess other = new ArrayAccess(SimSupport.endpoint(sim),
                        io.jenkins.plugins.shadowimage.core.client.CredentialsSource.of("user1", "pass1".toCharArray()),
                        oneSharedPermit);
                TestRuntime runtime = new TestRuntime(2, engine)) {
            SimSupport.run(mine, events, OperationType.STATUS, SimSupport.pairRef("CG1", "p1").build());
            assertThat(sim.admin().openSessionCount()).as("idle shared session").isEqualTo(1);
            TestRuntime.Run run = runtime.start(other, events,
                    OperationState.start(OperationType.STATUS, SimSupport.pairRef("CG1", "p1").build(), Instant.now()),
                    StateSink.NONE);
            assertThat(run.await().outcome()).isEqualTo("NOT_FOUND");
            assertThat(sim.admin().openSessions()).allSatisfy(s -> assertThat(s.userId()).isEqualTo("user1"));
        }
    }

    @Test
    void budgetBoundsAndFairness() throws Exception {
        SessionBudget b = SessionBudget.forArray("test://budget");
        assertThatThrownBy(() -> b.setPermits(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.setPermits(65)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.builder().sessionBudget(65).build())
                .isInstanceOf(IllegalArgumentException.class);
        b.setPermits(1);
        Object first = new Object();
        Object second = new Object();
        var held = b.tryAcquire(first).orElseThrow();
        assertThat(b.tryAcquire(second)).isEmpty();
        held.close();
        held.close(); // idempotent
        Object third = new Object();
        assertThat(b.tryAcquire(third)).as("a newcomer does not overtake a queued waiter").isEmpty();
        var p2 = b.tryAcquire(second).orElseThrow();
        assertThat(b.inUse()).isEqualTo(1);
        p2.close();
        b.leaveQueue(third);
        List<String> waits = new ArrayList<>();
        var p3 = b.acquire(Duration.ofSeconds(5), waits::add);
        assertThat(waits).isEmpty();
        assertThatThrownBy(() -> b.acquire(Duration.ofMillis(100), waits::add))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(waits).singleElement().asString().contains("1 of 1 in use");
        p3.close();
    }
}
