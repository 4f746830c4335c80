package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import io.jenkins.plugins.shadowimage.jenkins.steps.CreatePairStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.DeletePairStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.PairStatusStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.RestorePairStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.ResyncGroupStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.ResyncPairStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.SplitGroupStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.SplitPairStep;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Every step survives the Snippet Generator form and renders as the Groovy a user would write. */
@WithJenkins
class StepRoundTripTest {

    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        StorageSystem s = new StorageSystem("vsp1", "https://svp.example.com");
        s.setCredentialsId("vsp-user");
        StorageSystemsConfiguration.get().setStorageSystems(List.of(s));
    }

    @Test
    void createPair() throws Exception {
        CreatePairStep step = new CreatePairStep("vsp1", "CG1", "p1", 347, 348);
        assertRoundTrip(step, "siCreatePair copyGroupName: 'CG1', copyPairName: 'p1', pvolLdevId: 347, storage: 'vsp1', svolLdevId: 348");
        step.setCopyPace(8);
        step.setPvolMuNumber(1);
        step.setAutoSplit(true);
        step.setQuickMode(true);
        step.setWaitFor(WaitFor.ACCEPTED);
        step.setTimeout(240);
        step.setFailFast(true);
        step.setCredentialsId("other");
        step.setPvolDeviceGroupName("CG1P");
        step.setSvolDeviceGroupName("CG1S");
        CreatePairStep back = new StepConfigTester(j).configRoundTrip(step);
        j.assertEqualDataBoundBeans(step, back);
        new SnippetizerTester(j).assertRoundTrip(step, "siCreatePair autoSplit: true, copyGroupName: 'CG1', copyPace: 8, "
                + "copyPairName: 'p1', credentialsId: 'other', failFast: true, pvolDeviceGroupName: 'CG1P', pvolLdevId: 347, "
                + "pvolMuNumber: 1, quickMode: true, storage: 'vsp1', svolDeviceGroupName: 'CG1S', svolLdevId: 348, "
                + "timeout: 240, waitFor: 'ACCEPTED'");
    }

    @Test
    void splitPair() throws Exception {
        SplitPairStep step = new SplitPairStep("vsp1", "CG1", "p1");
        assertRoundTrip(step, "siSplitPair copyGroupName: 'CG1', copyPairName: 'p1', storage: 'vsp1'");
        step.setQuickMode(true);
        step.setSvolLdevId(348);
        step.setCopyPace(15);
        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
        new SnippetizerTester(j).assertRoundTrip(step,
                "siSplitPair copyGroupName: 'CG1', copyPace: 15, copyPairName: 'p1', quickMode: true, storage: 'vsp1', svolLdevId: 348");
    }

    @Test
    void otherPairSteps() throws Exception {
        assertRoundTrip(new ResyncPairStep("vsp1", "CG1", "p1"), "siResyncPair copyGroupName: 'CG1', copyPairName: 'p1', storage: 'vsp1'");
        assertRoundTrip(new RestorePairStep("vsp1", "CG1", "p1"), "siRestorePair copyGroupName: 'CG1', copyPairName: 'p1', storage: 'vsp1'");
        assertRoundTrip(new DeletePairStep("vsp1", "CG1", "p1"), "siDeletePair copyGroupName: 'CG1', copyPairName: 'p1', storage: 'vsp1'");
        assertRoundTrip(new PairStatusStep("vsp1", "CG1", "p1"), "siPairStatus copyGroupName: 'CG1', copyPairName: 'p1', storage: 'vsp1'");
        PairStatusStep guarded = new PairStatusStep("vsp1", "CG1", "p1");
        guarded.setSvolLdevId(348);
        assertRoundTrip(guarded, "siPairStatus copyGroupName: 'CG1', copyPairName: 'p1', storage: 'vsp1', svolLdevId: 348");
    }

    @Test
    void groupSteps() throws Exception {
        assertRoundTrip(new SplitGroupStep("vsp1", "DB"), "siSplitGroup copyGroupName: 'DB', storage: 'vsp1'");
        ResyncGroupStep resync = new ResyncGroupStep("vsp1", "DB");
        resync.setWaitFor(WaitFor.ACCEPTED);
        assertRoundTrip(resync, "siResyncGroup copyGroupName: 'DB', storage: 'vsp1', waitFor: 'ACCEPTED'");
    }

    @Test
    void stepsAreListedUnderTheirNames() {
        List<String> names = org.jenkinsci.plugins.workflow.steps.StepDescriptor.all().stream()
                .map(org.jenkinsci.plugins.workflow.steps.StepDescriptor::getFunctionName)
                .filter(n -> n.startsWith("si"))
                .toList();
        assertThat(names).contains("siCreatePair", "siSplitPair", "siPairStatus", "siResyncPair", "siRestorePair",
                "siDeletePair", "siSplitGroup", "siResyncGroup");
    }

    private <S extends org.jenkinsci.plugins.workflow.steps.Step> void assertRoundTrip(S step, String groovy) throws Exception {
        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
        new SnippetizerTester(j).assertRoundTrip(step, groovy);
    }
}
