package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;

/**
 * The surface's side of one operation. Called on the runtime's threads, never two calls at once for one operation;
 * {@link #succeeded} or {@link #failed} exactly once, after every other call.
 */
public interface OperationContext {

    /** Persists the operation; the runtime sends the next request only after this returned. */
    void saveState(SavedOperation saved);

    /** A line of the operation's own (waits, locks, pauses, abort). */
    void log(String line);

    /** Receives the engine's progress events. */
    ProgressListener progress();

    void succeeded(PairInfo result);

    void failed(OperationFailure failure);
}
