package io.jenkins.plugins.shadowimage.core.engine;

/** The operations of the engine. */
public enum OperationType {
    /** Create a pair; waits for PAIR (or only for COPY with {@link WaitFor#ACCEPTED}). */
    CREATE(true),
    /** Split a pair; waits for PSUS/SSUS. */
    SPLIT(true),
    /** Resynchronise a pair (P-VOL to S-VOL); waits for PAIR. */
    RESYNC(true),
    /** Restore a pair (S-VOL to P-VOL), only from PSUS; waits for PAIR. */
    RESTORE(true),
    /** Delete a pair; waits until it is gone. */
    DELETE(true),
    /** Read a pair's status. */
    STATUS(true),
    /** Split every pair of a copy group; waits until each is PSUS/SSUS. */
    GROUP_SPLIT(false),
    /** Resynchronise every pair of a copy group; waits until each is PAIR. */
    GROUP_RESYNC(false),
    /** Wait, reading only, until a pair reaches a status ({@link WaitTarget}); never changes the pair. */
    WAIT(true),
    /** Wait, reading only, until every pair of a copy group reaches a status; never changes a pair. */
    GROUP_WAIT(false);

    private final boolean pairLevel;

    OperationType(boolean pairLevel) {
        this.pairLevel = pairLevel;
    }

    /** Whether the operation addresses one pair (as opposed to a whole copy group). */
    public boolean isPairLevel() {
        return pairLevel;
    }

    /** Whether the operation only reads (status and the waits): it never sends a request that changes a pair. */
    public boolean isReadOnly() {
        return this == STATUS || this == WAIT || this == GROUP_WAIT;
    }

    /** Lower-case name with dashes, e.g. {@code group-split}, as used by the CLI. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
