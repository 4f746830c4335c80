package io.jenkins.plugins.shadowimage.simulator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A nanosecond clock that only moves when told to; inject it with {@link SimulatorConfig.Builder#clock}. */
public final class ManualClock implements LongSupplier {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long getAsLong() {
        return nanos.get();
    }

    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a monotonic clock cannot go back: " + d);
        }
        nanos.addAndGet(d.toNanos());
    }
}
