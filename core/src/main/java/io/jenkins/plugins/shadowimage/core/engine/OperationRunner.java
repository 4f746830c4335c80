package io.jenkins.plugins.shadowimage.core.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs one operation to its end on the calling thread (CLI, tests): advance, persist, sleep, repeat.
 * Interrupting the thread (Ctrl-C, abort) stops it between steps with {@link
 * ShadowImageException.Category#INTERRUPTED}; the persisted state can be resumed later.
 */
public final class OperationRunner {
    private final OperationDriver driver;

    public OperationRunner(OperationDriver driver) {
        this.driver = Objects.requireNonNull(driver, "driver");
    }

    /**
     * Drives {@code state} to the end, calling {@code sink.save(state)} after every step.
     *
     * @return the result
     * @throws ShadowImageException the operation's failure, or INTERRUPTED, or INTERNAL when the sink fails
     */
    public PairInfo run(OperationState start, StateSink sink) throws ShadowImageException {
        StateSink s = sink == null ? StateSink.NONE : sink;
        OperationState state = start;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw ShadowImageException.interrupted(state);
            }
            Advance step = driver.advance(state, this::wake);
            state = step.state();
            try {
                s.save(state);
            } catch (IOException | RuntimeException e) {
                throw new ShadowImageException(ShadowImageException.Category.INTERNAL,
                        "could not save the operation state: " + e.getMessage(), e);
            }
            if (step instanceof Advance.Done d) {
                return d.result();
            }
            if (step instanceof Advance.Failed f) {
                throw f.error();
            }
            Duration delay = ((Advance.Again) step).delay();
            try {
                pause(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                driver.abandon(state);
                throw ShadowImageException.interrupted(state);
            }
        }
    }

    private final Object lock = new Object();
    private boolean woken;

    private void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    /** Sleeps for {@code delay}, or less when a session permit became available. */
    private void pause(Duration delay) throws InterruptedException {
        long end = System.nanoTime() + delay.toNanos();
        synchronized (lock) {
            while (!woken) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            woken = false;
        }
    }

}
