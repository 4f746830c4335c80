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

    /** Typical job duration per array (exponentially weighted), learnt from the jobs this JVM polled. */
    private static final java.util.Map<String, Long> TYPICAL_JOB_MILLIS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The first poll of a job that was not complete in the answer: at the typical duration of this array's
     * jobs when known (fewer calls), never earlier than {@code jobPollInitial} nor later than {@code jobPollMax}.
     */
    Duration firstJobPoll(WorkingState st) {
        Long typical = st.arrayKey() == null ? null : TYPICAL_JOB_MILLIS.get(st.arrayKey());
        long ms = options.jobPollInitial().toMillis();
        if (typical != null) {
            ms = Math.max(ms, Math.min(typical, options.jobPollMax().toMillis()));
        }
        return clampToDeadline(st, Duration.ofMillis(ms));
    }

    /** Records how long the current job took (from its submission to the poll that saw it complete). */
    void jobTook(WorkingState st) {
        if (st.arrayKey() == null || st.jobSubmittedAt() == null) {
            return;
        }
        long took = Math.max(0, Duration.between(st.jobSubmittedAt(), now()).toMillis());
        TYPICAL_JOB_MILLIS.merge(st.arrayKey(), took, (old, v) -> (old * 3 + v) / 4);
    }

    /** {@code jobPollInitial * 1.5^polls}, capped at {@code jobPollMax}. */
    Duration jobDelay(WorkingState st) {
        double ms = options.jobPollInitial().toMillis() * Math.pow(1.5, st.jobPolls());
        return clampToDeadline(st, Duration.ofMillis(Math.min((long) ms, options.jobPollMax().toMillis())));
    }

    /**
     * The ETA from the copy rate observed since the first progress sample of this wait, or {@code null} when
     * there is no rate yet. A progress that went backwards (a new copy) restarts the estimate.
     */
    Duration eta(WorkingState st, CopyPair p) {
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

    /**
     * The share of the time already waited that a status poll may wait beyond {@code statusPollMax}. Completion is
     * then noticed within 5 % of the whole wait (half the 10 % a long wait may take to notice), and a wait of
     * hours polls, and so logs in, a few dozen times instead of once every {@code statusPollMax}.
     */
    static final double LONG_WAIT_SHARE = 0.05;

    /**
     * {@code eta * etaFraction}, or a backoff from the minimum without an ETA; within [min, max], where max is the
     * larger of {@code statusPollMax} and {@link #LONG_WAIT_SHARE} of the time waited so far.
     */
    Duration statusDelay(WorkingState st, Duration eta) {
        long min = options.statusPollMin().toMillis();
        long max = options.statusPollMax().toMillis();
        if (st.waitStartedAt() != null) {
            long waited = Duration.between(st.waitStartedAt(), now()).toMillis();
            max = Math.max(max, (long) (waited * LONG_WAIT_SHARE));
        }
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
    Duration clampToDeadline(WorkingState st, Duration d) {
        Duration left = Duration.between(now(), st.deadline());
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(left) > 0 ? left.plusMillis(1) : d;
    }
}
