package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A dry run stops where the real run would send its first change, and says what that change is. */
class DryRunTest extends EngineTestBase {

    private OperationState dry(OperationType type, PairRequest request) throws ShadowImageException {
        OperationState st = OperationState.start(type, request, Instant.now()).dryRun();
        java.util.concurrent.atomic.AtomicReference<OperationState> last = new java.util.concurrent.atomic.AtomicReference<>();
        new OperationRunner(new OperationDriver(access, events, SimSupport.engineOptions())).run(st, last::set);
        return last.get();
    }

    @Test
    void aSplitInPairIsPlannedAndNothingIsSent() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.clearRequestLog();
        OperationState st = dry(OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").quickMode(true).build());
        DryRunPlan plan = st.dryRunPlan();
        assertThat(plan.decision()).isEqualTo(DryRunPlan.Decision.SEND);
        assertThat(plan.method()).isEqualTo("POST");
        assertThat(plan.path()).isEqualTo("/local-clone-copypairs/CG1,CG1P_,CG1S_,p1/actions/split/invoke");
        assertThat(plan.parameters()).containsEntry("quickMode", true);
        assertThat(st.result().outcome()).isEqualTo("DRY_RUN");
        assertThat(admin.requestCount("POST", "/actions/")).isZero();
        assertThat(simPair("p1").pvolStatus()).isEqualTo("PAIR");
        // the dry-run mark is not part of the persisted state
        assertThat(OperationState.fromJson(st.toJson()).isDryRun()).isFalse();
    }

    @Test
    void aPairStillCopyingIsPlannedAsAWaitThenADecision() throws Exception {
        run(OperationType.CREATE, SimSupport.pair("CG1", "p1", 400, 401).copyPace(1).waitFor(WaitFor.ACCEPTED).build());
        admin.clearRequestLog();
        OperationState st = dry(OperationType.RESYNC, ref("CG1", "p1"));
        assertThat(st.dryRunPlan().decision()).isEqualTo(DryRunPlan.Decision.WAIT_THEN_DECIDE);
        assertThat(st.dryRunPlan().method()).isNull();
        assertThat(admin.requestCount("POST", "/actions/")).isZero();
    }

    @Test
    void nothingToDoEndsAsTheRealRunWithoutAPlan() throws Exception {
        create("CG1", "p1", 100, 101);
        OperationState st = dry(OperationType.RESYNC, ref("CG1", "p1"));
        assertThat(st.dryRunPlan()).isNull();
        assertThat(st.result().outcome()).isEqualTo("NO_CHANGE");
    }
}
