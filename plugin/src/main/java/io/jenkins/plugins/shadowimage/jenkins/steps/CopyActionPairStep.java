package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import org.kohsuke.stapler.DataBoundSetter;

/** Split, resync and restore of one pair: they share copy pace, quick mode and what to wait for. */
public abstract class CopyActionPairStep extends GuardedPairStep {

    private Integer copyPace;
    private Boolean quickMode;
    private WaitFor waitFor = WaitFor.COMPLETION;

    protected CopyActionPairStep(String storage, String copyGroupName, String copyPairName) {
        super(storage, copyGroupName, copyPairName);
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
        super.fill(request);
        request.copyPace(copyPace).quickMode(quickMode).waitFor(waitFor);
    }
}
