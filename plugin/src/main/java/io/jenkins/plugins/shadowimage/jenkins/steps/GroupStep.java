package io.jenkins.plugins.shadowimage.jenkins.steps;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import org.kohsuke.stapler.DataBoundSetter;

/** A step on every pair of a copy group at once (a consistent point in time for all of them). */
public abstract class GroupStep extends ShadowImageStep {

    protected GroupStep(OperationType type, String storage, String copyGroupName) {
        super(type, storage, copyGroupName, null);
    }

    @DataBoundSetter public void setCopyPace(Integer v) { p.copyPace(v); }
    @DataBoundSetter public void setQuickMode(Boolean v) { p.quickMode(v); }
    @DataBoundSetter public void setWaitFor(WaitFor v) { p.waitFor(v); }
    @DataBoundSetter public void setDryRun(boolean v) { p.dryRun(v); }
}
