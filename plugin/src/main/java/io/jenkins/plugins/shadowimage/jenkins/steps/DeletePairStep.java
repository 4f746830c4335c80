package io.jenkins.plugins.shadowimage.jenkins.steps;

import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code siDeletePair}: deletes a ShadowImage pair (the data on both volumes stays). */
public final class DeletePairStep extends GuardedPairStep {

    @DataBoundConstructor public DeletePairStep(String storage, String copyGroupName, String copyPairName) {
        super(OperationType.DELETE, storage, copyGroupName, copyPairName);
    }

    @DataBoundSetter public void setDryRun(boolean v) { p.dryRun(v); }

    @Extension @Symbol("siDeletePair")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {
        public DescriptorImpl() { super("siDeletePair", "ShadowImage: delete a pair", OperationType.DELETE); }
    }
}
