package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.util.FormValidation;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockFolder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** A storage system that names its allowed jobs refuses every other job before any request. */
@WithJenkins
class AllowedJobsTest {

    private static final String SPLIT = "siSplitPair storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1'";

    @RegisterExtension
    static final VspSimulatorExtension ARRAY = SimulatedArray.extension();

    private JenkinsRule j;
    private StorageSystem system;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        system = SimulatedArray.configure(j, ARRAY.simulator());
    }

    @Test
    void aJobOutsideTheAllowedFoldersIsRefusedBeforeAnyRequest() throws Exception {
        system.setAllowedJobs("team-a\nrelease/**");
        StorageSystemsConfiguration.get().setStorageSystems(List.of(system));
        WorkflowJob other = job(j.createFolder("team-b"), "deploy");
        assertThat(ARRAY.admin().requests()).isEmpty();

        WorkflowRun b = SimulatedArray.runAndFail(j, other);

        j.assertLogContains("siSplitPair: job 'team-b/deploy' may not use storage system 'vsp1': its allowed jobs are "
                + "'team-a', 'release/**'", b);
        j.assertLogContains("Manage Jenkins » VSP storage systems » Allowed jobs", b);
        assertThat(ARRAY.admin().requests()).as("requests to the array").isEmpty();
    }

    @Test
    void theFrozenCopyBlockIsRefusedTooAndItsBodyNeverRuns() throws Exception {
        system.setAllowedJobs("team-a");
        StorageSystemsConfiguration.get().setStorageSystems(List.of(system));
        WorkflowJob other = j.createFolder("team-b").createProject(WorkflowJob.class, "tests");
        other.setDefinition(new CpsFlowDefinition(
                "siWithSplitPair(storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1') { echo 'BODY RAN' }", true));

        WorkflowRun b = SimulatedArray.runAndFail(j, other);

        j.assertLogContains("siWithSplitPair: job 'team-b/tests' may not use storage system 'vsp1'", b);
        j.assertLogNotContains("BODY RAN", b);
        assertThat(ARRAY.admin().requests()).as("requests to the array").isEmpty();
    }

    @Test
    void aJobInAnAllowedFolderMayUseIt() throws Exception {
        system.setAllowedJobs("team-a");
        StorageSystemsConfiguration.get().setStorageSystems(List.of(system));
        WorkflowJob allowed = job(j.createFolder("team-a"), "deploy");
        WorkflowRun b = j.buildAndAssertStatus(hudson.model.Result.FAILURE, allowed);
        // The pair does not exist: the step got as far as the array, which is what the rule allows.
        j.assertLogNotContains("may not use storage system", b);
        assertThat(ARRAY.admin().requests()).isNotEmpty();
    }

    @Test
    void noRuleMeansEveryJob() throws Exception {
        WorkflowJob top = SimulatedArray.pipeline(j, "anything", SPLIT);
        WorkflowRun b = j.buildAndAssertStatus(hudson.model.Result.FAILURE, top);
        j.assertLogNotContains("may not use storage system", b);
    }

    @Test
    void theSnippetGeneratorSaysSoInAJobThatIsNotAllowed() throws Exception {
        system.setAllowedJobs("team-a");
        StorageSystemsConfiguration.get().setStorageSystems(List.of(system));
        WorkflowJob other = job(j.createFolder("team-b"), "deploy");
        FormValidation check = new io.jenkins.plugins.shadowimage.jenkins.steps.SplitPairStep.DescriptorImpl()
                .doCheckStorage(other, "vsp1");
        assertThat(check.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(check.getMessage()).contains("team-b/deploy", "'team-a'");
    }

    @Test
    void theRulesSurviveTheFormAndAnUnusableRuleIsNamed() throws Exception {
        system.setAllowedJobs("team-a\nrelease/**");
        StorageSystemsConfiguration.get().setStorageSystems(List.of(system));
        j.configRoundtrip();
        assertThat(StorageSystemsConfiguration.get().findSystem("vsp1").getAllowedJobs()).isEqualTo("team-a\nrelease/**");
        StorageSystem.DescriptorImpl d = j.jenkins.getDescriptorByType(StorageSystem.DescriptorImpl.class);
        FormValidation bad = d.doCheckAllowedJobs("team-a\nrelease//x");
        assertThat(bad.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(bad.getMessage()).contains("release//x");
        assertThat(d.doCheckAllowedJobs("team-a").kind).isEqualTo(FormValidation.Kind.OK);
    }

    private static WorkflowJob job(MockFolder folder, String name) throws Exception {
        WorkflowJob p = folder.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(SPLIT, true));
        return p;
    }
}
