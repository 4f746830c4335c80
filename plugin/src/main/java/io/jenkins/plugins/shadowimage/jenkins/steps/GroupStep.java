package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import org.kohsuke.stapler.DataBoundSetter;

/** A step on every pair of a copy group at once (a consistent point in time for all of them). */
public abstract class GroupStep extends ShadowImageStep {

    private Integer copyPace;
    private Boolean quickMode;
    private WaitFor waitFor = WaitFor.COMPLETION;

    protected GroupStep(String storage, String copyGroupName) {
        super(storage, copyGroupName);
    }

    @CheckForNull
    public Integer getCopyPace() {
        return copyPace;
    }

    @DataBoundSetter
    public void setCopyPace(Integer copyPace) {
        this.copyPace = copyPace;
    }

    @CheckForNull
    public Boolean getQuickMode() {
        return quickMode;
    }

    @DataBoundSetter
    public void setQuickMode(Boolean quickMode) {
        this.quickMode = Boolean.TRUE.equals(quickMode) ? Boolean.TRUE : null;
    }

    public WaitFor getWaitFor() {
        return waitFor;
    }

    @DataBoundSetter
    public void setWaitFor(WaitFor waitFor) {
        this.waitFor = waitFor == null ? WaitFor.COMPLETION : waitFor;
    }

    @Override
    protected void fill(@NonNull PairRequest.Builder request) {
        request.copyPace(copyPace).quickMode(quickMode).waitFor(waitFor);
    }
}
