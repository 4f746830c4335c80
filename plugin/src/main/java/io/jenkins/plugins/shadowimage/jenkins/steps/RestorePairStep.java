package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code siRestorePair}: restores a split pair in reverse (S-VOL to P-VOL, PSUS to PAIR): the P-VOL gets the frozen data back. */
public final class RestorePairStep extends CopyActionPairStep {

    @DataBoundConstructor
    public RestorePairStep(String storage, String copyGroupName, String copyPairName) {
        super(storage, copyGroupName, copyPairName);
    }

    @NonNull
    @Override
    public OperationType operationType() {
        return OperationType.RESTORE;
    }

    @Extension
    @Symbol("siRestorePair")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {

        @Override
        public String getFunctionName() {
            return "siRestorePair";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "ShadowImage: restore a pair (S-VOL back to P-VOL)";
        }
    }
}
