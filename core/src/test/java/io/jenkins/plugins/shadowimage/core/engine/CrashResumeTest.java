package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.TestRuntime;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.model.PairId;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.awaitility.Awaitility;

/**
 * Crash safety: the driver is dropped after every persisted step and the operation finishes with a new
 * driver and a new client from the serialized state; and, harder, every step is executed once with its
 * state change lost (the process died after the step's requests but before the state was saved) and then
 * replayed from the previous state.
 */
class CrashResumeTest extends EngineTestBase {

    enum Scenario {
        CREATE(OperationType.CREATE), CREATE_AUTOSPLIT(OperationType.CREATE),
        CREATE_AUTOSPLIT_OF_EXISTING_PAIR(OperationType.CREATE), SPLIT(OperationType.SPLIT),
        QUICK_SPLIT(OperationType.SPLIT), RESYNC(OperationType.RESYNC), RESTORE(OperationType.RESTORE),
        DELETE(OperationType.DELETE), GROUP_SPLIT(OperationType.GROUP_SPLIT), GROUP_RESYNC(OperationType.GROUP_RESYNC);

        final OperationType type;

        Scenario(OperationType type) {
            this.type = type;
        }
    }

    private static final Set<Scenario> SPLIT_FIRST = EnumSet.of(Scenario.RESYNC, Scenario.RESTORE, Scenario.GROUP_RESYNC);

    private PairRequest prepare(Scenario s) throws Exception {
        if (s != Scenario.CREATE && s != Scenario.CREATE_AUTOSPLIT) {
            create("CG1", "p1", 100, 101);
            if (s.type == OperationType.GROUP_SPLIT || s.type == OperationType.GROUP_RESYNC) {
                create("CG1", "p2", 102, 103);
            }
            if (SPLIT_FIRST.contains(s)) {
                run(OperationType.GROUP_SPLIT, PairRequest.builder().copyGroupName("CG1").build());
            }
        }
        admin.clearRequestLog();
        return switch (s) {
            case CREATE -> SimSupport.pair("CG1", "p1", 100, 101).build();
            case CREATE_AUTOSPLIT, CREATE_AUTOSPLIT_OF_EXISTING_PAIR ->
                    SimSupport.pair("CG1", "p1", 100, 101).autoSplit(true).build();
            case QUICK_SPLIT -> SimSupport.pairRef("CG1", "p1").quickMode(true).build();
            case GROUP_SPLIT, GROUP_RESYNC -> PairRequest.builder().copyGroupName("CG1")
                    .timeout(Duration.ofSeconds(60)).build();
            default -> SimSupport.pairRef("CG1", "p1").build();
        };
    }

