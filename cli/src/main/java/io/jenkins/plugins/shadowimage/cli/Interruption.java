package io.jenkins.plugins.shadowimage.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Ctrl-C (SIGINT) and SIGTERM handling. The JVM runs shutdown hooks on those signals; ours asks the command
 * to stop and waits a bounded time for it, before the JVM goes down with exit status 128+signal (130 for
 * Ctrl-C).
 *
 * <p>How the command is stopped depends on what it is doing. Inside a <em>clean section</em> (one engine
 * step: a few REST calls in one session, then the state-file write) it is not interrupted: a thread interrupt
 * would abort the HTTP exchange that discards the session, and leave that session open on the array until
 * its aliveTime. The step finishes, and the wait after it ({@link #awaitStop}) returns at once. Anywhere else
 * (a password prompt, a wait between steps) the thread is interrupted.
 *
 * <p>A step is short: the CLI's client hands a request that keeps being refused (lock, busy, 503) back to the
 * engine after a few seconds instead of retrying it in place (see {@code OperationExecution.clientOptions}).
 * Only a request the array does not answer can outlast {@link #GRACE}; the hook then says on standard error
 * that the JVM exits without that step's session being discarded.
 */
public final class Interruption {
    /** How long the hook waits for a clean section to end (discard the session, save state). */
    static final Duration GRACE = Duration.ofSeconds(20);
    /** How long the hook waits for the command to wind up outside a clean section. */
    static final Duration SHORT_GRACE = Duration.ofSeconds(3);

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean requested;
    private volatile int cleanDepth;
    private volatile Thread worker;
    private PrintStream diagnostics;
    private Thread hook;

    /** An instance that is never triggered by signals (in-process runs, tests). */
    public static Interruption none() {
        return new Interruption();
    }

    /** An instance whose {@link #request()} stops {@code worker} (tests, embedding callers); no hook. */
    public static Interruption of(Thread worker) {
        Interruption i = new Interruption();
        i.worker = worker;
        return i;
    }

    /** Like {@link #of(Thread)}; the shutdown path reports a step it had to abandon on {@code diagnostics}. */
    static Interruption of(Thread worker, PrintStream diagnostics) {
        Interruption i = of(worker);
        i.diagnostics = diagnostics;
        return i;
    }

    /** Registers the shutdown hook for the current thread; {@code diagnostics} is standard error. */
    public static Interruption installForCurrentThread(PrintStream diagnostics) {
        Interruption i = of(Thread.currentThread(), diagnostics);
        i.hook = new Thread(() -> i.onShutdown(GRACE, SHORT_GRACE), "shadowimage-interrupt");
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    /** True once a signal asked us to stop. */
    public boolean requested() {
        return requested;
    }

    /** Triggers the same path as Ctrl-C without a signal (tests, or an embedding caller). */
    public void request() {
        synchronized (this) {
            requested = true;
            Thread w = worker;
            if (w != null && cleanDepth == 0) {
                w.interrupt();
            }
        }
        stop.countDown();
    }

    /**
     * Runs {@code work} (one engine step, a listing) without being interrupted by Ctrl-C; a stop requested
     * meanwhile is seen by the next {@link #awaitStop} or {@link #requested()}.
     *
     * @throws StopRequestedException when a stop was requested before the work began (it is then not run)
     */
    public <T> T clean(Supplier<T> work) {
        synchronized (this) {
            if (requested) {
                throw new StopRequestedException();
            }
            cleanDepth++;
        }
        try {
            return work.get();
        } finally {
            synchronized (this) {
                cleanDepth--;
            }
        }
    }

    /** A stop was requested before a clean section could begin. */
    public static final class StopRequestedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopRequestedException() {
            super("stopped by Ctrl-C");
        }
    }

    /**
     * Waits {@code delay}, or less if a stop is requested.
     *
     * @return true when a stop was requested
     */
    public boolean awaitStop(Duration delay) {
        try {
            return stop.await(Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS) || requested;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Called by the command thread when it has finished (normally or not): releases the hook. */
    public void finished() {
        finished.countDown();
    }

    /**
     * Removes the hook after a normal end, so that {@code System.exit} does not run it.
     *
     * @return false if the shutdown has already begun (then the caller must not call System.exit)
     */
    public boolean uninstall() {
        if (hook == null) {
            return true;
        }
        try {
            return Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            return false;
        }
    }

    /** What the hook does: ask the command to stop and wait for it, at most {@code grace} inside a step. */
    void onShutdown(Duration grace, Duration shortGrace) {
        boolean inClean = cleanDepth > 0;
        request();
        Duration waited = inClean ? grace : shortGrace;
        boolean ended;
        try {
            ended = finished.await(waited.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = false;
        }
        if (!ended && cleanDepth > 0 && diagnostics != null) {
            // Exiting silently here would let the user believe the session was discarded.
            diagnostics.println("shadowimage: stopped without waiting any longer for a REST request that was still in "
                    + "progress after " + waited.toSeconds() + " s: its session stays open on the array until its "
                    + "idle timeout (aliveTime) ends, and the state file may not record that step; 'shadowimage "
                    + "resume' reads the pair back from the array before it sends anything.");
            diagnostics.flush();
        }
    }
}
