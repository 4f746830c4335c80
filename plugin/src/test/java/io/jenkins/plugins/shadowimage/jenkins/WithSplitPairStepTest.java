package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.jenkins.plugins.shadowimage.core.report.PairOperationRecord;
import io.jenkins.plugins.shadowimage.jenkins.action.ShadowImageRunAction;
import io.jenkins.plugins.shadowimage.jenkins.runtime.ControllerRuntime;
import io.jenkins.plugins.shadowimage.jenkins.steps.WithSplitPairStep;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * siWithSplitPair: the block holds the pair for its whole length, its body sees the frozen copy, and the after step
 * runs whatever ends the body (success, failure, abort), also across controller restarts before, during and after
 * the body. The array is the same in-JVM simulator across the Jenkins sessions.
 */
class WithSplitPairStepTest {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @RegisterExtension
    static final VspSimulatorExtension ARRAY = SimulatedArray.extension();

    @BeforeEach
    void reset() {
        ARRAY.admin().setTimeScale(100_000);
    }

    private static String status(String pair) {
        return ARRAY.admin().pairs().stream().filter(p -> p.copyPairName().equals(pair))
                .map(p -> p.pvolStatus() + "/" + p.svolStatus()).findFirst().orElse("gone");
    }

    private static long requests(String action) {
        return ARRAY.admin().requestCount("POST", "actions/" + action + "/invoke$");
    }

