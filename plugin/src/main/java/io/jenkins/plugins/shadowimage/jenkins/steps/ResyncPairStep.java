package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code siResyncPair}: resynchronises a split pair (P-VOL to S-VOL, PSUS to PAIR). */
public final class ResyncPairStep extends CopyActionPairStep {

    @DataBoundConstructor
    public ResyncPairStep(String storage, String copyGroupName, String copyPairName) {
        super(storage, copyGroupName, copyPairName);
    }

    @NonNull
    @Override
    public OperationType operationType() {
        return OperationType.RESYNC;
    }

    @Extension
    @Symbol("siResyncPair")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {

        @Override
        public String getFunctionName() {
            return "siResyncPair";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "ShadowImage: resynchronise a pair (P-VOL to S-VOL)";
        }
    }
}
