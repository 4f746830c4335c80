package io.jenkins.plugins.shadowimage.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.TestRuntime;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.StateSink;
import io.jenkins.plugins.shadowimage.core.engine.WaitTarget;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A burst of new operations on a paced array: the steps of operations under way are not queued behind every start,
 * and the copies start first. Counted in the simulator's request log.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StartQueueTest {
    private static final int RATE = 10;
    private static final int BURST = 40;
    /** Creates of a burst of copies: more than can be started at a time. */
    private static final int COPIES = 20;

    /** A simulator per test: each counts the requests of its own server. */
    @RegisterExtension
    final VspSimulatorExtension array = VspSimulatorExtension.create(SimSupport.config()
            .addLdevRange(1000, 2 * COPIES, SimulatorConfig.GIB_BLOCKS));

    VspSimulator sim;
    ArrayAccess paced;
    TestRuntime runtime;

    @BeforeEach
    void setUp() throws Exception {
        sim = array.simulator();
        try (ArrayAccess setup = SimSupport.access(sim)) {
            SimSupport.run(setup, new SimSupport.Events(), OperationType.CREATE,
                    SimSupport.pair("CG1", "p1", 100, 101).build());
        }
        paced = SimSupport.access(sim, SimSupport.clientOptions().requestRateLimit(RATE).build());
        runtime = new TestRuntime(4);
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        paced.close();
    }

    /** Waits for pairs that do not exist to be gone: one read each, never shared. */
    private void startReadBurst() throws Exception {
        for (int i = 0; i < BURST; i++) {
            runtime.start(paced, null, OperationState.startWait(SimSupport.pairRef("R" + i, "r" + i).build(),
                    WaitTarget.GONE, Instant.now()), StateSink.NONE);
        }
    }

    private static boolean isBurstRead(RequestRecord r) {
        return r.method().equals("GET") && r.path().contains("/local-clone-copypairs/R");
    }

    @Test
    void aSplitUnderWayIsNotQueuedBehindABurstOfStarts() throws Exception {
        TestRuntime.Run split = runtime.start(paced, null, OperationState.start(OperationType.SPLIT,
                SimSupport.pairRef("CG1", "p1").build(), Instant.now()), StateSink.NONE);
        Awaitility.await("the split sent").atMost(Duration.ofSeconds(30))
                .until(() -> sim.admin().requestCount("POST", "/split/invoke") == 1);
        startReadBurst();
        assertThat(split.await().pvolStatus()).isEqualTo("PSUS");
        List<RequestRecord> log = sim.admin().requests();
        long splitSent = log.stream().filter(r -> r.path().endsWith("/split/invoke")).mapToLong(RequestRecord::sequence)
                .max().orElseThrow();
        long splitSeen = log.stream().filter(r -> r.method().equals("GET") && r.path().contains("p1"))
                .mapToLong(RequestRecord::sequence).max().orElseThrow();
        long readsBetween = log.stream().filter(r -> r.sequence() > splitSent && r.sequence() < splitSeen)
                .filter(StartQueueTest::isBurstRead).count();
        // A few operations are started at a time: the split's next steps (a held job read, the confirmation) wait for
        // a few rounds of those, not for the whole burst (without the queue: all 40 reads first).
        assertThat(readsBetween).as("reads of the burst ahead of the split's last read")
                .isLessThanOrEqualTo(3 * StartQueue.STARTING);
    }

    @Test
    void inABurstOfStartsTheCopiesStartFirst() throws Exception {
        startReadBurst();
        List<TestRuntime.Run> creates = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            creates.add(runtime.start(paced, null, OperationState.start(OperationType.CREATE,
                    SimSupport.pair("C" + i, "c" + i, 120 + 2 * i, 121 + 2 * i).build(), Instant.now()),
                    StateSink.NONE));
        }
        for (TestRuntime.Run c : creates) {
            assertThat(c.await().pvolStatus()).isEqualTo("PAIR");
        }
        List<RequestRecord> log = sim.admin().requests();
        long lastCreate = log.stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/local-clone-copypairs"))
                .mapToLong(RequestRecord::sequence).max().orElseThrow();
        long readsBefore = log.stream().filter(r -> r.sequence() < lastCreate).filter(StartQueueTest::isBurstRead)
                .count();
        // Started after the burst, the creates go ahead of every read not yet started; the reads started meanwhile
        // share the pool with their later steps (without the queue: all 40 reads first).
        assertThat(readsBefore).as("reads of the burst ahead of the last create")
                .isLessThanOrEqualTo(StartQueue.STARTING + 4 * creates.size());
    }

    @Test
    void aStatusReadStartedAfterABurstOfCopiesIsNotQueuedBehindThem() throws Exception {
        sim.admin().clearRequestLog();
        for (int i = 0; i < COPIES; i++) {
            runtime.start(paced, null, OperationState.start(OperationType.CREATE,
                    SimSupport.pair("B" + i, "b" + i, 1000 + 2 * i, 1001 + 2 * i).timeout(Duration.ofMinutes(3)).build(),
                    Instant.now()), StateSink.NONE);
        }
        // Queued behind the copies, it would start only once the 12 creates waiting for a place had been sent.
        TestRuntime.Run status = runtime.start(paced, null, OperationState.start(OperationType.STATUS,
                SimSupport.pairRef("CG1", "p1").build(), Instant.now()), StateSink.NONE);
        assertThat(status.await().pvolStatus()).isEqualTo("PAIR");
        Awaitility.await("every create sent").atMost(Duration.ofMinutes(2))
                .until(() -> sim.admin().requestCount("POST", "/local-clone-copypairs$") == COPIES);
        List<RequestRecord> log = sim.admin().requests();
        long statusRead = log.stream().filter(r -> r.method().equals("GET") && r.path().contains("CG1"))
                .mapToLong(RequestRecord::sequence).min().orElseThrow();
        long createsBefore = log.stream().filter(r -> r.method().equals("POST")
                && r.path().endsWith("/local-clone-copypairs") && r.sequence() < statusRead).count();
        assertThat(createsBefore).as("creates sent before the status read").isLessThan(COPIES - StartQueue.STARTING);
    }
}