    private void verify(Scenario s, PairInfo result) {
        switch (s) {
            case CREATE, RESYNC, RESTORE -> assertThat(result.pvolStatus()).isEqualTo("PAIR");
            case CREATE_AUTOSPLIT, SPLIT, QUICK_SPLIT -> assertThat(result.pvolStatus()).isEqualTo("PSUS");
            case CREATE_AUTOSPLIT_OF_EXISTING_PAIR -> {
                assertThat(result.outcome()).isEqualTo("ALREADY_EXISTS_THEN_SPLIT");
                assertThat(result.pvolStatus() + "/" + result.svolStatus()).isEqualTo("PSUS/SSUS");
                assertThat(admin.requestCount("POST", "/actions/split/invoke$")).isEqualTo(1);
            }
            case DELETE -> assertThat(admin.pairs()).isEmpty();
            case GROUP_SPLIT -> assertThat(result.pairs()).extracting(PairInfo::pvolStatus).containsOnly("PSUS");
            case GROUP_RESYNC -> assertThat(result.pairs()).extracting(PairInfo::pvolStatus).containsOnly("PAIR");
        }
        if (s.type == OperationType.CREATE) {
            assertThat(admin.pairs()).hasSize(1);
            assertThat(admin.requestCount("POST", "/local-clone-copypairs$"))
                    .isEqualTo(s == Scenario.CREATE_AUTOSPLIT_OF_EXISTING_PAIR ? 0 : 1);
        }
        // every request is sent once, even those the array would accept twice (a resync of a COPY pair)
        String action = switch (s.type) {
            case SPLIT, GROUP_SPLIT -> "split";
            case RESYNC, GROUP_RESYNC -> "resync";
            case RESTORE -> "restore";
            default -> null;
        };
        if (action != null) {
            assertThat(admin.requestCount("POST", "/actions/" + action + "/invoke$")).as("%s invokes", action)
                    .isEqualTo(1);
        }
        if (s.type == OperationType.DELETE) {
            assertThat(admin.requestCount("DELETE", "/local-clone-copypairs/")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void newDriverAndNewClientAfterEveryPersistedStep(Scenario s) throws Exception {
        PairRequest request = prepare(s);
        byte[] persisted = serialize(OperationState.start(s.type, request, Instant.now()));
        int steps = 0;
        while (true) {
            OperationState st = deserialize(persisted);
            Advance step;
            try (ArrayAccess fresh = SimSupport.access(sim)) {
                step = new OperationDriver(fresh, events, SimSupport.engineOptions()).advance(st);
            }
            persisted = serialize(step.state());
            assertNoSecretIn(persisted);
            assertThat(++steps).as("steps").isLessThan(500);
            if (step instanceof Advance.Done d) {
                verify(s, d.result());
                assertThat(deserialize(persisted).phase()).isEqualTo(Phase.DONE);
                break;
            }
            assertThat(step).as("step %d of %s", steps, s).isInstanceOf(Advance.Again.class);
            sleep(((Advance.Again) step).delay());
        }
        assertThat(steps).isGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyStepReplayedAfterLosingItsStateChange(Scenario s) throws Exception {
        PairRequest request = prepare(s);
        byte[] persisted = serialize(OperationState.start(s.type, request, Instant.now()));
        int steps = 0;
        while (true) {
            // The process runs the step (its requests reach the array) and dies before saving the state.
            OperationState lost = deserialize(persisted);
            try (ArrayAccess doomed = SimSupport.access(sim)) {
                new OperationDriver(doomed, events, SimSupport.engineOptions()).advance(lost);
            }
            // A new process resumes from the last saved state.
            OperationState st = deserialize(persisted);
            Advance step;
            try (ArrayAccess fresh = SimSupport.access(sim)) {
                step = new OperationDriver(fresh, events, SimSupport.engineOptions()).advance(st);
            }
            persisted = serialize(step.state());
            assertThat(++steps).as("steps").isLessThan(500);
            if (step instanceof Advance.Done d) {
                verify(s, d.result());
                break;
            }
            assertThat(step).as("step %d of %s: %s", steps, s, step).isInstanceOf(Advance.Again.class);
            sleep(((Advance.Again) step).delay());
        }
    }

    @Test
    void groupSplitLostWhileTheSteadySplitCopiesIsNotSentAgain() throws Exception {
        // Steady splits that copy the whole volume: the pairs stay in COPY long enough to be seen.
        try (VspSimulator slow = VspSimulator.start(SimSupport.config().splitDifferentialPercent(100).build());
                ArrayAccess setup = SimSupport.access(slow)) {
            SimSupport.run(setup, events, OperationType.CREATE, SimSupport.pair("G1", "a", 400, 401).build());
            SimSupport.run(setup, events, OperationType.CREATE, SimSupport.pair("G1", "b", 100, 101).build());
            OperationState st = OperationState.start(OperationType.GROUP_SPLIT,
                    PairRequest.builder().copyGroupName("G1").copyPace(1).timeout(Duration.ofSeconds(90)).build(),
                    Instant.now());
            OperationDriver first = new OperationDriver(setup, events, SimSupport.engineOptions());
            Advance checked = first.advance(st);
            assertThat(checked).isInstanceOf(Advance.Again.class);
            st = checked.state();
            assertThat(st.phase()).isEqualTo(Phase.SUBMIT);
            byte[] persisted = serialize(st);
            Thread slowDown = SimSupport.slowDownOnceCopying(slow.admin(), "a");
            // the step that sends the split runs, and its state change is lost
            first.advance(deserialize(persisted));
            slowDown.join();
            assertThat(slow.admin().requestCount("POST", "/local-clone-copygroups/.*/actions/split/invoke")).isEqualTo(1);
            // a new process resumes from SUBMIT: it sees the split running and waits instead of sending it again
            OperationState resumed = deserialize(persisted);
            try (ArrayAccess fresh = SimSupport.access(slow)) {
                OperationDriver second = new OperationDriver(fresh, events, SimSupport.engineOptions());
                Advance step = second.advance(resumed);
                assertThat(step).isInstanceOf(Advance.Again.class);
                resumed = step.state();
                assertThat(resumed.phase()).isEqualTo(Phase.WAIT_STATUS);
                slow.admin().setTimeScale(1);
                PairInfo done = TestRuntime.run(fresh, events, SimSupport.engineOptions(), resumed, StateSink.NONE);
                assertThat(done.pairs()).extracting(PairInfo::pvolStatus).containsOnly("PSUS");
            }
            assertThat(slow.admin().requestCount("POST", "/local-clone-copygroups/.*/actions/split/invoke")).isEqualTo(1);
            setup.close();
            SimSupport.assertNoOpenSessions(slow);
        }
    }

    @Test
    void splitDecidedDuringTheInitialCopyIsNotSentAgainAfterALostStep() throws Exception {
        // create, waiting only until the array accepted it: the pair is still in its initial copy
        Thread slowDown = SimSupport.slowDownOnceCopying(admin, "p1");
        run(OperationType.CREATE, SimSupport.pair("CG1", "p1", 400, 401).copyPace(1).waitFor(WaitFor.ACCEPTED).build());
        assertThat(simPair("p1").pvolStatus()).isEqualTo("COPY");
        OperationState st = OperationState.start(OperationType.SPLIT, ref("CG1", "p1"), Instant.now());
        OperationDriver first = new OperationDriver(access, events, SimSupport.engineOptions());
        Advance checked = first.advance(st);
        assertThat(checked).isInstanceOf(Advance.Again.class);
        st = checked.state();
        assertThat(st.phase()).isEqualTo(Phase.SUBMIT);
        assertThat(st.statusBeforeSubmit()).isEqualTo("COPY");
        byte[] persisted = serialize(st);
        // the step that sends the split runs (in the process that decided), and its state change is lost
        first.advance(st);
        assertThat(admin.requestCount("POST", "/actions/split/invoke")).isEqualTo(1);
        OperationState resumed = deserialize(persisted);
        try (ArrayAccess fresh = SimSupport.access(sim)) {
            OperationDriver second = new OperationDriver(fresh, events, SimSupport.engineOptions());
            Advance step = second.advance(resumed);
            assertThat(step).isInstanceOf(Advance.Again.class);
            resumed = step.state();
            assertThat(resumed.phase()).as("waits for the pair to settle instead of re-sending").isEqualTo(Phase.WAIT_STATUS);
            slowDown.join(); // the slow-down has happened: it cannot come after the speed-up
            admin.setTimeScale(1);
            PairInfo done = TestRuntime.run(fresh, events, SimSupport.engineOptions(), resumed, StateSink.NONE);
            assertThat(done.pvolStatus()).isEqualTo("PSUS");
            assertThat(done.outcome()).isEqualTo("SPLIT");
        }
        assertThat(admin.requestCount("POST", "/actions/split/invoke")).isEqualTo(1);
    }

    @Test
    void aTimedOutOperationContinuesWithANewDeadline() throws Exception {
        Thread slowDown = SimSupport.slowDownOnceCopying(admin, "p1");
        OperationState st = OperationState.start(OperationType.CREATE, SimSupport.pair("CG1", "p1", 400, 401)
                .copyPace(1).timeout(Duration.ofSeconds(4)).build(), Instant.now());
        OperationState timedOut;
        List<Phase> phases = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (TestRuntime runtime = new TestRuntime(1)) {
            TestRuntime.Run run = runtime.start(access, events, st, s -> phases.add(s.phase()));
            org.assertj.core.api.Assertions.assertThatThrownBy(run::await)
                    .isInstanceOfSatisfying(ShadowImageException.class,
                            e -> assertThat(e.category()).isEqualTo(ShadowImageException.Category.TIMEOUT));
            timedOut = run.state();
        }
        OperationState resumed = deserialize(serialize(timedOut));
        assertThat(resumed.phase()).isEqualTo(Phase.FAILED);
        // It goes on in the phase the deadline interrupted (the job's or the copy's wait, as the machine's load has it).
        Phase interrupted = phases.stream().filter(ph -> ph != Phase.FAILED).reduce((a, b) -> b).orElseThrow();
        resumed = resumed.resumeAfterFailure(Instant.now().plusSeconds(60));
        assertThat(resumed.phase()).isEqualTo(interrupted);
        slowDown.join(); // the slow-down has happened: it cannot come after the speed-up
        admin.setTimeScale(1);
        PairInfo done = TestRuntime.run(access, events, SimSupport.engineOptions(), resumed, StateSink.NONE);
        assertThat(done.pvolStatus()).isEqualTo("PAIR");
        assertThat(done.outcome()).isEqualTo("CREATED");
        assertThat(done.jobIds()).isEqualTo(timedOut.jobIds());
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).isEqualTo(1);
    }

    @Test
    void aRejectedOperationCannotBeContinued() throws Exception {
        Advance failed = new OperationDriver(access, events, SimSupport.engineOptions())
                .advance(OperationState.start(OperationType.SPLIT, ref("CG1", "missing"), Instant.now()));
        assertThat(failed).isInstanceOf(Advance.Failed.class);
        OperationState st = failed.state();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.resumeAfterFailure(Instant.now().plusSeconds(60)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("REJECTED_BY_ARRAY");
    }

    @Test
    void serializedStatesAreSmallAndRoundTripExactly() throws Exception {
        create("G1", "a", 100, 101);
        create("G1", "b", 102, 103);
        List<OperationState> states = new java.util.ArrayList<>();
        OperationState create = OperationState.start(OperationType.CREATE, SimSupport.pair("CG1", "p1", 104, 105)
                .copyPace(7).autoSplit(true).quickMode(true).pvolMuNumber(1).dataReductionForceCopy(false).build(),
                Instant.now());
        OperationState group = OperationState.start(OperationType.GROUP_SPLIT, PairRequest.builder()
                .copyGroupName("G1").copyPace(3).waitFor(WaitFor.ACCEPTED).build(), Instant.now());
        OperationDriver driver = new OperationDriver(access, events, SimSupport.engineOptions());
        java.util.Map<OperationType, OperationState> ended = new java.util.EnumMap<>(OperationType.class);
        for (OperationState start : List.of(create, group)) {
            OperationState st = start;
            while (true) {
                byte[] bytes = serialize(st);
                assertThat(bytes.length).as("serialized %s in phase %s", st.type(), st.phase()).isLessThan(2048);
                System.out.println("serialized " + st.type() + " in " + st.phase() + ": " + bytes.length + " bytes");
                assertThat(deserialize(bytes).toJson()).isEqualTo(st.toJson());
                states.add(deserialize(bytes));
                Advance step = driver.advance(st);
                st = step.state();
                if (!(step instanceof Advance.Again again)) {
                    break;
                }
                sleep(again.delay());
            }
            ended.put(st.type(), st);
            assertThat(deserialize(serialize(st)).toJson()).isEqualTo(st.toJson());
            assertThat(OperationState.fromJson(st.toJson()).result().toMap()).isEqualTo(st.result().toMap());
        }
        assertThat(ended.get(OperationType.GROUP_SPLIT).result().pairs()).hasSize(2);
        assertThat(states).isNotEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OperationState.fromJson("{}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resumedWaitKeepsItsAbsoluteDeadline() throws Exception {
        PairRequest request = SimSupport.pair("CG1", "p1", 100, 101).timeout(Duration.ofMinutes(7)).build();
        OperationState st = OperationState.start(OperationType.CREATE, request, Instant.parse("2026-01-01T00:00:00Z"));
        OperationState copy = deserialize(serialize(st));
        assertThat(copy.deadline()).isEqualTo(Instant.parse("2026-01-01T00:07:00Z"));
        // a resumed state whose deadline passed times out instead of starting over
        Advance step = new OperationDriver(access, events, SimSupport.engineOptions()).advance(copy);
        assertThat(step).isInstanceOfSatisfying(Advance.Failed.class,
                f -> assertThat(f.error().category()).isEqualTo(ShadowImageException.Category.TIMEOUT));
        assertThat(admin.requestCount("POST", "/local-clone-copypairs")).isZero();
    }

    @Test
    void stateResumedAgainstAnotherArrayIsRefused() throws Exception {
        OperationState st = OperationState.start(OperationType.CREATE, SimSupport.pair("CG1", "p1", 100, 101).build(),
                Instant.now());
        try (VspSimulator other = VspSimulator.start(SimSupport.config().build());
                ArrayAccess otherAccess = SimSupport.access(other)) {
            Advance first = new OperationDriver(otherAccess, events, SimSupport.engineOptions()).advance(st);
            assertThat(first).isInstanceOf(Advance.Again.class);
            st = first.state();
            assertThat(st.arrayKey()).isEqualTo(SimSupport.endpoint(other).arrayKey());
            SimSupport.assertNoOpenSessions(other);
        }
        Advance step = new OperationDriver(access, events, SimSupport.engineOptions()).advance(deserialize(serialize(st)));
        assertThat(step).isInstanceOfSatisfying(Advance.Failed.class,
                f -> assertThat(f.error().getMessage()).contains("started on").contains("resumed against"));
        assertThat(admin.requestCount("POST", "/local-clone-copypairs")).isZero();
    }

    @Test
    void hardCrashLeavesOnlyTheSessionsInFlightAndTheyExpireByAliveTime() throws Exception {
        try (VspSimulator crashSim = VspSimulator.start(SimSupport.config().build())) {
            ClientOptions shortLived = SimSupport.clientOptions().aliveTime(Duration.ofSeconds(2)).build();
            // The "killed" process: a unit of work in flight that is never closed, and a client never closed.
            ArrayAccess killed = SimSupport.access(crashSim, shortLived);
            VspSession inFlight = killed.client().openSession(null);
            inFlight.findPair(new PairId("CG1", null, null, "p1"));
            assertThat(crashSim.admin().openSessionCount()).isEqualTo(1);
            assertThat(crashSim.admin().openSessions().get(0).aliveTimeSeconds()).isEqualTo(2);
            // Nothing cleans up; the array expires the session once aliveTime has passed.
            Awaitility.await("the crashed process's session to expire").atMost(Duration.ofSeconds(30))
                    .until(() -> crashSim.admin().openSessionCount() == 0);
        }
    }

    static byte[] serialize(OperationState st) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(st);
        }
        return bytes.toByteArray();
    }

    static OperationState deserialize(byte[] data) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            return (OperationState) in.readObject();
        }
    }

    private static void assertNoSecretIn(byte[] serialized) {
        String text = new String(serialized, StandardCharsets.ISO_8859_1);
        SimSupport.assertNoSecrets(text);
        assertThat(text).doesNotContain(SimSupport.USER);
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(Math.min(d.toMillis(), 500));
    }
}
