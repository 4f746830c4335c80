package io.jenkins.plugins.shadowimage.jenkins.steps;

import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code siPairStatus}: reads a pair's status, copy progress and LDEVs; changes nothing. Without a pair name it lists
 * the copy group, and without either name every pair of the storage system.
 */
public final class PairStatusStep extends GuardedPairStep {

    @DataBoundConstructor public PairStatusStep(String storage, String copyGroupName, String copyPairName) {
        super(OperationType.STATUS, storage, copyGroupName, copyPairName);
    }

    @Extension @Symbol("siPairStatus")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {
        public DescriptorImpl() { super("siPairStatus", "ShadowImage: pair status", OperationType.STATUS); }
    }
}
