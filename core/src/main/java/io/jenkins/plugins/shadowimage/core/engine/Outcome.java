package io.jenkins.plugins.shadowimage.core.engine;

/**
 * How an operation ended, or what a group result says of one pair. The name is the text in results
 * ({@link PairInfo#outcome()}), the CLI's output and the persisted state.
 */
public enum Outcome {
    /** The pair was created. */
    CREATED,
    /** The pair (or every pair of the group) was split by this operation. */
    SPLIT,
    /** Resynchronised by this operation. */
    RESYNCED,
    /** Restored by this operation. */
    RESTORED,
    /** Deleted by this operation. */
    DELETED,
    /** A status read. */
    STATUS,
    /** A wait: the pair (or every pair) reached its target. */
    REACHED,
    /** The pair does not exist (a status; a delete with nothing to delete). */
    NOT_FOUND,
    /** Nothing to do: already at the target. */
    NO_CHANGE,
    /** Split before this operation; its freeze time is only bounded ({@link PairInfo#splitNotLaterThan()}). */
    ALREADY_SPLIT,
    /** A create found the pair with the same volumes. */
    ALREADY_EXISTS,
    /** A create with autoSplit found the pair in PAIR and split it. */
    ALREADY_EXISTS_THEN_SPLIT,
    /** The array accepted the request (waitFor=ACCEPTED); the copy goes on. */
    ACCEPTED,
    /** A dry run ended with its plan; nothing was sent. */
    DRY_RUN,
    /** The operation failed (or, in a group result, this pair is PSUE). */
    FAILED,
    /** The deadline passed. */
    TIMEOUT,
    /** In a group result: this pair has not reached the target yet. */
    PENDING;

    /** The outcome of an operation of {@code type} that did what it was asked. */
    public static Outcome succeeded(OperationType type) {
        return switch (type) {
            case CREATE -> CREATED;
            case SPLIT, GROUP_SPLIT -> SPLIT;
            case RESYNC, GROUP_RESYNC -> RESYNCED;
            case RESTORE -> RESTORED;
            case DELETE -> DELETED;
            case STATUS -> STATUS;
            case WAIT, GROUP_WAIT -> REACHED;
        };
    }
}
