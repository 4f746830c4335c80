package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A pair step that changes the pair. The optional LDEV ids are guards: the step refuses to act unless the
 * pair found on the array has exactly these P-VOL and S-VOL, so a renamed or recreated pair is never split,
 * resynchronised or deleted by mistake.
 */
public abstract class GuardedPairStep extends PairStep {

    private Integer pvolLdevId;
    private Integer svolLdevId;

    protected GuardedPairStep(String storage, String copyGroupName, String copyPairName) {
        super(storage, copyGroupName, copyPairName);
    }

    @CheckForNull
    public Integer getPvolLdevId() {
        return pvolLdevId;
    }

    @DataBoundSetter
    public void setPvolLdevId(Integer pvolLdevId) {
        this.pvolLdevId = pvolLdevId;
    }

    @CheckForNull
    public Integer getSvolLdevId() {
        return svolLdevId;
    }

    @DataBoundSetter
    public void setSvolLdevId(Integer svolLdevId) {
        this.svolLdevId = svolLdevId;
    }

    @Override
    public Integer svolLdev() {
        return svolLdevId;
    }

    @Override
    protected void fill(@NonNull PairRequest.Builder request) {
        super.fill(request);
        request.pvolLdevId(pvolLdevId).svolLdevId(svolLdevId);
    }
}
