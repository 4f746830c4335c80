package io.jenkins.plugins.shadowimage.simulator;

import java.util.function.LongSupplier;

/**
 * The REST server's request budget: at most {@code limit} requests in each second of real time (fixed
 * one-second windows, as a simple server-side throttle counts). A refused request does not use the budget.
 */
final class RequestRate {
    private static final long SECOND = 1_000_000_000L;
    private final int configured;
    private final LongSupplier realNanos;
    private int limit;
    private long windowStart;
    private int used;

    RequestRate(int limit, LongSupplier realNanos) {
        this.configured = limit;
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

    /** From now on at most {@code perSecond} requests per second (0 = no limit); the current window keeps its count. */
    synchronized void limit(int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("request rate must be >= 0 (0 = no limit): " + perSecond);
        }
        limit = perSecond;
    }

    synchronized int limit() {
        return limit;
    }

    /** Back to the configured limit, with a fresh window. */
    synchronized void reset() {
        limit = configured;
        windowStart = realNanos.getAsLong();
        used = 0;
    }
}
