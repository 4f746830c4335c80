package io.jenkins.plugins.shadowimage.jenkins.steps;

import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code siRestorePair}: restores a split pair in reverse (S-VOL to P-VOL, PSUS to PAIR): the P-VOL gets the frozen data back. */
public final class RestorePairStep extends CopyActionPairStep {

    @DataBoundConstructor public RestorePairStep(String storage, String copyGroupName, String copyPairName) {
        super(OperationType.RESTORE, storage, copyGroupName, copyPairName);
    }

    @Extension @Symbol("siRestorePair")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {
        public DescriptorImpl() { super("siRestorePair", "ShadowImage: restore a pair (S-VOL back to P-VOL)", OperationType.RESTORE); }
    }
}
