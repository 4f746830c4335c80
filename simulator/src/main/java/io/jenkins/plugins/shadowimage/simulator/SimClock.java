package io.jenkins.plugins.shadowimage.simulator;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Simulated time: a monotonic base clock sped up by a time scale that may change at run time. Changing the
 * scale re-anchors the mapping, so simulated time never jumps or runs backwards. Wall-clock instants (for the
 * ISO timestamps on the wire) are derived from one anchor taken at start.
 */
final class SimClock {
    private final LongSupplier base;
    private final Instant wallAnchor;
    private final long baseAnchor;
    private long anchorBase;
    private long anchorSim;
    private double scale;

    SimClock(LongSupplier base, double scale) {
        this.base = base;
        this.scale = scale;
        this.baseAnchor = base.getAsLong();
        this.wallAnchor = Instant.now();
        this.anchorBase = baseAnchor;
        this.anchorSim = 0;
    }

    /** Unscaled monotonic nanoseconds: used for session idle expiry and HTTP waits. */
    long realNanos() {
        return base.getAsLong();
    }

    synchronized long simNanos() {
        return anchorSim + (long) ((base.getAsLong() - anchorBase) * scale);
    }

    synchronized double scale() {
        return scale;
    }

    synchronized void setScale(double newScale) {
        if (!(newScale > 0)) {
            throw new IllegalArgumentException("time scale must be > 0: " + newScale);
        }
        long now = base.getAsLong();
        anchorSim = anchorSim + (long) ((now - anchorBase) * scale);
        anchorBase = now;
        scale = newScale;
    }

    /** Real nanoseconds until the simulated instant {@code simTarget}, at the current scale (0 if past). */
    synchronized long realNanosUntil(long simTarget) {
        long simNow = anchorSim + (long) ((base.getAsLong() - anchorBase) * scale);
        long delta = simTarget - simNow;
        return delta <= 0 ? 0 : (long) Math.ceil(delta / scale);
    }

    /** Wall-clock instant of a simulated instant, mapped through the current scale. */
    synchronized Instant toInstant(long simNanosValue) {
        long simNow = anchorSim + (long) ((base.getAsLong() - anchorBase) * scale);
        long realAgo = (long) ((simNow - simNanosValue) / scale);
        long realNowSinceStart = base.getAsLong() - baseAnchor;
        return wallAnchor.plusNanos(realNowSinceStart - realAgo);
    }

    /** Wall-clock instant of an unscaled base-clock value. */
    Instant realToInstant(long realNanosValue) {
        return wallAnchor.plusNanos(realNanosValue - baseAnchor);
    }
}
