package io.jenkins.plugins.shadowimage.bench;

import java.time.Duration;

/**
 * Array time against wall time. The simulator can run its jobs and copies {@code factor} times
 * faster than a real array; every client in a scaled measurement then sleeps {@code 1/factor} of
 * what it means to sleep, so that figures converted back with {@link #toArraySeconds} read as on a
 * real array.
 */
public record TimeScale(double factor) {

    public static final TimeScale REAL = new TimeScale(1.0);

    public TimeScale {
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("time scale must be a finite factor >= 1, not " + factor);
        }
    }

    /** The wall-clock time that stands for {@code arrayTime} on the scaled array. */
    public Duration toWall(Duration arrayTime) {
        return Duration.ofNanos(Math.round(arrayTime.toNanos() / factor));
    }

    /** Converts a wall-clock interval measured with {@link System#nanoTime()} into array seconds. */
    public double toArraySeconds(long wallNanos) {
        return wallNanos * factor / 1e9;
    }

    /** Sleeps for {@code arrayTime} of array time. */
    public void sleep(Duration arrayTime) throws InterruptedException {
        long nanos = toWall(arrayTime).toNanos();
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    }
}
