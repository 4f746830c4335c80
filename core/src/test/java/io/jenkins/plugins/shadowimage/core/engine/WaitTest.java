package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.TestRuntime;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A wait only reads: it follows a pair (or every pair of a group) that someone else changes until it reaches the
 * status asked for, reports progress on the way, and fails clearly for a pair that cannot get there by itself.
 */
class WaitTest extends EngineTestBase {

    private PairInfo await(PairRequest request, WaitTarget target) throws ShadowImageException {
        OperationState st = OperationState.startWait(request, target, Instant.now());
        return TestRuntime.run(access, events, SimSupport.engineOptions(), st, StateSink.NONE);
    }

    /** Every request of the log that is neither a read nor a session's own log-in and log-out. */
    private List<RequestRecord> changingRequests() {
        return admin.requests().stream().filter(r -> !"GET".equals(r.method()))
                .filter(r -> !r.path().contains("/sessions")).toList();
    }

    @Test
    void waitsForAnInitialCopyToReachPairWithProgressAndOnlyReads() throws Exception {
        run(OperationType.CREATE, SimSupport.pair("CG1", "p1", 400, 401).copyPace(1).waitFor(WaitFor.ACCEPTED).build());
        admin.clearRequestLog();
        PairInfo r = await(ref("CG1", "p1"), WaitTarget.PAIR);
        assertThat(r.outcome()).isEqualTo("REACHED");
        assertThat(r.operation()).isEqualTo("wait");
        assertThat(r.pvolStatus() + "/" + r.svolStatus()).isEqualTo("PAIR/PAIR");
        assertThat(events.messages(ProgressEvent.Kind.STATUS)).anyMatch(m -> m.startsWith("wait CG1") && m.contains(" %"));
        assertThat(changingRequests()).isEmpty();
        assertThat(admin.requestCount("GET", "/local-clone-copypairs")).isGreaterThan(1);
    }

    @Test
    void aWaitForCopyEndsWhileTheCopyRuns() throws Exception {
        Thread slowDown = SimSupport.slowDownOnceCopying(admin, "p1");
        run(OperationType.CREATE, SimSupport.pair("CG1", "p1", 400, 401).copyPace(1).waitFor(WaitFor.ACCEPTED).build());
        PairInfo r = await(ref("CG1", "p1"), WaitTarget.COPY);
        assertThat(r.outcome()).isEqualTo("REACHED");
        assertThat(r.pvolStatus()).startsWith("COPY");
        slowDown.join(); // the slow-down has happened: it cannot come after the speed-up
        admin.setTimeScale(1.0);
    }

    @Test
    void aPairAlreadyThereIsReachedAtOnceAndAMissingPairIsGone() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.clearRequestLog();
        assertThat(await(ref("CG1", "p1"), WaitTarget.PAIR).outcome()).isEqualTo("REACHED");
        assertThat(await(ref("CG1", "nope"), WaitTarget.GONE).outcome()).isEqualTo("REACHED");
        assertThat(changingRequests()).isEmpty();
    }

    @Test
    void waitsForEveryPairOfAGroupToBeSplit() throws Exception {
        create("CG1", "p1", 100, 101);
        create("CG1", "p2", 102, 103);
        run(OperationType.GROUP_SPLIT, PairRequest.builder().copyGroupName("CG1").waitFor(WaitFor.ACCEPTED)
                .timeout(Duration.ofSeconds(60)).build());
        admin.clearRequestLog();
        PairInfo r = await(PairRequest.builder().copyGroupName("CG1").timeout(Duration.ofSeconds(60)).build(),
                WaitTarget.SPLIT);
        assertThat(r.outcome()).isEqualTo("REACHED");
        assertThat(r.operation()).isEqualTo("group-wait");
        assertThat(r.pairs()).hasSize(2).allSatisfy(p -> assertThat(p.pvolStatus()).isEqualTo("PSUS"));
        assertThat(changingRequests()).isEmpty();
    }

    @Test
    void waitForAGroupToGoAwayEndsWhenItsPairsAreDeleted() throws Exception {
        create("CG1", "p1", 100, 101);
        Thread deleter = new Thread(() -> {
            try {
                SimSupport.run(SimSupport.access(sim), new SimSupport.Events(), OperationType.DELETE, ref("CG1", "p1"));
            } catch (ShadowImageException e) {
                throw new IllegalStateException(e);
            }
        });
        deleter.start();
        PairInfo r = await(PairRequest.builder().copyGroupName("CG1").timeout(Duration.ofSeconds(60)).build(),
                WaitTarget.GONE);
        deleter.join();
        assertThat(r.outcome()).isEqualTo("REACHED");
        assertThat(admin.pairs()).isEmpty();
    }

    @Test
    void aSuspendedPairFailsTheWaitInsteadOfWaitingForever() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.suspendPair(simPair("p1").pairId());
        admin.clearRequestLog();
        assertThatThrownBy(() -> await(ref("CG1", "p1"), WaitTarget.PAIR))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.REJECTED_BY_ARRAY);
                    assertThat(e.getMessage()).contains("PSUE");
                });
        assertThat(changingRequests()).isEmpty();
    }

    @Test
    void aMissingPairCannotReachPair() {
        assertThatThrownBy(() -> await(ref("CG1", "nope"), WaitTarget.PAIR))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.REJECTED_BY_ARRAY);
                    assertThat(e.getMessage()).contains("does not exist");
                });
    }

    @Test
    void aPairThatStaysSplitTimesOutWaitingForPair() throws Exception {
        create("CG1", "p1", 100, 101);
        run(OperationType.SPLIT, ref("CG1", "p1"));
        assertThatThrownBy(() -> await(SimSupport.pairRef("CG1", "p1").timeout(Duration.ofMillis(800)).build(),
                WaitTarget.PAIR)).isInstanceOfSatisfying(ShadowImageException.class,
                        e -> assertThat(e.category()).isEqualTo(ShadowImageException.Category.TIMEOUT));
        assertThat(simPair("p1").pvolStatus()).isEqualTo("PSUS");
    }

    @Test
    void aWaitIsPersistedAndResumedAsAWait() throws Exception {
        OperationState st = OperationState.startWait(ref("CG1", "p1"), WaitTarget.SPLIT, Instant.now());
        OperationState back = OperationState.fromJson(st.toJson());
        assertThat(back.type()).isEqualTo(OperationType.WAIT);
        assertThat(back.targetStatus()).isEqualTo("PSUS");
    }

    @Test
    void waitTargetNamesAreCheckedBeforeAnythingIsSent() throws Exception {
        assertThat(WaitTarget.parse("psus")).isEqualTo(WaitTarget.SPLIT);
        assertThat(WaitTarget.parse("SMPL")).isEqualTo(WaitTarget.GONE);
        assertThatThrownBy(() -> WaitTarget.parse("PSUE")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("PAIR, SPLIT");
        assertThatThrownBy(() -> OperationState.startWait(SimSupport.pairRef("CG1", "p1").copyPace(3).build(),
                WaitTarget.PAIR, Instant.now())).isInstanceOf(ValidationException.class);
    }
}
