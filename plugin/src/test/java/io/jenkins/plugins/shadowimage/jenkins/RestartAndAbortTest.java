package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.jenkins.plugins.shadowimage.core.report.PairOperationRecord;
import io.jenkins.plugins.shadowimage.jenkins.action.ShadowImageRunAction;
import io.jenkins.plugins.shadowimage.jenkins.runtime.ControllerRuntime;
import io.jenkins.plugins.shadowimage.simulator.FaultKind;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * The controller restarts while siCreatePair waits for PAIR; the step resumes with a new session and completes.
 * The array is the same in-JVM simulator across both Jenkins sessions.
 */
class RestartAndAbortTest {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @RegisterExtension
    static final VspSimulatorExtension ARRAY = SimulatedArray.extensionWithSlowCopies();

    @BeforeEach
    void reset() {
        ARRAY.admin().setTimeScale(1);
    }

    @Test
    void createSurvivesARestartWhileWaitingForPair() throws Throwable {
        sessions.then(j -> {
            SimulatedArray.configure(j, ARRAY.simulator());
            WorkflowJob p = SimulatedArray.pipeline(j, "restart", """
                    def c = siCreatePair storage: 'vsp1', copyGroupName: 'R1', copyPairName: 'p1', pvolLdevId: 347, svolLdevId: 348
                    echo "final=${c['pvolStatus']}"
                    """);
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            SimulatedArray.awaitPair(ARRAY.simulator(), "R1", "p1", "COPY");
            j.waitForMessage("create", b);
            assertThat(b.isBuilding()).isTrue();
        });
        sessions.then(j -> {
            WorkflowJob p = j.jenkins.getItemByFullName("restart", WorkflowJob.class);
            WorkflowRun b = p.getBuildByNumber(1);
            ARRAY.admin().setTimeScale(100_000); // the initial copy now finishes within seconds
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("resumed after a restart", b);
            j.assertLogContains("final=PAIR", b);
            assertThat(SimulatedArray.createRequests(ARRAY.simulator())).as("create requests sent to the array").isEqualTo(1);
            SimulatedArray.assertNoOpenSessions(ARRAY.simulator());
            PairOperationRecord r = b.getAction(ShadowImageRunAction.class).getOperations().get(0);
            assertThat(r.getOutcome()).isEqualTo(PairOperationRecord.Outcome.SUCCESS);
            assertThat(r.getStatusAfter()).isEqualTo("PAIR");
        });
    }

    @Test
    void abortingAWaitingBuildDiscardsTheSessionPromptly() throws Throwable {
        sessions.then(j -> {
            SimulatedArray.configure(j, ARRAY.simulator());
            WorkflowJob p = SimulatedArray.pipeline(j, "abort", """
                    siCreatePair storage: 'vsp1', copyGroupName: 'A1', copyPairName: 'p1', pvolLdevId: 100, svolLdevId: 101
                    """);
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            SimulatedArray.awaitPair(ARRAY.simulator(), "A1", "p1", "COPY");
            b.doStop();
            j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
            // The step completes only after its last engine step: lock, session, log line and record are done by then.
            assertThat(ARRAY.admin().openSessionCount()).as("sessions open when the build ended").isZero();
            assertThat(ControllerRuntime.locks().heldResources()).as("pair locks held when the build ended").isEmpty();
            j.assertLogContains("aborted in phase", b);
            PairOperationRecord r = b.getAction(ShadowImageRunAction.class).getOperations().get(0);
            assertThat(r.getOutcome()).isEqualTo(PairOperationRecord.Outcome.ABORTED);
            // The copy goes on on the array; nothing was deleted behind the user's back.
            assertThat(ARRAY.admin().pairs()).hasSize(1);
        });
    }

    /**
     * An abort while a split is being retried (the array answers "resource locked") interrupts the
     * request in flight: no split is sent after the pair lock was freed, and the build ends once, as ABORTED.
     */
    @Test
    void abortInterruptsARetriedSplitAndFreesThePairAfterIt() throws Throwable {
        sessions.then(j -> {
            SimulatedArray.configure(j, ARRAY.simulator());
            ARRAY.admin().setTimeScale(100_000);
            WorkflowJob create = SimulatedArray.pipeline(j, "create", """
                    siCreatePair storage: 'vsp1', copyGroupName: 'S1', copyPairName: 'p1', pvolLdevId: 102, svolLdevId: 103
                    """);
            SimulatedArray.runSuccessfully(j, create);
            // Every split is refused as locked, so the engine keeps retrying it in place.
            ARRAY.admin().injectFault("POST", "actions/split/invoke$", FaultKind.LOCK, 10_000);
            WorkflowJob split = SimulatedArray.pipeline(j, "split", """
                    siSplitPair storage: 'vsp1', copyGroupName: 'S1', copyPairName: 'p1'
                    """);
            WorkflowRun b = split.scheduleBuild2(0).waitForStart();
            long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (splitRequests() < 1 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(splitRequests()).as("split requests before the abort").isPositive();
            b.doStop();
            j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
            awaitNoPairLocks();
            long afterRelease = splitRequests();
            Thread.sleep(3_000); // longer than the first retry delays of a lock error: a further split would show here
            assertThat(splitRequests()).as("split requests after the pair lock was freed").isEqualTo(afterRelease);
            SimulatedArray.assertNoOpenSessions(ARRAY.simulator());
            assertThat(b.getAction(ShadowImageRunAction.class).getOperations()).hasSize(1);
            ARRAY.admin().clearFaults();
        });
    }

    private static long splitRequests() {
        return ARRAY.admin().requestCount("POST", "actions/split/invoke$");
    }

    private static void awaitNoPairLocks() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!ControllerRuntime.locks().heldResources().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(ControllerRuntime.locks().heldResources()).as("pair locks held after the abort").isEmpty();
    }
}
