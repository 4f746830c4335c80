package io.jenkins.plugins.shadowimage.core.runtime;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Runs many operations of one surface. Each operation advances one short engine step at a time on a shared pool and
 * holds no thread while it waits (for its next poll, a lock or a maintenance pause).
 *
 * <p>One instance per process start: after a restart the surface builds a new one and {@link #resume resumes} its
 * saved operations. Those that held their locks re-claim them at once; the others (and new ones) leave the locks to
 * them until {@link RuntimeOptions#resumeGrace()} after the latest resume, since a surface resumes its operations one
 * by one in no particular order, and a loaded machine (or Jenkins loading one build after another) may take longer
 * than the grace over all of them.
 */
public final class OperationRuntime {

    private final Supplier<ScheduledExecutorService> pool;
    private final LockStore locks;
    private final MaintenancePause pause;
    private final Clock clock;
    private final RuntimeOptions options;
    private volatile Instant reclaimUntil = Instant.MIN;
    private volatile boolean shuttingDown;
    private final StartQueue starts = new StartQueue();

    /**
     * @param pool the pool to schedule on; may throw {@link java.util.concurrent.RejectedExecutionException} while the
     *     surface shuts down (the operations then stay as saved and resume after the restart)
     */
    public OperationRuntime(Supplier<ScheduledExecutorService> pool, LockStore locks, MaintenancePause pause, Clock clock,
            RuntimeOptions options) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.pause = pause == null ? MaintenancePause.NONE : pause;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = options == null ? RuntimeOptions.defaults() : options;
    }

    /**
     * Starts a new operation (its first state must already be saved by the surface): at once, or, in a burst of
     * starts, when its turn comes ({@link StartQueue}: copies first).
     */
    public RunningOperation start(SavedOperation saved, OperationSpec spec, OperationContext context) {
        RunningOperation op = new RunningOperation(this, saved, spec, context, false);
        op.start(starts);
        return op;
    }

    /**
     * Continues a saved operation after a restart. If it held its locks it re-claims them before this returns; a lost
     * claim fails it ({@link OperationFailure.Kind#LOCK_LOST}).
     */
    public RunningOperation resume(SavedOperation saved, OperationSpec spec, OperationContext context) {
        holdOffWaiters();
        RunningOperation op = new RunningOperation(this, saved, spec, context, true);
        op.resumeNow();
        holdOffWaiters();
        return op;
    }

    /** Waiters keep off the locks for the grace from now: another former holder may be resumed next. */
    private synchronized void holdOffWaiters() {
        Instant until = clock.instant().plus(options.resumeGrace());
        if (until.isAfter(reclaimUntil)) {
            reclaimUntil = until;
        }
    }

    /** Stops scheduling: a step interrupted from now on is left as saved (to resume later), not reported as failed. */
    public void shutdown() {
        shuttingDown = true;
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }

    LockStore locks() {
        return locks;
    }

    MaintenancePause pause() {
        return pause;
    }

    Clock clock() {
        return clock;
    }

    RuntimeOptions options() {
        return options;
    }

    StartQueue starts() {
        return starts;
    }

    ScheduledExecutorService pool() {
        return pool.get();
    }

    /** Until when operations without a saved claim keep off the locks. */
    Instant reclaimUntil() {
        return reclaimUntil;
    }
}
