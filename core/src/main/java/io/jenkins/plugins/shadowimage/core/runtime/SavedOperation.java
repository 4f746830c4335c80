package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * What a surface persists of a running operation to resume it after a restart: no secret, no session token.
 *
 * @param state the engine state as of the end of the last step (a snapshot the runtime never mutates)
 * @param locks the resources the operation locks ({@link LockKeys})
 * @param lockDescription what other operations print while waiting for them
 * @param holdsLock whether it holds them (it re-claims them when resumed)
 * @param waitingFor why it waits, or null
 * @param waitingSince since when it waits, or null
 * @param lastReminder when it last said why it waits, or null
 */
public record SavedOperation(String id, OperationState state, List<String> locks, String lockDescription,
        boolean holdsLock, String waitingFor, Instant waitingSince, Instant lastReminder) implements Serializable {

    public SavedOperation {
        locks = List.copyOf(locks);
    }

    /** A new operation: nothing held, not waiting. */
    public static SavedOperation start(String id, OperationState state, List<String> locks, String lockDescription) {
        return new SavedOperation(id, state, locks, lockDescription, false, null, null, null);
    }
}
