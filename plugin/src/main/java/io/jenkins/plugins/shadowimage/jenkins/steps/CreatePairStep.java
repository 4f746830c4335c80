package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code siCreatePair}: creates a ShadowImage pair from P-VOL to S-VOL and waits for the initial copy (PAIR),
 * or only until the array accepted it (COPY). Idempotent: an existing pair with the same LDEVs is reported,
 * not created twice; one with other LDEVs is an error.
 */
public final class CreatePairStep extends PairStep {

    private final Integer pvolLdevId;
    private final Integer svolLdevId;
    private Integer pvolMuNumber;
    private Integer copyPace;
    private Boolean quickMode;
    private Boolean autoSplit;
    private Integer consistencyGroupId;
    private Boolean dataReductionForceCopy;
    private WaitFor waitFor = WaitFor.COMPLETION;

    /**
     * The LDEV ids are boxed so that a Pipeline call without one arrives here as {@code null} and is refused,
     * instead of being bound as LDEV 0, which is a real volume.
     */
    @DataBoundConstructor
    public CreatePairStep(String storage, String copyGroupName, String copyPairName, Integer pvolLdevId, Integer svolLdevId) {
        super(storage, copyGroupName, copyPairName);
        this.pvolLdevId = required(pvolLdevId, "pvolLdevId", "P-VOL");
        this.svolLdevId = required(svolLdevId, "svolLdevId", "S-VOL");
    }

    private static Integer required(Integer ldevId, String parameter, String volume) {
        if (ldevId == null) {
            throw new IllegalArgumentException(DescriptorImpl.missingLdevId(parameter, volume));
        }
        return ldevId;
    }

    @NonNull
    @Override
    public OperationType operationType() {
        return OperationType.CREATE;
    }

    @Override
    protected void fill(@NonNull PairRequest.Builder request) {
        super.fill(request);
        request.pvolLdevId(pvolLdevId)
                .svolLdevId(svolLdevId)
                .pvolMuNumber(pvolMuNumber)
                .copyPace(copyPace)
                .quickMode(quickMode)
                .autoSplit(autoSplit)
                .consistencyGroupId(consistencyGroupId)
                .dataReductionForceCopy(dataReductionForceCopy)
                .waitFor(waitFor);
    }

    @Override
    public Integer svolLdev() {
        return svolLdevId;
    }

    public Integer getPvolLdevId() {
        return pvolLdevId;
    }

    public Integer getSvolLdevId() {
        return svolLdevId;
    }

    @CheckForNull
    public Integer getPvolMuNumber() {
        return pvolMuNumber;
    }

    @DataBoundSetter
    public void setPvolMuNumber(Integer pvolMuNumber) {
        this.pvolMuNumber = pvolMuNumber;
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

    @CheckForNull
    public Boolean getAutoSplit() {
        return autoSplit;
    }

    @DataBoundSetter
    public void setAutoSplit(Boolean autoSplit) {
        this.autoSplit = Boolean.TRUE.equals(autoSplit) ? Boolean.TRUE : null;
    }

    @CheckForNull
    public Integer getConsistencyGroupId() {
        return consistencyGroupId;
    }

    @DataBoundSetter
    public void setConsistencyGroupId(Integer consistencyGroupId) {
        this.consistencyGroupId = consistencyGroupId;
    }

    /** {@code null}: the engine sets the forced copy exactly when the P-VOL uses capacity saving. */
    @CheckForNull
    public Boolean getDataReductionForceCopy() {
        return dataReductionForceCopy;
    }

    /**
     * {@code false} is taken as unset, as the Snippet Generator's unticked box is: without capacity saving on
     * the P-VOL both mean the same, and with it the array refuses a copy that is not forced.
     */
    @DataBoundSetter
    public void setDataReductionForceCopy(Boolean dataReductionForceCopy) {
        this.dataReductionForceCopy = Boolean.TRUE.equals(dataReductionForceCopy) ? Boolean.TRUE : null;
    }

    public WaitFor getWaitFor() {
        return waitFor;
    }

    @DataBoundSetter
    public void setWaitFor(WaitFor waitFor) {
        this.waitFor = waitFor == null ? WaitFor.COMPLETION : waitFor;
    }

    @Extension
    @Symbol("siCreatePair")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {

        @Override
        public String getFunctionName() {
            return "siCreatePair";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "ShadowImage: create a pair (full copy of an LDEV)";
        }

        /** A pair is created between two given volumes; the other steps take the LDEV ids only as guards. */
        @Override
        protected boolean ldevIdsRequired() {
            return true;
        }

        static String missingLdevId(String parameter, String volume) {
            return "siCreatePair needs " + parameter + ": the " + volume + "'s LDEV id (0 to " + PairRequest.MAX_LDEV_ID + ")";
        }
    }
}
