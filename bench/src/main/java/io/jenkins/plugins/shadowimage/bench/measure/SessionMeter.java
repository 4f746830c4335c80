package io.jenkins.plugins.shadowimage.bench.measure;

import java.util.function.IntSupplier;

/**
 * Samples the array's open sessions every few milliseconds and adds them up over time: session-seconds (the
 * array's scarce resource held, whether a request runs on it or not) and the peak.
 */
final class SessionMeter implements AutoCloseable {
    private final IntSupplier openSessions;
    private final long periodMillis;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile double sessionNanos;
    private volatile int peak;
    private volatile long longestOpenNanos;

    SessionMeter(IntSupplier openSessions, long periodMillis) {
        this.openSessions = openSessions;
        this.periodMillis = periodMillis;
        this.sampler = new Thread(this::sample, "bench-session-meter");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        long last = System.nanoTime();
        int open = openSessions.getAsInt();
        long openSince = open > 0 ? last : -1;
        while (running) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            sessionNanos += open * (double) (now - last);
            last = now;
            open = openSessions.getAsInt();
            peak = Math.max(peak, open);
            if (open > 0 && openSince < 0) {
                openSince = now;
            } else if (open == 0 && openSince >= 0) {
                openSince = -1;
            }
            if (openSince >= 0) {
                longestOpenNanos = Math.max(longestOpenNanos, now - openSince);
            }
        }
    }

    double sessionSeconds() {
        return sessionNanos / 1e9;
    }

    /** The longest stretch during which at least one session was open (real seconds). */
    double longestOpenSeconds() {
        return longestOpenNanos / 1e9;
    }

    int peak() {
        return peak;
    }

    @Override
    public void close() {
        running = false;
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
