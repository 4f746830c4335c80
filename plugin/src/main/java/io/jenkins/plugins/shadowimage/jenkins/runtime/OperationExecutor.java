package io.jenkins.plugins.shadowimage.jenkins.runtime;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.init.Terminator;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The plugin's own scheduler for pair operations. Every REST call of a step runs here, never on the CPS VM
 * thread nor on the shared {@code jenkins.util.Timer}: a waiting operation holds no thread (it is a scheduled
 * task), and a running tick lasts one short engine step (at most one HTTP read timeout).
 */
public final class OperationExecutor {

    private static final Logger LOGGER = Logger.getLogger(OperationExecutor.class.getName());

    /** Enough for many concurrent short ticks; each operation occupies a thread only while it talks to the array. */
    private static final int THREADS = Integer.getInteger(OperationExecutor.class.getName() + ".threads", 8);

    private static ScheduledThreadPoolExecutor pool;
    /**
     * Set by {@link #shutdown()} until the next start in this JVM ({@link #reopen()}): a tick that ends after the
     * terminator must not bring a new pool to life and go on talking to the array while the controller goes down.
     */
    private static boolean terminated;
    private static volatile boolean shuttingDown;
    /** Array connections of running operations, closed at shutdown so their idle shared sessions are discarded. */
    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();

    private OperationExecutor() {}

    /**
     * The pool.
     *
     * @throws RejectedExecutionException after {@link #shutdown()}: the caller leaves its state to program.dat and
     *     resumes after the restart
     */
    public static synchronized ScheduledExecutorService get() {
        if (terminated) {
            throw new RejectedExecutionException("Jenkins is shutting down; VSP ShadowImage operations resume after the restart");
        }
        if (pool == null || pool.isShutdown()) {
            ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(
                    THREADS, new NamingThreadFactory(new DaemonThreadFactory(), "VSP ShadowImage operations"));
            p.setKeepAliveTime(1, TimeUnit.MINUTES);
            p.allowCoreThreadTimeOut(true);
            p.setRemoveOnCancelPolicy(true);
            // At shutdown, pending (delayed) ticks are dropped: they resume from program.dat after the restart.
            p.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            p.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
            pool = p;
        }
        return pool;
    }

    /**
     * A new start of Jenkins in this JVM (a restart inside the test harness) schedules again. Runs before pipelines
     * resume (they resume once jobs are loaded).
     */
    @Initializer(after = InitMilestone.PLUGINS_STARTED)
    public static synchronized void reopen() {
        terminated = false;
        shuttingDown = false;
        ControllerRuntime.reset();
    }

    /**
     * Stops scheduling at shutdown. Waiting operations keep their state in the build's program and resume
     * (with a new session) when the controller is back; nothing is lost by not running their next tick.
     */
    @Terminator
    public static void shutdown() {
        ControllerRuntime.shutdown();
        ScheduledThreadPoolExecutor p;
        synchronized (OperationExecutor.class) {
            terminated = true;
            shuttingDown = true;
            p = pool;
            pool = null;
        }
        // Wait outside the lock: a tick that ends meanwhile gets a RejectedExecutionException from get() at once
        // instead of blocking on the lock (which would hold the pool up for the whole wait).
        if (p != null) {
            // Let a tick in flight finish its short unit of work (and discard its session) before interrupting it.
            p.shutdown();
            try {
                if (!p.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOGGER.log(Level.WARNING, "VSP ShadowImage operations did not stop within 10 s; interrupting them");
                    p.shutdownNow();
                }
            } catch (InterruptedException e) {
                p.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        for (AutoCloseable c : OPEN) {
            try {
                c.close();
            } catch (Exception e) {
                LOGGER.log(Level.FINE, "closing an array connection at shutdown", e);
            }
        }
        OPEN.clear();
    }

    /** Registers a connection to close at shutdown (no session of ours should outlive the controller). */
    public static void opened(AutoCloseable connection) {
        OPEN.add(connection);
    }

    public static void closed(AutoCloseable connection) {
        OPEN.remove(connection);
    }

    /** Whether the controller is stopping: an interrupted tick must then be resumed, not reported as a failure. */
    public static boolean isShuttingDown() {
        return shuttingDown;
    }
}
