package io.jenkins.plugins.shadowimage.jenkins.steps;

import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.WaitTarget;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code siWaitPair}: waits, reading only, until a pair (or, without a pair name, every pair of the copy group)
 * reaches a status. It never changes a pair, takes no lock (so it cannot keep out the change it waits for) and
 * survives a controller restart.
 */
public final class WaitPairStep extends GuardedPairStep {

    @DataBoundConstructor public WaitPairStep(String storage, String copyGroupName, String copyPairName, WaitTarget until) {
        super(OperationType.WAIT, storage, copyGroupName, copyPairName);
        p.until(until);
    }

    @Extension @Symbol("siWaitPair")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {
        public DescriptorImpl() { super("siWaitPair", "ShadowImage: wait for a pair or copy group status", OperationType.WAIT); }
    }
}
