package io.jenkins.plugins.shadowimage.core.engine;

import java.util.Locale;

/** The statuses a wait ({@link OperationType#WAIT}, {@link OperationType#GROUP_WAIT}) can wait for. */
public enum WaitTarget {
    /** PAIR on both volumes (synchronized). */
    PAIR(TargetStatus.PAIR),
    /** Split on both volumes (PSUS/SSUS and their forms). */
    SPLIT(TargetStatus.PSUS),
    /** A copy or restore is running on the P-VOL (COPY, its sub-states, RCPY). */
    COPY(TargetStatus.COPYING),
    /** The pair is gone (deleted) or listed as SMPL. */
    GONE(TargetStatus.GONE);

    private final String targetStatus;

    WaitTarget(String targetStatus) {
        this.targetStatus = targetStatus;
    }

    /** The persisted target status of the wait. */
    String targetStatus() {
        return targetStatus;
    }

    /**
     * The target a user names: PAIR; SPLIT, PSUS or SSUS; COPY; GONE or SMPL (case ignored).
     *
     * @throws ValidationException for anything else, listing the accepted names
     */
    public static WaitTarget parse(String name) throws ValidationException {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        return switch (n) {
            case "PAIR" -> PAIR;
            case "SPLIT", "PSUS", "SSUS" -> SPLIT;
            case "COPY" -> COPY;
            case "GONE", "SMPL" -> GONE;
            default -> throw new ValidationException("unknown status to wait for: '" + name
                    + "'; use PAIR, SPLIT (or PSUS, SSUS), COPY, or GONE (or SMPL)");
        };
    }
}
