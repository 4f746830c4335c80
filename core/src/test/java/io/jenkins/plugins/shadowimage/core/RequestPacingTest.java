package io.jenkins.plugins.shadowimage.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.RequestBudget;
import io.jenkins.plugins.shadowimage.core.client.VspClient;
import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.model.ActionParams;
import io.jenkins.plugins.shadowimage.core.client.model.PairId;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.StateSink;
import io.jenkins.plugins.shadowimage.simulator.FaultKind;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.awaitility.Awaitility;

/**
 * The JVM-wide request budget of a REST server, counted from the simulator's request log: a burst of concurrent
 * operations stays within the rate, busy answers teach it and it recovers, and a mutating request goes ahead of
 * polling reads.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RequestPacingTest {
    /** A simulator per test: each test counts the requests of its own server. */
    @RegisterExtension
    final VspSimulatorExtension array = VspSimulatorExtension.create(SimSupport.config());

    VspSimulator sim;
    SimSupport.LogCapture logs;

    @BeforeEach
    void setUp() {
        sim = array.simulator();
        logs = new SimSupport.LogCapture();
    }

    @AfterEach
    void tearDown() {
        logs.closeAndCheck(sim);
    }

    /**
     * Waits until the simulator's log spans {@code seconds} seconds from its next request on, and returns that
     * request's sequence number.
     */
    private long awaitPacedSeconds(int seconds) {
        long from = lastSequence() + 1;
        Awaitility.await(seconds + " paced seconds").atMost(Duration.ofSeconds(30)).until(() -> {
            List<RequestRecord> all = sim.admin().requests();
            return all.get(all.size() - 1).time().isAfter(all.stream().filter(r -> r.sequence() == from)
                    .findFirst().map(r -> r.time().plusSeconds(seconds)).orElse(Instant.MAX));
        });
        return from;
    }

    /** Threads that read one pair over and over, each in its own session, until stopped. */
    private static final class PairReaders implements AutoCloseable {
        private final AtomicBoolean reading = new AtomicBoolean(true);
        private final AtomicInteger failures = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();

        static PairReaders start(VspClient client, int count) {
            return start(client, count, 0);
        }

        /** {@code count} readers in one session each, and {@code loggingIn} that log in and out for every read. */
        static PairReaders start(VspClient client, int count, int loggingIn) {
            PairId id = new PairId("CG1", "CG1P_", "CG1S_", "p1");
            PairReaders readers = new PairReaders();
            for (int i = 0; i < count + loggingIn; i++) {
                boolean oneSession = i < count;
                Thread t = new Thread(() -> {
                    try {
                        if (oneSession) {
                            try (VspSession s = client.openSession(null)) {
                                while (readers.reading.get()) {
                                    s.findPair(id);
                                }
                            }
                        } else {
                            while (readers.reading.get()) {
                                try (VspSession s = client.openSession(null)) {
                                    s.findPair(id);
                                }
                            }
                        }
                    } catch (Exception e) {
                        readers.failures.incrementAndGet();
                    }
                }, "reader-" + i);
                readers.threads.add(t);
                t.start();
            }
            return readers;
        }

        /** Stops the readers, waits for them, and returns how many reads failed. */
        int stop() throws InterruptedException {
            reading.set(false);
            for (Thread t : threads) {
                t.join();
            }
            return failures.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    /** The most requests the simulator served in one second of its log, from {@code fromSequence} on. */
    private int busiestSecond(long fromSequence) {
        Map<Long, Integer> perSecond = new TreeMap<>();
        for (RequestRecord r : sim.admin().requests()) {
            if (r.sequence() >= fromSequence) {
                perSecond.merge(r.time().getEpochSecond(), 1, Integer::sum);
            }
        }
        return perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private long lastSequence() {
        List<RequestRecord> all = sim.admin().requests();
        return all.isEmpty() ? 0 : all.get(all.size() - 1).sequence();
    }

    @Test
    void aBurstOfConcurrentOperationsNeverExceedsTheRateLimit() throws Exception {
        int limit = 10;
        // no server-side job wait: the log records a request when it is answered, a held one late
        ClientOptions paced = SimSupport.clientOptions().requestRateLimit(limit).responseMaxWait(Duration.ZERO).build();
        try (ArrayAccess access = SimSupport.access(sim, paced); TestRuntime runtime = new TestRuntime(4)) {
            // Warm up (JIT, TLS): the log records a request when answered, and a cold first handshake answers late.
            SimSupport.run(access, new SimSupport.Events(), OperationType.STATUS, SimSupport.pairRef("W", "w").build());
            // The array refuses what is beyond the same rate, counted in its own fixed seconds.
            sim.admin().setRequestRateLimit(limit);
            sim.admin().clearRequestLog();
            SimSupport.Events events = new SimSupport.Events();
            List<TestRuntime.Run> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                PairRequest r = SimSupport.pair("B" + i, "p" + i, 100 + 2 * i, 101 + 2 * i).build();
                runs.add(runtime.start(access, events, OperationState.start(OperationType.CREATE, r, Instant.now()),
                        StateSink.NONE));
            }
            for (TestRuntime.Run run : runs) {
                assertThat(run.await().pvolStatus()).isEqualTo("PAIR");
            }
        }
        assertThat(sim.admin().requests()).hasSizeGreaterThan(3 * limit);
        assertThat(busiestSecond(0)).isLessThanOrEqualTo(limit);
        assertThat(sim.admin().requests()).as("requests the array refused as over its rate")
                .noneMatch(r -> r.status() == 503);
    }

    @Test
    void againstTheArraysOwnRateTheBudgetLearnsItAndTheRefusalsStop() throws Exception {
        int cap = 12;
        sim.admin().setRequestRateLimit(cap);
        try (VspClient client = new VspClient(SimSupport.endpoint(sim), SimSupport.credentials(),
                SimSupport.clientOptions().build());
                PairReaders readers = PairReaders.start(client, 4)) {
            RequestBudget budget = client.requestBudget();
            Awaitility.await("a limit learnt from the array's refusals").atMost(Duration.ofSeconds(30)).until(() -> budget.limit() > 0);
            // Back at what it learnt, the budget stays under the array's rate: a stretch without a refusal.
            Awaitility.await("the limit back at the capacity").atMost(Duration.ofSeconds(60)).until(() -> budget.limit() == budget.capacity());
            long from = awaitPacedSeconds(4);
            assertThat(readers.stop()).as("every read retried through the refusals").isZero();
            assertThat(budget.capacity()).isLessThanOrEqualTo(cap);
            List<RequestRecord> paced = sim.admin().requests().stream().filter(r -> r.sequence() >= from).toList();
            assertThat(paced).as("served while paced").hasSizeGreaterThan(2 * cap);
            assertThat(paced).as("refused while paced").noneMatch(r -> r.status() == 503);
        }
    }

    /**
     * The array counts a request when it arrives: a login after its second of latency, any request after a jittery
     * delay. However late its requests arrive, the budget never exceeds a cap it learnt, in any of the array's seconds.
     */
    @Test
    void withSlowLoginsAndJitteryLatenciesTheRefusalsEndWithTheFirstOverloads() throws Exception {
        int cap = 8;
        VspSimulator slow = VspSimulator.start(SimSupport.config().loginLatency(Duration.ofSeconds(1))
                .requestLatency(Duration.ZERO, Duration.ofMillis(250)).requestRateLimit(cap).build());
        sim = slow;
        try (slow; VspClient client = new VspClient(SimSupport.endpoint(sim), SimSupport.credentials(),
                SimSupport.clientOptions().build());
                PairReaders readers = PairReaders.start(client, 4, 3)) {
            RequestBudget budget = client.requestBudget();
            Awaitility.await("a limit learnt from the array's refusals").atMost(Duration.ofSeconds(30))
                    .until(() -> budget.limit() > 0);
            // a second overload may correct a first estimate that took in the second before the array's
            awaitPacedSeconds(3);
            long from = awaitPacedSeconds(6);
            assertThat(readers.stop()).as("every read retried through the refusals").isZero();
            List<RequestRecord> paced = sim.admin().requests().stream().filter(r -> r.sequence() >= from).toList();
            assertThat(paced).as("served while paced").hasSizeGreaterThan(3 * cap);
            assertThat(paced).as("refused once the cap was learnt").noneMatch(r -> r.status() == 503);
            assertThat(busiestSecond(from)).isLessThanOrEqualTo(cap);
            assertThat(budget.limit()).isLessThanOrEqualTo(cap);
        }
    }

    @Test
    void aBusyAnswerTeachesTheRateServedAndTheReadsGoOnAtIt() throws Exception {
        try (VspClient client = new VspClient(SimSupport.endpoint(sim), SimSupport.credentials(),
                SimSupport.clientOptions().build());
                PairReaders readers = PairReaders.start(client, 3)) {
            RequestBudget budget = client.requestBudget();
            Awaitility.await("readers busy").atMost(Duration.ofSeconds(30))
                    .until(() -> sim.admin().requestCount("GET", "/local-clone-copypairs/") > 50);
            assertThat(budget.limit()).as("not paced before a busy answer").isZero();
            // One refusal: one overload, and what was served in the second before it is the pace.
            sim.admin().injectFault("GET", "/local-clone-copypairs/", FaultKind.HTTP_503, 1);
            Awaitility.await("a limit learnt").atMost(Duration.ofSeconds(30)).until(() -> budget.limit() > 0);
            int learnt = budget.limit();
            assertThat(learnt).isEqualTo(budget.capacity());
            assertThat(budget.refusedRate()).isEqualTo(learnt + 1);
            long from = awaitPacedSeconds(3);
            assertThat(readers.stop()).as("every read retried through the busy answer").isZero();
            assertThat(busiestSecond(from)).isLessThanOrEqualTo(learnt);
            long paced = sim.admin().requests().stream().filter(r -> r.sequence() >= from).count();
            assertThat(paced).as("reads in three paced seconds: the rate is not halved").isGreaterThanOrEqualTo(2L * learnt);
        }
        assertThat(logs.text().split("pacing to", -1)).as("one log line per change").hasSize(2);
    }

    @Test
    void aMutatingRequestGoesAheadOfPollingReads() throws Exception {
        try (ArrayAccess setup = SimSupport.access(sim)) {
            SimSupport.run(setup, new SimSupport.Events(), OperationType.CREATE,
                    SimSupport.pair("CG1", "p1", 100, 101).build());
        }
        PairId id = new PairId("CG1", "CG1P_", "CG1S_", "p1");
        ClientOptions paced = SimSupport.clientOptions().requestRateLimit(3).sessionBudget(16).build();
        AtomicBoolean polling = new AtomicBoolean(true);
        List<Thread> pollers = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        try (VspClient client = new VspClient(SimSupport.endpoint(sim), SimSupport.credentials(), paced)) {
            for (int i = 0; i < 10; i++) {
                Thread t = new Thread(() -> {
                    try (VspSession s = client.openSession(null)) {
                        s.readPriority(RequestBudget.Priority.POLL);
                        while (polling.get()) {
                            s.findPair(id);
                        }
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }, "poller-" + i);
                pollers.add(t);
                t.start();
            }
            try (VspSession s = client.openSession(null)) {
                s.login();
                Awaitility.await("every poller polling").atMost(Duration.ofSeconds(60))
                        .until(() -> sim.admin().requestCount("GET", "/local-clone-copypairs/") >= 10);
                long before = lastSequence();
                s.splitPair(id, ActionParams.NONE);
                List<RequestRecord> log = sim.admin().requests();
                long split = log.stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/split/invoke"))
                        .mapToLong(RequestRecord::sequence).max().orElseThrow();
                long pollsAhead = log.stream().filter(r -> r.sequence() > before && r.sequence() < split).count();
                // only polls already sent (at most the limit) may answer first; the queued ones wait
                assertThat(pollsAhead).isLessThanOrEqualTo(3);
            } finally {
                polling.set(false);
                for (Thread t : pollers) {
                    t.join();
                }
            }
        }
        assertThat(failures).isEmpty();
    }
}
