package io.jenkins.plugins.shadowimage.core.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives many operations on a small thread pool without a thread per waiting operation: each step is a
 * task; between steps an operation is only a scheduled timer entry. Used by Jenkins (one scheduler per
 * controller) and by the benchmark (thousands of concurrent operations).
 *
 * <p>Threads block only during a step's requests (and its in-call retry delays); waits for jobs, copy
 * progress and session permits are timer entries.
 */
public final class OperationScheduler implements AutoCloseable {
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private final AtomicInteger active = new AtomicInteger();

    /** A scheduler with its own pool of {@code threads} daemon threads. */
    public OperationScheduler(int threads) {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "shadowimage-scheduler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        this.executor = ex;
        this.ownsExecutor = true;
    }

    /** A scheduler on an executor owned by the caller (not shut down by {@link #close()}). */
    public OperationScheduler(ScheduledExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.ownsExecutor = false;
    }

    /** Operations submitted and not yet finished. */
    public int active() {
        return active.get();
    }

    /**
     * Starts driving {@code state} (from whatever phase it is in: a new operation or a resumed one).
     * {@code sink.save(state)} is called after every step, from a pool thread.
     */
    public OperationHandle submit(OperationDriver driver, OperationState state, StateSink sink) {
        Task task = new Task(driver, state, sink == null ? StateSink.NONE : sink);
        active.incrementAndGet();
        task.future.whenComplete((r, e) -> active.decrementAndGet());
        task.schedule(Duration.ZERO);
        return task;
    }

    @Override
    public void close() {
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }

    private final class Task implements OperationHandle, Runnable {
        private final OperationDriver driver;
        private volatile OperationState state;
        private final Object stepLock = new Object();
        private final StateSink sink;
        private final CompletableFuture<PairInfo> future = new CompletableFuture<>();
        private volatile boolean cancelled;
        private ScheduledFuture<?> next;
        /** A permit became available while the step was running or before the next one was scheduled. */
        private boolean woken;

        /** Called by the session budget when a permit is free for this operation: come back now. */
        void wakeUp() {
            synchronized (this) {
                if (cancelled || future.isDone()) {
                    return;
                }
                if (next != null && !next.isDone() && next.cancel(false)) {
                    next = null;
                    woken = true;
                    schedule(Duration.ZERO);
                } else {
                    woken = true;
                }
            }
        }

        Task(OperationDriver driver, OperationState state, StateSink sink) {
            this.driver = driver;
            this.state = state;
            this.sink = sink;
        }

        synchronized void schedule(Duration delay) {
            if (cancelled || future.isDone()) {
                return;
            }
            if (woken) {
                woken = false;
                delay = Duration.ZERO;
            }
            try {
                next = executor.schedule(this, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            } catch (RuntimeException e) {
                future.completeExceptionally(new ShadowImageException(ShadowImageException.Category.INTERRUPTED,
                        "scheduler shut down: " + state, e));
            }
        }

        @Override
        public void run() {
            if (cancelled) {
                future.completeExceptionally(ShadowImageException.interrupted(state));
                return;
            }
            Advance step;
            synchronized (stepLock) {
                try {
                    step = driver.advance(state, this::wakeUp);
                    state = step.state();
                } catch (RuntimeException | Error e) {
                    // Whatever happens, the handle's future completes: nobody waits forever.
                    future.completeExceptionally(new ShadowImageException(ShadowImageException.Category.INTERNAL,
                            "unexpected error in " + state + ": " + e, e));
                    return;
                }
                try {
                    sink.save(state);
                } catch (IOException | RuntimeException | Error e) {
                    future.completeExceptionally(new ShadowImageException(ShadowImageException.Category.INTERNAL,
                            "could not save the operation state: " + e.getMessage(), e));
                    return;
                }
            }
            if (step instanceof Advance.Done d) {
                future.complete(d.result());
            } else if (step instanceof Advance.Failed f) {
                future.completeExceptionally(f.error());
            } else if (cancelled) {
                future.completeExceptionally(ShadowImageException.interrupted(state));
            } else {
                schedule(((Advance.Again) step).delay());
            }
        }

        @Override
        public CompletableFuture<PairInfo> future() {
            return future;
        }

        @Override
        public void cancel() {
            cancelled = true;
            ScheduledFuture<?> n;
            synchronized (this) {
                n = next;
            }
            if (n != null && n.cancel(false)) {
                future.completeExceptionally(ShadowImageException.interrupted(state));
            }
            driver.abandon(state);
        }

        @Override
        public OperationState state() {
            return state;
        }
    }
}
