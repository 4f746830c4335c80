package io.jenkins.plugins.shadowimage.core.runtime;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool an {@link OperationRuntime} steps its operations on: a few daemon threads, each busy only while a step talks
 * to the array. Cancelled waits leave it at once, and a shutdown drops the pending (delayed) steps: their operations
 * stay as saved and resume from there.
 */
public final class StepPool {

    private StepPool() {}

    public static ScheduledThreadPoolExecutor create(int threads, String name) {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, name + " [#" + n.incrementAndGet() + "]");
            t.setDaemon(true);
            return t;
        });
        p.setKeepAliveTime(1, TimeUnit.MINUTES);
        p.allowCoreThreadTimeOut(true);
        p.setRemoveOnCancelPolicy(true);
        p.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        p.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return p;
    }

    /** Lets the steps in flight end (and discard their sessions) within {@code grace}, then interrupts them. */
    public static void stop(ScheduledThreadPoolExecutor pool, Duration grace) throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            pool.shutdownNow();
        }
    }
}
