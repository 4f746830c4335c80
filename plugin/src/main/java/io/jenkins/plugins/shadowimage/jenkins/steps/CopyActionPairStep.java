package io.jenkins.plugins.shadowimage.jenkins.steps;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import org.kohsuke.stapler.DataBoundSetter;

/** Split, resync and restore of one pair: they share copy pace, quick mode, what to wait for and the dry run. */
public abstract class CopyActionPairStep extends GuardedPairStep {

    protected CopyActionPairStep(OperationType type, String storage, String copyGroupName, String copyPairName) {
        super(type, storage, copyGroupName, copyPairName);
    }

    @DataBoundSetter public void setCopyPace(Integer v) { p.copyPace(v); }
    @DataBoundSetter public void setQuickMode(Boolean v) { p.quickMode(v); }
    @DataBoundSetter public void setWaitFor(WaitFor v) { p.waitFor(v); }
    @DataBoundSetter public void setDryRun(boolean v) { p.dryRun(v); }
}
