package io.jenkins.plugins.shadowimage.core.engine;

import java.time.Clock;
import java.time.Duration;

/**
 * Polling and timing of the engine. Every interval is configurable; the defaults suit a real array.
 *
 * @param jobPollInitial first job poll delay (default 0.5 s: most SI jobs complete within a second)
 * @param jobPollMax cap of the job poll delay, reached by multiplying by 1.5 per poll (default 5 s)
 * @param statusPollMin shortest pair-status poll delay (default 0.5 s: a 10 s copy is noticed within 0.5 s)
 * @param statusPollMax cap of the status poll delay (default 30 s)
 * @param etaFraction the next status poll happens after this fraction of the estimated remaining copy time
 *     (default 0.25), so completion is noticed within a small fraction of the wait
 * @param permitRetry how soon a step that found no free session permit comes back (default 1 s)
 * @param clock the clock (tests may use another)
 */
public record EngineOptions(Duration jobPollInitial, Duration jobPollMax, Duration statusPollMin,
        Duration statusPollMax, double etaFraction, Duration permitRetry, Clock clock) {

    public EngineOptions {
        jobPollInitial = jobPollInitial == null ? Duration.ofMillis(500) : jobPollInitial;
        jobPollMax = jobPollMax == null ? Duration.ofSeconds(5) : jobPollMax;
        statusPollMin = statusPollMin == null ? Duration.ofMillis(500) : statusPollMin;
        statusPollMax = statusPollMax == null ? Duration.ofSeconds(30) : statusPollMax;
        etaFraction = etaFraction <= 0 || etaFraction > 1 ? 0.25 : etaFraction;
        permitRetry = permitRetry == null ? Duration.ofSeconds(1) : permitRetry;
        clock = clock == null ? Clock.systemUTC() : clock;
    }

    public static EngineOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The timeout of an operation whose request gives none: 2 h for operations that wait for a copy
     * (create, resync, restore and their group forms; large LDEVs take long at copyPace 3), 1 h for splits
     * (a steady split copies the differences first), 2 h for the waits (they may follow any of those), 30 min for delete and 5 min for status.
     */
    public static Duration defaultTimeout(OperationType type) {
        return switch (type) {
            case CREATE, RESYNC, RESTORE, GROUP_RESYNC, WAIT, GROUP_WAIT -> Duration.ofHours(2);
            case SPLIT, GROUP_SPLIT -> Duration.ofHours(1);
            case DELETE -> Duration.ofMinutes(30);
            case STATUS -> Duration.ofMinutes(5);
        };
    }

    /** Builder of {@link EngineOptions}. */
    public static final class Builder {
        private Duration jobPollInitial;
        private Duration jobPollMax;
        private Duration statusPollMin;
        private Duration statusPollMax;
        private double etaFraction = 0.25;
        private Duration permitRetry;
        private Clock clock;

        public Builder jobPollInitial(Duration v) { this.jobPollInitial = v; return this; }
        public Builder jobPollMax(Duration v) { this.jobPollMax = v; return this; }
        public Builder statusPollMin(Duration v) { this.statusPollMin = v; return this; }
        public Builder statusPollMax(Duration v) { this.statusPollMax = v; return this; }
        public Builder etaFraction(double v) { this.etaFraction = v; return this; }
        public Builder permitRetry(Duration v) { this.permitRetry = v; return this; }
        public Builder clock(Clock v) { this.clock = v; return this; }

        public EngineOptions build() {
            return new EngineOptions(jobPollInitial, jobPollMax, statusPollMin, statusPollMax, etaFraction,
                    permitRetry, clock);
        }
    }
}
