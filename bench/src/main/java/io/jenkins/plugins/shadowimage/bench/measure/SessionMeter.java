package io.jenkins.plugins.shadowimage.bench.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Samples the array's open sessions every few milliseconds: session-seconds (the array's scarce resource held,
 * whether a request runs on it or not), the peak, and the longest stretch with a session open, over the whole run
 * or a part of it.
 */
final class SessionMeter implements AutoCloseable {
    private final IntSupplier openSessions;
    private final long periodMillis;
    private final Thread sampler;
    /** {@link System#nanoTime()} and open sessions of each sample; read only after {@link #close()}. */
    private final List<long[]> samples = new ArrayList<>();
    private volatile boolean running = true;

    SessionMeter(IntSupplier openSessions, long periodMillis) {
        this.openSessions = openSessions;
        this.periodMillis = periodMillis;
        this.sampler = new Thread(this::sample, "bench-session-meter");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (true) {
            long[] s = {System.nanoTime(), openSessions.getAsInt()};
            synchronized (samples) {
                samples.add(s);
            }
            if (!running) {
                return;
            }
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Open sessions added up over time (real seconds), each sample's count held until the next sample. */
    double sessionSeconds() {
        return sessionSecondsWithin(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    double sessionSecondsWithin(long fromNanos, long toNanos) {
        double total = 0;
        List<long[]> s = snapshot();
        for (int i = 0; i + 1 < s.size(); i++) {
            long from = Math.max(fromNanos, s.get(i)[0]);
            long to = Math.min(toNanos, s.get(i + 1)[0]);
            if (to > from) {
                total += s.get(i)[1] * (double) (to - from);
            }
        }
        return total / 1e9;
    }

    int peak() {
        return snapshot().stream().mapToInt(s -> (int) s[1]).max().orElse(0);
    }

    /** The longest stretch (real seconds) within [from, to] during which at least one session was open. */
    double longestOpenSecondsWithin(long fromNanos, long toNanos) {
        long longest = 0;
        long since = Long.MIN_VALUE;
        List<long[]> s = snapshot();
        for (int i = 0; i + 1 < s.size(); i++) {
            long from = Math.max(fromNanos, s.get(i)[0]);
            long to = Math.min(toNanos, s.get(i + 1)[0]);
            if (to <= from) {
                continue;
            }
            if (s.get(i)[1] > 0) {
                since = since == Long.MIN_VALUE ? from : since;
                longest = Math.max(longest, to - since);
            } else {
                since = Long.MIN_VALUE;
            }
        }
        return longest / 1e9;
    }

    private List<long[]> snapshot() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
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
