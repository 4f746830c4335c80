package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.config.StorageSystemSettings;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.core.report.OperationRecords;

/**
 * The surface's side of a {@link FrozenCopy}. Called on the runtime's threads (or the caller's), one call at a time;
 * {@link #ended} exactly once, last.
 */
public interface FrozenCopyContext {

    /** Persists the block; nothing more is sent before this returned. */
    void save(FrozenCopyState state);

    /** A line of the block's own (phases, lock waits, the after step). */
    void log(String line);

    /** Receives the engine's progress events of each operation; null: they are logged at a readable rate ({@link LogProgress}). */
    default ProgressListener progress() {
        return null;
    }

    /**
     * Where the block's operations are recorded, one record each (resync first, the split that makes the frozen copy,
     * the after step), headed like a single step's; null: not recorded. Asked at each write; when it throws, a record
     * is lost, never the block.
     */
    default Records records() throws Exception {
        return null;
    }

    /** A surface's records, and the storage system as the surface names it there. */
    record Records(OperationRecords records, StorageSystemSettings system) {}

    /**
     * The copy is frozen (PSUS/SSUS) and the lock held: run the body with {@link FrozenCopyState#environment()} and call
     * {@link FrozenCopy#bodyEnded} (or {@link FrozenCopy#bodySucceeded}, {@link FrozenCopy#bodyFailed}) when it ends,
     * however it ends. Must not block the calling thread for the body.
     */
    void startBody(FrozenCopyState state);

    /**
     * The block is over and its lock freed.
     *
     * @param result  the last operation's result (the after step's, or the split's for {@code keep}), or null
     * @param failure why the block's own steps did not all succeed, or null; the body's end is in {@code state}
     */
    void ended(FrozenCopyState state, PairInfo result, OperationFailure failure);
}
