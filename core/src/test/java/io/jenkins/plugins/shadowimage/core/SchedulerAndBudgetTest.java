package io.jenkins.plugins.shadowimage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationDriver;
import io.jenkins.plugins.shadowimage.core.engine.OperationHandle;
import io.jenkins.plugins.shadowimage.core.engine.OperationScheduler;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ProgressEvent;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.StateSink;
import io.jenkins.plugins.shadowimage.core.session.SessionBudget;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The non-blocking scheduler, the JVM-wide session budget, and session sharing. */
class SchedulerAndBudgetTest {
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
        logs.close();
        SimSupport.assertNoOpenSessions(sim);
        SimSupport.assertNoSecrets(logs.text());
        SimSupport.assertNoSecrets(events.text());
    }

    @Test
    void manyConcurrentOperationsOnFewThreadsRespectTheSessionBudget() throws Exception {
        AtomicInteger maxOpen = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                maxOpen.accumulateAndGet(sim.admin().openSessionCount(), Math::max);
                Thread.onSpinWait();
            }
        });
        try (ArrayAccess access = SimSupport.access(sim, SimSupport.clientOptions().sessionBudget(2).build());
                OperationScheduler scheduler = new OperationScheduler(3)) {
            OperationDriver driver = new OperationDriver(access, events, SimSupport.engineOptions());
            sampler.start();
            List<OperationHandle> handles = new ArrayList<>();
            AtomicInteger saves = new AtomicInteger();
            StateSink sink = s -> saves.incrementAndGet();
            for (int i = 0; i < 12; i++) {
                PairRequest r = SimSupport.pair("G" + i, "p" + i, 100 + 2 * i, 101 + 2 * i).build();
                handles.add(scheduler.submit(driver, OperationState.start(OperationType.CREATE, r, Instant.now()), sink));
            }
            for (OperationHandle h : handles) {
                PairInfo info = h.future().get(120, TimeUnit.SECONDS);
                assertThat(info.pvolStatus()).isEqualTo("PAIR");
            }
            assertThat(scheduler.active()).isZero();
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
    void cancelStopsDrivingWithoutLeavingASession() throws Exception {
        try (ArrayAccess access = SimSupport.access(sim); OperationScheduler scheduler = new OperationScheduler(2)) {
            sim.admin().setTimeScale(0.1);
            OperationDriver driver = new OperationDriver(access, events, SimSupport.engineOptions());
            OperationHandle h = scheduler.submit(driver, OperationState.start(OperationType.CREATE,
                    SimSupport.pair("CG1", "p1", 400, 401).copyPace(1).build(), Instant.now()), StateSink.NONE);
            SimSupport.await("copy started", Duration.ofSeconds(30), () -> "COPY".equals(h.state().lastPvolStatus()));
            h.cancel();
            assertThatThrownBy(() -> h.future().join()).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(ShadowImageException.class)
                    .satisfies(e -> assertThat(((ShadowImageException) e.getCause()).category())
                            .isEqualTo(ShadowImageException.Category.INTERRUPTED));
            sim.admin().setTimeScale(1);
        }
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
            SimSupport.await("linger over", Duration.ofSeconds(10), () -> sim.admin().openSessionCount() == 0);
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
