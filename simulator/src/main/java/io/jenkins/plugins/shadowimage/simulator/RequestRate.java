package io.jenkins.plugins.shadowimage.simulator;

import java.util.function.LongSupplier;

/**
 * The REST server's request budget: at most {@code limit} requests in each second of real time (fixed
 * one-second windows, as a simple server-side throttle counts). A refused request does not use the budget.
 */
final class RequestRate {
    private static final long SECOND = 1_000_000_000L;
    private final int limit;
    private final LongSupplier realNanos;
    private long windowStart;
    private int used;

    RequestRate(int limit, LongSupplier realNanos) {
        this.limit = limit;
        this.realNanos = realNanos;
        this.windowStart = realNanos.getAsLong();
    }

    /**
     * Takes one request from the current second's budget.
     *
     * @return 0 when the request may be served, else the whole seconds until the next window (at least 1)
     */
    synchronized long take() {
        if (limit <= 0) {
            return 0;
        }
        long now = realNanos.getAsLong();
        if (now - windowStart >= SECOND) {
            windowStart += ((now - windowStart) / SECOND) * SECOND;
            used = 0;
        }
        if (used < limit) {
            used++;
            return 0;
        }
        long left = windowStart + SECOND - now;
        return Math.max(1, (left + SECOND - 1) / SECOND);
    }

    synchronized void reset() {
        windowStart = realNanos.getAsLong();
        used = 0;
    }
}
