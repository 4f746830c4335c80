package io.jenkins.plugins.shadowimage.core.engine;

/**
 * The values of {@link OperationState#targetStatus()}: what an operation waits for. Kept as text because
 * that is how the persisted state holds them.
 */
public final class TargetStatus {
    /** PAIR on both volumes (create, resync, restore, group resync). */
    public static final String PAIR = "PAIR";
    /** Split on both volumes: P-VOL PSUS and S-VOL SSUS (split, group split, create with autoSplit). */
    public static final String PSUS = "PSUS";
    /** Accepted: any status but PSUE (create with waitFor=ACCEPTED). */
    public static final String COPY = "COPY";
    /** A copy or restore is running on the P-VOL (a wait for COPY). */
    public static final String COPYING = "COPYING";
    /** The pair is gone (delete). */
    public static final String GONE = "GONE";
    /** Wait until the pair leaves a transitional status, then check again. */
    public static final String SETTLED = "SETTLED";

    private TargetStatus() {
    }
}
