package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code siDeletePair}: deletes a ShadowImage pair (the data on both volumes stays). */
public final class DeletePairStep extends GuardedPairStep {

    @DataBoundConstructor
    public DeletePairStep(String storage, String copyGroupName, String copyPairName) {
        super(storage, copyGroupName, copyPairName);
    }

    @NonNull
    @Override
    public OperationType operationType() {
        return OperationType.DELETE;
    }

    @Extension
    @Symbol("siDeletePair")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {

        @Override
        public String getFunctionName() {
            return "siDeletePair";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "ShadowImage: delete a pair";
        }
    }
}
