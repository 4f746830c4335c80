package io.jenkins.plugins.shadowimage.jenkins.steps;

import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code siSplitPair}: splits a ShadowImage pair (PAIR to PSUS), freezing the S-VOL at that point in time. */
public final class SplitPairStep extends CopyActionPairStep {

    @DataBoundConstructor public SplitPairStep(String storage, String copyGroupName, String copyPairName) {
        super(OperationType.SPLIT, storage, copyGroupName, copyPairName);
    }

    @Extension @Symbol("siSplitPair")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {
        public DescriptorImpl() { super("siSplitPair", "ShadowImage: split a pair (freeze the S-VOL)", OperationType.SPLIT); }
    }
}
