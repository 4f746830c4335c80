package io.jenkins.plugins.shadowimage.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) and SIGTERM handling. The JVM runs shutdown hooks on those signals; ours interrupts
 * the thread that runs the command, so it stops waiting, saves its state and discards its session, and
 * waits a bounded time for that before the JVM goes down (with exit status 128+signal, i.e. 130 for
 * Ctrl-C).
 */
public final class Interruption {
    /** How long the hook waits for the command to clean up (discard the session, save state). */
    static final Duration GRACE = Duration.ofSeconds(20);

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean requested;
    private volatile Thread worker;
    private Thread hook;

    /** An instance that is never triggered by signals (in-process runs, tests). */
    public static Interruption none() {
        return new Interruption();
    }

    /** An instance whose {@link #request()} interrupts {@code worker} (tests, embedding callers); no hook. */
    public static Interruption of(Thread worker) {
        Interruption i = new Interruption();
        i.worker = worker;
        return i;
    }

    /** Registers the shutdown hook for the current thread. */
    public static Interruption installForCurrentThread() {
        Interruption i = new Interruption();
        i.worker = Thread.currentThread();
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
        requested = true;
        Thread w = worker;
        if (w != null) {
            w.interrupt();
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
        request();
        try {
            finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
