package io.jenkins.plugins.shadowimage.simulator;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Responses held by {@code Response-Job-Status: Completed} until their job completes or the wait cap passes.
 * No thread waits for them: one scheduler wakes each hold when its job is due (re-checking at least every
 * 20 ms, so time-scale changes and manual clocks are seen), and the request executor writes the answer. So a
 * thousand clients waiting on jobs cost a thousand sockets, not a thousand threads.
 */
final class HeldResponses {
    private static final long MAX_NAP_NANOS = 20_000_000L;

    /** What to do once the hold ends: record, write and close the response, release what the request held. */
    interface Release {
        void run();
    }

    private final SimClock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor writer;
    private final AtomicInteger held;

    HeldResponses(SimClock clock, ScheduledExecutorService scheduler, Executor writer, AtomicInteger held) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.writer = writer;
        this.held = held;
    }

    /** Holds until {@code job} is complete or {@code realDeadline} (System.nanoTime) passes, then runs {@code release}. */
    void hold(SimulatedJob job, long realDeadline, Release release) {
        held.incrementAndGet();
        check(job, realDeadline, () -> {
            held.decrementAndGet();
            release.run();
        });
    }

    private void check(SimulatedJob job, long realDeadline, Release release) {
        long left = realDeadline - System.nanoTime();
        if (job.isCompleted(clock.simNanos()) || left <= 0) {
            try {
                writer.execute(release::run);
            } catch (RejectedExecutionException e) {
                release.run();
            }
            return;
        }
        long nap = Math.max(100_000L, Math.min(Math.min(clock.realNanosUntil(job.completedAt()), left), MAX_NAP_NANOS));
        try {
            scheduler.schedule(() -> check(job, realDeadline, release), nap, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The simulator is closing: answer with the job as it is.
            release.run();
        }
    }
}
