package io.jenkins.plugins.shadowimage.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when the test says, so that a test decides what time a step sees. */
public final class MovingClock extends Clock {
    private final AtomicReference<Instant> now;

    public MovingClock(Instant start) {
        now = new AtomicReference<>(start);
    }

    /** Starts at the real time now. */
    public MovingClock() {
        this(Instant.now());
    }

    public void advance(Duration d) {
        now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
