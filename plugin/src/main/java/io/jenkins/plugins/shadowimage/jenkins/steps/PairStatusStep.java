package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code siPairStatus}: reads a pair's status, copy progress and LDEVs; changes nothing. Without a pair name it lists
 * the copy group, and without either name every pair of the storage system ({@link PairListingExecution}).
 */
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

    /** {@code true} when this step lists pairs (no pair name) instead of reading one pair. */
    boolean lists() {
        return getCopyPairName() == null;
    }

    @Override
    protected StepExecution execution(StepContext context) throws Exception {
        return lists() ? new PairListingExecution(context, this) : super.execution(context);
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

        @Override
        protected boolean copyGroupNameRequired() {
            return false;
        }

        @Override
        protected boolean copyPairNameRequired() {
            return false;
        }
    }
}
