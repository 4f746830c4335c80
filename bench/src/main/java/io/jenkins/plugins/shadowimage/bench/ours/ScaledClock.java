package io.jenkins.plugins.shadowimage.bench.ours;

import io.jenkins.plugins.shadowimage.bench.TimeScale;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that runs {@code scale} times faster than the wall clock: the engine's view of array time. */
final class ScaledClock extends Clock {

    private final TimeScale scale;
    private final Instant origin;
    private final long originNanos;

    ScaledClock(TimeScale scale) {
        this(scale, Instant.now(), System.nanoTime());
    }

    private ScaledClock(TimeScale scale, Instant origin, long originNanos) {
        this.scale = scale;
        this.origin = origin;
        this.originNanos = originNanos;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        long wall = System.nanoTime() - originNanos;
        return origin.plusNanos(Math.round(wall * scale.factor()));
    }
}
