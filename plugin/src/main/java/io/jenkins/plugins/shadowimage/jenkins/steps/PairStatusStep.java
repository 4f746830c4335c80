package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code siPairStatus}: reads a pair's status, copy progress and LDEVs; changes nothing. */
public final class PairStatusStep extends GuardedPairStep {

    @DataBoundConstructor
    public PairStatusStep(String storage, String copyGroupName, String copyPairName) {
        super(storage, copyGroupName, copyPairName);
    }

    @NonNull
    @Override
    public OperationType operationType() {
        return OperationType.STATUS;
    }

    @Extension
    @Symbol("siPairStatus")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {

        @Override
        public String getFunctionName() {
            return "siPairStatus";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "ShadowImage: pair status";
        }
    }
}
