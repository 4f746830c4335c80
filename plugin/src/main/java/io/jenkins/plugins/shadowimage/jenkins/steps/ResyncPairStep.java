package io.jenkins.plugins.shadowimage.jenkins.steps;

import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code siResyncPair}: resynchronises a split pair (P-VOL to S-VOL, PSUS to PAIR). */
public final class ResyncPairStep extends CopyActionPairStep {

    @DataBoundConstructor public ResyncPairStep(String storage, String copyGroupName, String copyPairName) {
        super(OperationType.RESYNC, storage, copyGroupName, copyPairName);
    }

    @Extension @Symbol("siResyncPair")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {
        public DescriptorImpl() { super("siResyncPair", "ShadowImage: resynchronise a pair (P-VOL to S-VOL)", OperationType.RESYNC); }
    }
}
