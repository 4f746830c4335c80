package io.jenkins.plugins.shadowimage.core.engine;

import java.util.concurrent.CompletableFuture;

/** An operation driven by an {@link OperationScheduler}. */
public interface OperationHandle {
    /** Completes with the result, or exceptionally with a {@link ShadowImageException}. */
    CompletableFuture<PairInfo> future();

    /**
     * Stops driving the operation after the current step (if any); the future then fails with
     * {@link ShadowImageException.Category#INTERRUPTED}. The array is not asked to undo anything; no session
     * stays open.
     */
    void cancel();

    /** The live state (read it only for display; it is mutated by the scheduler). */
    OperationState state();
}
