package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.runtime.ControllerRuntime;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The maintenance switch and one operation at a time per pair. */
@WithJenkins
class MaintenanceAndLocksTest {

    @RegisterExtension
    static final VspSimulatorExtension ARRAY = SimulatedArray.extensionWithSlowCopies();

    private JenkinsRule j;
    private StorageSystem storage;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        ARRAY.admin().setTimeScale(1);
        storage = SimulatedArray.configure(j, ARRAY.simulator());
    }

    @Test
    void pausedStorageFailsFastWithTheAdminsMessage() throws Exception {
        storage.setOperationsPaused(true);
        storage.setPauseMessage("microcode update until 14:00 UTC");
        WorkflowRun b = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "failfast", """
                siCreatePair storage: 'vsp1', copyGroupName: 'M1', copyPairName: 'p1', pvolLdevId: 120, svolLdevId: 121, failFast: true
                """));
        j.assertLogContains("operations paused on storage system 'vsp1': microcode update until 14:00 UTC", b);
        assertThat(SimulatedArray.createRequests(ARRAY.simulator())).isZero();
    }

    @Test
    void pausedStorageMakesStepsWaitThenContinue() throws Exception {
        ARRAY.admin().setTimeScale(100_000); // copies finish quickly once allowed
        storage.setOperationsPaused(true);
        storage.setPauseMessage("array maintenance");
        WorkflowJob p = SimulatedArray.pipeline(j, "wait", """
                siCreatePair storage: 'vsp1', copyGroupName: 'M2', copyPairName: 'p1', pvolLdevId: 122, svolLdevId: 123
                """);
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("waiting: operations paused on storage system 'vsp1': array maintenance", b);
        assertThat(SimulatedArray.createRequests(ARRAY.simulator())).isZero();
        storage.setOperationsPaused(false);
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("done waiting", b);
        assertThat(SimulatedArray.createRequests(ARRAY.simulator())).isEqualTo(1);
    }

    @Test
    void statusStillWorksWhilePaused() throws Exception {
        storage.setOperationsPaused(true);
        SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, "status", """
                siPairStatus storage: 'vsp1', copyGroupName: 'M3', copyPairName: 'p1'
                """));
    }

    @Test
    void secondBuildWaitsForThePairAndSaysWhy() throws Exception {
        WorkflowJob creator = SimulatedArray.pipeline(j, "creator", """
                siCreatePair storage: 'vsp1', copyGroupName: 'L1', copyPairName: 'p1', pvolLdevId: 124, svolLdevId: 125
                """);
        WorkflowJob splitter = SimulatedArray.pipeline(j, "splitter", """
                siSplitPair storage: 'vsp1', copyGroupName: 'L1', copyPairName: 'p1'
                """);
        WorkflowRun first = creator.scheduleBuild2(0).waitForStart();
        SimulatedArray.awaitPair(ARRAY.simulator(), "L1", "p1", "COPY");
        WorkflowRun second = splitter.scheduleBuild2(0).waitForStart();
        j.waitForMessage("is being created by creator #1", second);
        assertThat(ARRAY.admin().requestCount("POST", "split")).isZero();

        ARRAY.admin().setTimeScale(100_000);
        j.assertBuildStatusSuccess(j.waitForCompletion(first));
        j.assertBuildStatusSuccess(j.waitForCompletion(second));
        assertThat(ARRAY.admin().pairs().get(0).pvolStatus()).isEqualTo("PSUS");
        assertThat(ControllerRuntime.locks().heldResources()).isEmpty();
        SimulatedArray.assertNoOpenSessions(ARRAY.simulator());
    }

    @Test
    void secondBuildFailsFastWhenAsked() throws Exception {
        WorkflowJob creator = SimulatedArray.pipeline(j, "creator2", """
                siCreatePair storage: 'vsp1', copyGroupName: 'L2', copyPairName: 'p1', pvolLdevId: 126, svolLdevId: 127
                """);
        WorkflowRun first = creator.scheduleBuild2(0).waitForStart();
        SimulatedArray.awaitPair(ARRAY.simulator(), "L2", "p1", "COPY");
        WorkflowRun second = j.assertBuildStatus(Result.FAILURE, SimulatedArray.pipeline(j, "impatient", """
                siDeletePair storage: 'vsp1', copyGroupName: 'L2', copyPairName: 'p1', failFast: true
                """).scheduleBuild2(0));
        j.assertLogContains("is being created by creator2 #1", second);
        j.assertLogContains("failFast", second);
        ARRAY.admin().setTimeScale(100_000);
        j.assertBuildStatusSuccess(j.waitForCompletion(first));
    }

    @Test
    void anotherPairOnTheSameSvolAlsoWaits() throws Exception {
        WorkflowRun first = SimulatedArray.pipeline(j, "svol1", """
                siCreatePair storage: 'vsp1', copyGroupName: 'L3', copyPairName: 'a', pvolLdevId: 128, svolLdevId: 129
                """).scheduleBuild2(0).waitForStart();
        SimulatedArray.awaitPair(ARRAY.simulator(), "L3", "a", "COPY");
        WorkflowRun second = j.assertBuildStatus(Result.FAILURE, SimulatedArray.pipeline(j, "svol2", """
                siCreatePair storage: 'vsp1', copyGroupName: 'L4', copyPairName: 'b', pvolLdevId: 130, svolLdevId: 129, failFast: true
                """).scheduleBuild2(0));
        j.assertLogContains("svol1 #1", second);
        ARRAY.admin().setTimeScale(100_000);
        j.assertBuildStatusSuccess(j.waitForCompletion(first));
    }
}