    /** Creates pair {@code name} on 100/101 (PAIR) and returns a job running {@code body} in the block. */
    private static WorkflowJob job(org.jvnet.hudson.test.JenkinsRule j, String name, String options, String body)
            throws Exception {
        SimulatedArray.configure(j, ARRAY.simulator());
        SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, name + "-create", "siCreatePair storage: 'vsp1', "
                + "copyGroupName: 'W', copyPairName: '" + name + "', pvolLdevId: 100, svolLdevId: 101"));
        return SimulatedArray.pipeline(j, name, "siWithSplitPair(storage: 'vsp1', copyGroupName: 'W', copyPairName: '"
                + name + "'" + options + ") {\n" + body + "\n}\necho 'after the block'");
    }

    @Test
    void everyParameterSurvivesTheSnippetGeneratorsForm() throws Throwable {
        sessions.then(j -> {
            WithSplitPairStep step = new WithSplitPairStep("vsp1", "CG1");
            step.setCopyPairName("p1");
            step.setCredentialsId("other");
            step.setPvolLdevId(347);
            step.setSvolLdevId(348);
            step.setAfter("keep");
            step.setResyncFirst(false);
            step.setTimeout(240);
            step.setFailFast(true);
            j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
        });
    }

    @Test
    void theBodySeesTheFrozenCopyAndAnotherBuildsResyncWaitsForTheWholeBlock() throws Throwable {
        sessions.then(j -> {
            WorkflowJob p = job(j, "p1", "", """
                    echo "frozen at ${env.SI_SPLIT_OBSERVED_AT} svol=${env.SI_SVOL_LDEV_ID} id=${env.SI_COPY_PAIR_ID}"
                    semaphore 'body'
                    """);
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            SemaphoreStep.waitForStart("body/1", b);
            assertThat(status("p1")).isEqualTo("PSUS/SSUS");
            WorkflowJob other = SimulatedArray.pipeline(j, "other", "siResyncPair storage: 'vsp1', copyGroupName: 'W', "
                    + "copyPairName: 'p1', svolLdevId: 101");
            WorkflowRun o = other.scheduleBuild2(0).waitForStart();
            j.waitForMessage("held frozen by", o);
            assertThat(requests("resync")).as("resyncs while the block runs").isZero();
            SemaphoreStep.success("body/1", null);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertBuildStatusSuccess(j.waitForCompletion(o));
            j.assertLogContains("svol=101 id=W,WP_,WS_,p1", b);
            j.assertLogContains("after the block", b);
            assertThat(status("p1")).isEqualTo("PAIR/PAIR");
            assertThat(requests("split")).isEqualTo(1);
            assertThat(ControllerRuntime.locks().heldResources()).isEmpty();
            SimulatedArray.assertNoOpenSessions(ARRAY.simulator());
            // The build page proves which frozen copy the body saw: the split's record, between the two resyncs.
            List<PairOperationRecord> records = b.getAction(ShadowImageRunAction.class).getOperations();
            assertThat(records).extracting(PairOperationRecord::getOperation).containsExactly("resync", "split", "resync");
            assertThat(records).extracting(PairOperationRecord::getOutcome).containsOnly(PairOperationRecord.Outcome.SUCCESS);
            assertThat(records.get(1).getSplitTime()).isNotNull();
            j.assertLogContains("frozen at " + records.get(1).getSplitTime(), b);
        });
    }

    @Test
    void aFailingBodyFailsTheBuildWithItsErrorAfterTheResync() throws Throwable {
        sessions.then(j -> {
            WorkflowRun b = SimulatedArray.runAndFail(j, job(j, "p2", "", "error 'tests failed'"));
            j.assertLogContains("tests failed", b);
            j.assertLogNotContains("after the block", b);
            assertThat(status("p2")).isEqualTo("PAIR/PAIR");
            assertThat(ControllerRuntime.locks().heldResources()).isEmpty();
        });
    }

    @Test
    void anAbortInTheBodyStillRunsTheAfterStepAndFreesTheLock() throws Throwable {
        sessions.then(j -> {
            WorkflowRun b = job(j, "p3", ", after: 'delete'", "semaphore 'abort'").scheduleBuild2(0).waitForStart();
            SemaphoreStep.waitForStart("abort/1", b);
            b.doStop();
            j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
            assertThat(status("p3")).isEqualTo("gone");
            assertThat(ControllerRuntime.locks().heldResources()).isEmpty();
            SimulatedArray.assertNoOpenSessions(ARRAY.simulator());
        });
    }

    @Test
    void aRestartDuringTheBodyKeepsTheLockAndTheAfterRunsOnce() throws Throwable {
        sessions.then(j -> {
            WorkflowRun b = job(j, "p4", "", "semaphore 'restart'").scheduleBuild2(0).waitForStart();
            SemaphoreStep.waitForStart("restart/1", b);
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p4", WorkflowJob.class).getBuildByNumber(1);
            assertThat(ControllerRuntime.locks().heldResources()).as("re-claimed at resume").isNotEmpty();
            SemaphoreStep.success("restart/1", null);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            assertThat(status("p4")).isEqualTo("PAIR/PAIR");
            assertThat(requests("split")).isEqualTo(1);
            assertThat(requests("resync")).isEqualTo(1);
        });
    }

    @Test
    void aRestartBeforeTheBodyFinishesTheSplitAndThenRunsTheBodyOnce() throws Throwable {
        sessions.then(j -> {
            WorkflowJob p = job(j, "p5", ", resyncFirst: false", "echo 'body ran'");
            ARRAY.admin().setTimeScale(0.01); // the split stays under way across the restart
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("accepted as job", b);
        });
        sessions.then(j -> {
            ARRAY.admin().setTimeScale(100_000);
            WorkflowRun b = j.jenkins.getItemByFullName("p5", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("resumed after a restart", b);
            assertThat(Files.readString(new File(b.getRootDir(), "log").toPath()).split("body ran", -1)).hasSize(2);
            assertThat(status("p5")).isEqualTo("PAIR/PAIR");
            assertThat(requests("split")).isEqualTo(1);
        });
    }

    @Test
    void aRestartDuringTheAfterStepFinishesItAndTheBuild() throws Throwable {
        sessions.then(j -> {
            WorkflowRun b = job(j, "p6", "", "semaphore 'after'").scheduleBuild2(0).waitForStart();
            SemaphoreStep.waitForStart("after/1", b);
            ARRAY.admin().setTimeScale(0.01); // the resync stays under way across the restart
            SemaphoreStep.success("after/1", null);
            j.waitForMessage("after: resync", b);
        });
        sessions.then(j -> {
            ARRAY.admin().setTimeScale(100_000);
            WorkflowRun b = j.jenkins.getItemByFullName("p6", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("resumed after a restart", b);
            assertThat(status("p6")).isEqualTo("PAIR/PAIR");
            assertThat(requests("resync")).isEqualTo(1);
            assertThat(ControllerRuntime.locks().heldResources()).isEmpty();
        });
    }
}
