package io.jenkins.plugins.shadowimage.core.engine;

/**
 * The values of {@link OperationState#targetStatus()}: what an operation waits for. Kept as text because
 * that is how the persisted state holds them.
 */
final class TargetStatus {
    /** PAIR on both volumes (create, resync, restore, group resync). */
    static final String PAIR = "PAIR";
    /** Split on both volumes: P-VOL PSUS and S-VOL SSUS (split, group split, create with autoSplit). */
    static final String PSUS = "PSUS";
    /** Accepted: any status but PSUE (create with waitFor=ACCEPTED). */
    static final String COPY = "COPY";
    /** A copy or restore is running on the P-VOL (a wait for COPY). */
    static final String COPYING = "COPYING";
    /** The pair is gone (delete). */
    static final String GONE = "GONE";
    /** Wait until the pair leaves a transitional status, then check again. */
    static final String SETTLED = "SETTLED";

    private TargetStatus() {
    }
}
