package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.ExtensionList;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import io.jenkins.plugins.shadowimage.core.engine.WaitTarget;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import io.jenkins.plugins.shadowimage.jenkins.steps.CreatePairStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.DeletePairStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.PairStatusStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.RestorePairStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.ShadowImageStepDescriptor;
import io.jenkins.plugins.shadowimage.jenkins.steps.ResyncGroupStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.ResyncPairStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.SplitGroupStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.SplitPairStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.WaitPairStep;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.structs.describable.DescribableParameter;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
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
        step.setDryRun(true);
        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
        new SnippetizerTester(j).assertRoundTrip(step, "siSplitPair copyGroupName: 'CG1', copyPace: 15, copyPairName: 'p1', "
                + "dryRun: true, quickMode: true, storage: 'vsp1', svolLdevId: 348");
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
        assertRoundTrip(new PairStatusStep("vsp1", "CG1", null), "siPairStatus copyGroupName: 'CG1', storage: 'vsp1'");
        assertRoundTrip(new PairStatusStep("vsp1", null, null), "siPairStatus storage: 'vsp1'");
    }

    @Test
    void groupSteps() throws Exception {
        assertRoundTrip(new SplitGroupStep("vsp1", "DB"), "siSplitGroup copyGroupName: 'DB', storage: 'vsp1'");
        ResyncGroupStep resync = new ResyncGroupStep("vsp1", "DB");
        resync.setWaitFor(WaitFor.ACCEPTED);
        assertRoundTrip(resync, "siResyncGroup copyGroupName: 'DB', storage: 'vsp1', waitFor: 'ACCEPTED'");
        DeletePairStep delete = new DeletePairStep("vsp1", "CG1", "p1");
        delete.setDryRun(true);
        assertRoundTrip(delete, "siDeletePair copyGroupName: 'CG1', copyPairName: 'p1', dryRun: true, storage: 'vsp1'");
    }

    @Test
    void waitPair() throws Exception {
        assertRoundTrip(new WaitPairStep("vsp1", "CG1", "p1", WaitTarget.PAIR),
                "siWaitPair copyGroupName: 'CG1', copyPairName: 'p1', storage: 'vsp1', until: 'PAIR'");
        assertRoundTrip(new WaitPairStep("vsp1", "DB", null, WaitTarget.SPLIT),
                "siWaitPair copyGroupName: 'DB', storage: 'vsp1', until: 'SPLIT'");
    }

    @Test
    void stepsAreListedUnderTheirNames() {
        List<String> names = org.jenkinsci.plugins.workflow.steps.StepDescriptor.all().stream()
                .map(org.jenkinsci.plugins.workflow.steps.StepDescriptor::getFunctionName)
                .filter(n -> n.startsWith("si"))
                .toList();
        assertThat(names).contains("siCreatePair", "siSplitPair", "siPairStatus", "siResyncPair", "siRestorePair",
                "siDeletePair", "siSplitGroup", "siResyncGroup", "siWaitPair", "siWithSplitPair");
    }

    /**
     * Built from the step classes themselves: every parameter of every step, set to a value other than its
     * default, must come back from the Snippet Generator's form, so a parameter without a form field fails here.
     */
    @Test
    void everyParameterOfEveryStepSurvivesTheForm() throws Exception {
        List<Class<? extends Step>> steps = stepClasses();
        assertThat(steps).hasSize(9);
        for (Class<? extends Step> type : steps) {
            DescribableModel<? extends Step> model = DescribableModel.of(type);
            Map<String, Object> arguments = new TreeMap<>();
            for (DescribableParameter p : model.getParameters()) {
                arguments.put(p.getName(), sample(type, p));
            }
            Step full = model.instantiate(arguments);
            Map<String, ?> given = DescribableModel.uninstantiate2_(full).getArguments();
            assertThat(given.keySet()).as("every sample of %s differs from its default", type.getSimpleName())
                    .containsExactlyInAnyOrderElementsOf(arguments.keySet());
            Step back = new StepConfigTester(j).configRoundTrip(full);
            assertThat(DescribableModel.uninstantiate2_(back).getArguments())
                    .as("%s after the Snippet Generator's form", type.getSimpleName())
                    .isEqualTo(given);
            j.assertEqualDataBoundBeans(full, back);
        }
    }

    /** Every parameter of every step has a help text, the step's own or one of a superclass (Jenkins looks there too). */
    @Test
    void everyParameterOfEveryStepHasHelp() {
        for (Class<? extends Step> type : stepClasses()) {
            for (DescribableParameter p : DescribableModel.of(type).getParameters()) {
                assertThat(helpFileOf(type, p.getName())).as("help-%s.html of %s", p.getName(), type.getSimpleName()).isTrue();
            }
        }
    }

    private static List<Class<? extends Step>> stepClasses() {
        return ExtensionList.lookup(StepDescriptor.class).stream()
                .filter(d -> d instanceof ShadowImageStepDescriptor && !d.takesImplicitBlockArgument())
                .<Class<? extends Step>>map(d -> d.clazz)
                .toList();
    }

    private static boolean helpFileOf(Class<?> type, String parameter) {
        for (Class<?> c = type; c != null && c != Step.class; c = c.getSuperclass()) {
            if (c.getResource(c.getSimpleName() + "/help-" + parameter + ".html") != null) {
                return true;
            }
        }
        return false;
    }

    /** A valid value other than the default; a parameter added without a sample here fails the test on purpose. */
    private static Object sample(Class<?> step, DescribableParameter p) {
        Class<?> t = p.getErasedType();
        String name = p.getName();
        if (t == Boolean.class || t == boolean.class) {
            return true;
        }
        if (t.isEnum()) {
            Object[] constants = t.getEnumConstants();
            return constants[constants.length - 1];
        }
        Object value = null;
        if (t == String.class) {
            value = switch (name) {
                case "storage" -> "vsp1";
                case "copyGroupName" -> "CG1";
                case "copyPairName" -> "p1";
                case "credentialsId" -> "other";
                case "pvolDeviceGroupName" -> "CG1P";
                case "svolDeviceGroupName" -> "CG1S";
                default -> null;
            };
        } else if (t == Integer.class || t == int.class) {
            value = switch (name) {
                case "pvolLdevId" -> 347;
                case "svolLdevId" -> 348;
                case "copyPace" -> 8;
                case "pvolMuNumber" -> 1;
                case "consistencyGroupId" -> 5;
                case "timeout" -> 240;
                default -> null;
            };
        }
        if (value == null) {
            throw new AssertionError("no sample value for " + step.getSimpleName() + "." + name + " (" + t.getName()
                    + "): add one here, and a form field and a help file for it");
        }
        return value;
    }

    private <S extends org.jenkinsci.plugins.workflow.steps.Step> void assertRoundTrip(S step, String groovy) throws Exception {
        j.assertEqualDataBoundBeans(step, new StepConfigTester(j).configRoundTrip(step));
        new SnippetizerTester(j).assertRoundTrip(step, groovy);
    }
}
