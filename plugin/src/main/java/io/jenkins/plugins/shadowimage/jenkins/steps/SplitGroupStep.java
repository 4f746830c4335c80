package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code siSplitGroup}: splits every pair of a copy group at once (one consistent point in time). */
public final class SplitGroupStep extends GroupStep {

    @DataBoundConstructor
    public SplitGroupStep(String storage, String copyGroupName) {
        super(storage, copyGroupName);
    }

    @NonNull
    @Override
    public OperationType operationType() {
        return OperationType.GROUP_SPLIT;
    }

    @Extension
    @Symbol("siSplitGroup")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {

        @Override
        public String getFunctionName() {
            return "siSplitGroup";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "ShadowImage: split a copy group";
        }
    }
}
