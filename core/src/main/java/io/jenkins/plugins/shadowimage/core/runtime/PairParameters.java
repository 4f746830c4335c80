package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.client.model.CopyGroupId;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairListing;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import io.jenkins.plugins.shadowimage.core.engine.WaitTarget;
import java.time.Duration;
import java.time.Instant;

/**
 * The parameters a user gives one operation by name, as a form or a script sets them one at a time (names as in
 * {@link PairRequest}). Setting normalises what "not given" means: a blank name, a non-positive timeout and an
 * unticked flag are all absent, so the engine's default applies. Nothing is checked here: {@link #start} validates.
 */
public final class PairParameters {

    private String copyGroupName;
    private String copyPairName;
    private String pvolDeviceGroupName;
    private String svolDeviceGroupName;
    private Integer pvolLdevId;
    private Integer svolLdevId;
    private Integer pvolMuNumber;
    private Integer copyPace;
    private Boolean quickMode;
    private Boolean autoSplit;
    private Integer consistencyGroupId;
    private Boolean dataReductionForceCopy;
    private WaitFor waitFor = WaitFor.COMPLETION;
    private Integer timeoutMinutes;
    private WaitTarget until;
    private boolean dryRun;

    public String copyGroupName() { return copyGroupName; }
    public void copyGroupName(String v) { copyGroupName = name(v); }
    public String copyPairName() { return copyPairName; }
    public void copyPairName(String v) { copyPairName = name(v); }
    public String pvolDeviceGroupName() { return pvolDeviceGroupName; }
    public void pvolDeviceGroupName(String v) { pvolDeviceGroupName = name(v); }
    public String svolDeviceGroupName() { return svolDeviceGroupName; }
    public void svolDeviceGroupName(String v) { svolDeviceGroupName = name(v); }
    public Integer pvolLdevId() { return pvolLdevId; }
    public void pvolLdevId(Integer v) { pvolLdevId = v; }
    public Integer svolLdevId() { return svolLdevId; }
    public void svolLdevId(Integer v) { svolLdevId = v; }
    public Integer pvolMuNumber() { return pvolMuNumber; }
    public void pvolMuNumber(Integer v) { pvolMuNumber = v; }
    public Integer copyPace() { return copyPace; }
    public void copyPace(Integer v) { copyPace = v; }
    public Boolean quickMode() { return quickMode; }
    public void quickMode(Boolean v) { quickMode = ticked(v); }
    public Boolean autoSplit() { return autoSplit; }
    public void autoSplit(Boolean v) { autoSplit = ticked(v); }
    public Integer consistencyGroupId() { return consistencyGroupId; }
    public void consistencyGroupId(Integer v) { consistencyGroupId = v; }
    /**
     * An unticked box is absent too: without capacity saving on the P-VOL both mean the same, and with it the array
     * refuses a copy that is not forced.
     */
    public Boolean dataReductionForceCopy() { return dataReductionForceCopy; }
    public void dataReductionForceCopy(Boolean v) { dataReductionForceCopy = ticked(v); }
    public WaitFor waitFor() { return waitFor; }
    public void waitFor(WaitFor v) { waitFor = v == null ? WaitFor.COMPLETION : v; }
    /** Minutes, or null for the surface's default of the operation ({@link #start}). */
    public Integer timeoutMinutes() { return timeoutMinutes; }
    public void timeoutMinutes(Integer v) { timeoutMinutes = v == null || v <= 0 ? null : v; }
    public WaitTarget until() { return until; }
    public void until(WaitTarget v) { until = v; }
    public boolean dryRun() { return dryRun; }
    public void dryRun(boolean v) { dryRun = v; }

    /**
     * What a wait step runs: a wait for one pair, or for every pair of the copy group when no pair is named.
     * Any other type is returned as it is.
     */
    public OperationType effectiveType(OperationType type) {
        if (type == OperationType.WAIT || type == OperationType.GROUP_WAIT) {
            return copyPairName == null ? OperationType.GROUP_WAIT : OperationType.WAIT;
        }
        return type;
    }

    /** The engine request (not validated), with this timeout, else {@code defaultTimeout} (null: the engine's). */
    public PairRequest request(Duration defaultTimeout) {
        return PairRequest.builder().copyGroupName(copyGroupName).copyPairName(copyPairName)
                .pvolDeviceGroupName(pvolDeviceGroupName).svolDeviceGroupName(svolDeviceGroupName)
                .pvolLdevId(pvolLdevId).svolLdevId(svolLdevId).pvolMuNumber(pvolMuNumber).copyPace(copyPace)
                .quickMode(quickMode).autoSplit(autoSplit).consistencyGroupId(consistencyGroupId)
                .dataReductionForceCopy(dataReductionForceCopy).waitFor(waitFor)
                .timeout(timeoutMinutes != null ? Duration.ofMinutes(timeoutMinutes) : defaultTimeout).build();
    }

    /**
     * The validated first state of {@code type} (a dry run when asked and the operation changes anything); nothing is
     * sent. A wait needs {@link #until}.
     *
     * @param defaultTimeout the timeout when none was given, or null for the engine's default of the operation
     */
    public OperationState start(OperationType type, Duration defaultTimeout, Instant now) throws ValidationException {
        OperationType t = effectiveType(type);
        PairRequest request = request(defaultTimeout);
        if (t == OperationType.WAIT || t == OperationType.GROUP_WAIT) {
            if (until == null) {
                throw new ValidationException("invalid " + t.cliName() + " request: 'until' is required: PAIR, SPLIT, COPY or GONE");
            }
            return OperationState.startWait(request, until, now);
        }
        OperationState st = OperationState.start(t, request, now);
        return dryRun && !t.isReadOnly() ? st.dryRun() : st;
    }

    /** Whether a status read names no pair, so that it lists the copy group (or, without a group, every pair). */
    public boolean lists() {
        return copyPairName == null;
    }

    /**
     * The copy group a listing reads, or null for every copy group; validated (nothing is sent). The LDEV guards belong
     * to one pair, so a listing refuses them rather than ignore them.
     */
    public CopyGroupId listedGroup() throws ValidationException {
        if (pvolLdevId != null || svolLdevId != null) {
            throw new ValidationException("pvolLdevId/svolLdevId check one pair: give copyPairName too");
        }
        PairListing.validate(copyGroupName, pvolDeviceGroupName, svolDeviceGroupName);
        return copyGroupName == null ? null : new CopyGroupId(copyGroupName, pvolDeviceGroupName, svolDeviceGroupName);
    }

    private static String name(String v) {
        if (v == null) {
            return null;
        }
        String t = v.trim();
        return t.isEmpty() ? null : t;
    }

    private static Boolean ticked(Boolean v) {
        return Boolean.TRUE.equals(v) ? Boolean.TRUE : null;
    }
}
