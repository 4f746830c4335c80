package io.jenkins.plugins.shadowimage.core.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The {@link OperationRuntime} of a long-running process (a Jenkins controller), one per start: a new start (also in
 * the same JVM) begins with a new runtime and no locks, and between {@link #stop} and the next {@link #restart} no step
 * runs, so that a step that ends meanwhile does not bring a pool back to life and go on talking to the array; its
 * operation stays as saved and resumes after the restart. Locks live in memory: resumed holders re-claim them.
 */
public final class RuntimeLifecycle {

    private final int threads;
    private final String poolName;
    private final MaintenancePause pause;
    private final Clock clock;
    private final RuntimeOptions options;
    private OperationRuntime runtime;
    private LockStore locks;
    private ScheduledThreadPoolExecutor pool;
    private boolean stopped;

    public RuntimeLifecycle(int threads, String poolName, MaintenancePause pause, Clock clock, RuntimeOptions options) {
        this.threads = threads;
        this.poolName = Objects.requireNonNull(poolName, "poolName");
        this.pause = pause;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = options;
    }

    public synchronized OperationRuntime runtime() {
        if (runtime == null) {
            locks = new InMemoryLockStore();
            runtime = new OperationRuntime(this::pool, locks, pause, clock, options);
        }
        return runtime;
    }

    /** The locks held now. */
    public synchronized LockStore locks() {
        runtime();
        return locks;
    }

    private synchronized ScheduledExecutorService pool() {
        if (stopped) {
            throw new RejectedExecutionException(poolName + ": shutting down; operations resume after the restart");
        }
        if (pool == null) {
            pool = StepPool.create(threads, poolName);
        }
        return pool;
    }

    /** A new start of the process: operations start and resume on a new runtime. */
    public synchronized void restart() {
        stopped = false;
        runtime = null;
        locks = null;
    }

    /**
     * Stops scheduling; lets the steps in flight end within {@code grace} (interrupted later, they are left to resume,
     * not failed), then closes every {@link SharedAccesses} access, so no idle session outlives the process.
     */
    public void stop(Duration grace) throws InterruptedException {
        ScheduledThreadPoolExecutor p;
        synchronized (this) {
            stopped = true;
            if (runtime != null) {
                runtime.shutdown();
            }
            p = pool;
            pool = null;
        }
        if (p != null) { // outside the lock: a step that ends meanwhile is refused at once instead of blocking on it
            StepPool.stop(p, grace);
        }
        SharedAccesses.closeAll();
    }
}
