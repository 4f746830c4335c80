package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.MovingClock;
import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.TestRuntime;
import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.client.model.PairId;
import io.jenkins.plugins.shadowimage.simulator.ManualClock;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Operations waiting on pairs of one copy group share one list read of the group per polling round; a pair the
 * list leaves out is read on its own; results stay those of each pair.
 */
class SharedStatusReadsTest {
    /** 1 GiB at copyPace 3 copies in about 2.3 s: long enough for many rounds, short for a test. */
    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimSupport.config()
            .copyRateMiBPerSecondPerPace(150).build());

    private static final int WAITING = 8;

    VspSimulator sim;
    SimulatorAdmin admin;
    ArrayAccess access;
    TestRuntime runtime;

    @BeforeEach
    void setUp() {
        sim = SIM.simulator();
        admin = sim.admin();
        access = SimSupport.access(sim);
        runtime = new TestRuntime(4);
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        access.close();
        SimSupport.assertNoOpenSessions(sim);
    }

    @Test
    void operationsWaitingInOneGroupShareOneListReadPerRound() throws Exception {
        List<OperationState> states = createConcurrently("G", WAITING);

        long polls = states.stream().mapToLong(OperationState::statusPolls).sum();
        long listReads = count("GET /local-clone-copypairs");
        long pairReads = count("GET /local-clone-copypairs/{id}");
        assertThat(polls).as("status polls of all operations").isGreaterThan(4L * WAITING);
        assertThat(listReads).as("list reads of the group").isPositive();
        // Without sharing every poll is a pair read of its own: polls >= WAITING x rounds.
        assertThat(listReads + pairReads).as("status reads (%d list, %d pair), for %d polls", listReads, pairReads, polls).isLessThanOrEqualTo(polls / 3);
        assertThat(access.statusReads().waiters(states.get(0).request().groupId(), Instant.now()))
                .as("waiters left in the round").isZero();
    }

    @Test
    void aPairTheGroupListLeavesOutIsReadOnItsOwn() throws Exception {
        // New pairs stay out of the group's list for longer than the test runs.
        try (VspSimulator lagging = VspSimulator.start(SimSupport.config().copyRateMiBPerSecondPerPace(150)
                .pairListLag(Duration.ofMinutes(10)).build());
                ArrayAccess laggingAccess = SimSupport.access(lagging)) {
            ArrayAccess saved = access;
            access = laggingAccess;
            admin = lagging.admin();
            try {
                List<OperationState> states = createConcurrently("L", 4);
                long polls = states.stream().mapToLong(OperationState::statusPolls).sum();
                assertThat(count("GET /local-clone-copypairs")).as("the list was tried").isPositive();
                assertThat(count("GET /local-clone-copypairs/{id}")).as("pair reads").isGreaterThanOrEqualTo(polls);
            } finally {
                access = saved;
                admin = sim.admin();
                SimSupport.assertNoOpenSessions(lagging);
            }
        }
    }

    @Test
    void oneListReadOfARoundServesEveryOperationWaitingInTheGroup() throws Exception {
        List<PairId> ids = acceptedPairs(access, "N", WAITING);
        StatusReads reads = new StatusReads();
        MovingClock clock = new MovingClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (VspSession s = access.client().openSession(null)) {
            s.login();
            pollRound(reads, s, ids, clock);   // the first waiter reads alone; the second one's list read serves the rest
            clock.advance(Duration.ofSeconds(1));
            admin.clearRequestLog();
            pollRound(reads, s, ids, clock);
        }
        assertThat(count("GET /local-clone-copypairs")).as("list reads in the round").isEqualTo(1);
        assertThat(count("GET /local-clone-copypairs/{id}")).as("pair reads in the round").isZero();
    }

    @Test
    void withReadsPerOperationEveryWaitingOperationReadsItsOwnPair() throws Exception {
        List<PairId> ids = acceptedPairs(access, "O", WAITING);
        StatusReads reads = StatusReads.perOperation();
        MovingClock clock = new MovingClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (VspSession s = access.client().openSession(null)) {
            s.login();
            pollRound(reads, s, ids, clock);
            clock.advance(Duration.ofSeconds(1));
            admin.clearRequestLog();
            pollRound(reads, s, ids, clock);
        }
        assertThat(count("GET /local-clone-copypairs")).isZero();
        assertThat(count("GET /local-clone-copypairs/{id}")).isEqualTo(WAITING);
    }

    @Test
    void inARoundOnlyThePairTheListLeavesOutIsReadOnItsOwn() throws Exception {
        ManualClock arrayClock = new ManualClock();
        try (VspSimulator lagging = VspSimulator.start(SimSupport.config().clock(arrayClock).jobDuration(Duration.ZERO)
                .pairListLag(Duration.ofMinutes(1)).build());
                ArrayAccess laggingAccess = SimSupport.access(lagging)) {
            List<PairId> ids = new ArrayList<>(acceptedPairs(laggingAccess, "M", 3));
            arrayClock.advance(Duration.ofMinutes(2));
            // Created now: left out of the group's list for a minute of array time.
            ids.add(accepted(laggingAccess, "M", 4));
            StatusReads reads = new StatusReads();
            MovingClock clock = new MovingClock(Instant.parse("2026-01-01T00:00:00Z"));
            try (VspSession s = laggingAccess.client().openSession(null)) {
                s.login();
                pollRound(reads, s, ids, clock);
                clock.advance(Duration.ofSeconds(1));
                lagging.admin().clearRequestLog();
                pollRound(reads, s, ids, clock);
            }
            List<RequestRecord> log = lagging.admin().requests();
            assertThat(log.stream().filter(r -> r.endpoint().equals("GET /local-clone-copypairs")).count()).isEqualTo(1);
            assertThat(log.stream().filter(r -> r.endpoint().equals("GET /local-clone-copypairs/{id}"))
                    .map(RequestRecord::path)).singleElement().asString().endsWith(",p4");
            SimSupport.assertNoOpenSessions(lagging);
        }
    }

    /** Every operation of {@code ids} polls once, as in one round of the engine; each gets its own pair. */
    private static void pollRound(StatusReads reads, VspSession s, List<PairId> ids, Clock clock) {
        for (PairId id : ids) {
            Optional<CopyPair> p = reads.waitingPair(s, id, clock, null, Duration.ofMillis(250));
            assertThat(p).as(id.toString()).isPresent();
            assertThat(p.get().copyPairName()).isEqualTo(id.copyPairName());
        }
    }

    /** Pairs p1..pn of a new group, created (accepted, not waited for) one after the other. */
    private static List<PairId> acceptedPairs(ArrayAccess on, String group, int n) throws Exception {
        List<PairId> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add(accepted(on, group, i));
        }
        return ids;
    }

    private static PairId accepted(ArrayAccess on, String group, int i) throws Exception {
        OperationDriver driver = new OperationDriver(on, ProgressListener.NONE, SimSupport.engineOptions());
        PairRequest r = SimSupport.pair(group, "p" + i, 100 + 2 * i, 101 + 2 * i).waitFor(WaitFor.ACCEPTED).build();
        PairInfo info = TestRuntime.run(on, ProgressListener.NONE, SimSupport.engineOptions(),
                OperationState.start(OperationType.CREATE, r, Instant.now()), StateSink.NONE);
        assertThat(info.outcome()).isEqualTo("ACCEPTED");
        return r.pairId();
    }

    /** A first create makes the group; then {@code n} creates into it wait for PAIR at the same time. */
    private List<OperationState> createConcurrently(String group, int n) throws Exception {
        PairInfo first = runtime.start(access, ProgressListener.NONE, OperationState.start(OperationType.CREATE,
                SimSupport.pair(group, "p0", 100, 101).waitFor(WaitFor.ACCEPTED).build(), Instant.now()), StateSink.NONE)
                .await();
        assertThat(first.outcome()).isEqualTo("ACCEPTED");
        admin.clearRequestLog();
        List<TestRuntime.Run> runs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            OperationState st = OperationState.start(OperationType.CREATE,
                    SimSupport.pair(group, "p" + i, 100 + 2 * i, 101 + 2 * i).build(), Instant.now());
            runs.add(runtime.start(access, ProgressListener.NONE, st, StateSink.NONE));
        }
        List<OperationState> states = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PairInfo info = runs.get(i).await();
            states.add(runs.get(i).state());
            int pvol = 102 + 2 * i;
            assertThat(info.copyPairName()).isEqualTo("p" + (i + 1));
            assertThat(info.pvolStatus()).isEqualTo("PAIR");
            assertThat(info.svolStatus()).isEqualTo("PAIR");
            assertThat(info.pvolLdevId()).isEqualTo(pvol);
            assertThat(info.svolLdevId()).isEqualTo(pvol + 1);
        }
        return states;
    }

    private long count(String endpoint) {
        return admin.requests().stream().map(RequestRecord::endpoint).filter(endpoint::equals).count();
    }
}
