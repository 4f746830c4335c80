package io.jenkins.plugins.shadowimage.core.engine;

import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import java.time.Duration;
import java.time.Instant;

/**
 * When the engine looks again: jobs fast at first then backing off, copies at a fraction of the ETA derived
 * from the copy rate observed during the current wait, and never after the operation's deadline.
 */
final class PollingSchedule {
    private final EngineOptions options;

    PollingSchedule(EngineOptions options) {
        this.options = options;
    }

    Instant now() {
        return options.clock().instant();
    }

    /** {@code jobPollInitial * 1.5^polls}, capped at {@code jobPollMax}. */
    Duration jobDelay(OperationState st) {
        double ms = options.jobPollInitial().toMillis() * Math.pow(1.5, st.jobPolls());
        return clampToDeadline(st, Duration.ofMillis(Math.min((long) ms, options.jobPollMax().toMillis())));
    }

    /**
     * The ETA from the copy rate observed since the first progress sample of this wait, or {@code null} when
     * there is no rate yet. A progress that went backwards (a new copy) restarts the estimate.
     */
    Duration eta(OperationState st, CopyPair p) {
        Integer progress = p.copyProgressRate();
        if (progress == null || progress >= 100) {
            return null;
        }
        Instant now = now();
        if (st.rateBaseProgress() == null || progress < st.rateBaseProgress()) {
            st.rateBase(progress, now);
            return null;
        }
        long ms = Duration.between(st.rateBaseAt(), now).toMillis();
        int done = progress - st.rateBaseProgress();
        if (done <= 0 || ms <= 0) {
            return null;
        }
        double perMs = done / (double) ms;
        return Duration.ofMillis((long) ((100 - progress) / perMs));
    }

    /** {@code eta * etaFraction}, or a backoff from the minimum without an ETA; within [min, max]. */
    Duration statusDelay(OperationState st, Duration eta) {
        long min = options.statusPollMin().toMillis();
        long max = options.statusPollMax().toMillis();
        long ms;
        if (eta != null) {
            ms = (long) (eta.toMillis() * options.etaFraction());
        } else {
            ms = (long) (min * Math.pow(1.5, Math.max(0, st.statusPolls() - 1)));
        }
        ms = Math.max(min, Math.min(max, ms));
        return clampToDeadline(st, Duration.ofMillis(ms));
    }

    /** {@code d}, or just past the deadline when that comes first (so the next step reports the timeout). */
    Duration clampToDeadline(OperationState st, Duration d) {
        Duration left = Duration.between(now(), st.deadline());
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(left) > 0 ? left.plusMillis(1) : d;
    }
}
