package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A step takes a state and returns the next one; the state it was given stays as it was. */
class ImmutableStateTest extends EngineTestBase {

    @Test
    void aStepLeavesTheGivenStateAsItWasAndReturnsTheNext() throws Exception {
        create("CG1", "p1", 100, 101);
        OperationState start = OperationState.start(OperationType.SPLIT, ref("CG1", "p1"), Instant.now());
        String before = start.toJson();
        OperationDriver driver = new OperationDriver(access, events, SimSupport.engineOptions());

        Advance step = driver.advance(start);

        assertThat(start.toJson()).isEqualTo(before);
        assertThat(start.phase()).isEqualTo(Phase.CHECK);
        assertThat(start.arrayKey()).isNull();
        assertThat(step.state()).isNotSameAs(start);
        assertThat(step.state().phase()).isEqualTo(Phase.SUBMIT);
        assertThat(step.state().submitAttempts()).isEqualTo(1);
        assertThat(step.state().arrayKey()).isEqualTo(SimSupport.endpoint(sim).arrayKey());
        assertThat(admin.requestCount("POST", "/actions/split/invoke")).isZero();
    }

    @Test
    void pacingStaysInMemoryAndIsNotPersisted() throws Exception {
        OperationState st = OperationState.start(OperationType.CREATE, SimSupport.pair("CG1", "p1", 400, 401).copyPace(1)
                .build(), Instant.now());
        OperationDriver driver = new OperationDriver(access, events, SimSupport.engineOptions());
        int waits = 0;
        while (!st.phase().isTerminal()) {
            Advance step = driver.advance(st);
            st = step.state();
            if (st.phase() == Phase.WAIT_STATUS || st.phase() == Phase.POLL_JOB) {
                waits++;
                assertThat(st.toJson()).doesNotContain("statusPolls", "jobPolls", "rateBase", "retryingSince",
                        "skippedListEntries");
            }
            if (step instanceof Advance.Again again) {
                Thread.sleep(again.delay().toMillis());
            }
        }
        assertThat(st.phase()).isEqualTo(Phase.DONE);
        assertThat(waits).isPositive();
        assertThat(st.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(OperationState.fromJson(st.toJson()).statusPolls()).isZero();
    }
}
