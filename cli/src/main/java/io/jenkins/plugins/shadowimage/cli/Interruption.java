package io.jenkins.plugins.shadowimage.cli;

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

    /** Registers the shutdown hook for the current thread. */
    public static Interruption installForCurrentThread() {
        Interruption i = of(Thread.currentThread());
        i.hook = new Thread(i::onShutdown, "shadowimage-interrupt");
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

    private void onShutdown() {
        boolean inClean = cleanDepth > 0;
        request();
        try {
            finished.await((inClean ? GRACE : SHORT_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
