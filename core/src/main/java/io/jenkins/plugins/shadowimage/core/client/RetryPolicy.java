package io.jenkins.plugins.shadowimage.core.client;

import io.jenkins.plugins.shadowimage.core.client.model.ApiError;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one place that decides whether a failed request is retried, and after how long.
 *
 * <ul>
 *   <li>Each retryable {@link ErrorClass} has its own time budget, counted from the first failure of that
 *       class within one call.</li>
 *   <li>Delays grow exponentially ({@code initialDelay * multiplier^(n-1)}, capped at {@code maxDelay}) with
 *       +/- {@code jitter} so that many clients do not retry in lock step.</li>
 *   <li>A {@code Retry-After} header (seconds or an HTTP date) sets a lower bound of the delay, itself bounded
 *       to 5 minutes. It lengthens a wait but never ends the retries: only the class budget does that.</li>
 *   <li>Non-idempotent requests (creates and actions) are retried only when the array certainly did not
 *       execute them: lock, busy and 503 answers, and connections that never reached the server.</li>
 *   <li>401 on a session request triggers one re-login per call; the client does that, not this class.</li>
 * </ul>
 */
public final class RetryPolicy {

    private final Map<ErrorClass, Duration> budgets;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double multiplier;
    private final double jitter;
    private final Duration maxInCallWait;

    private RetryPolicy(Builder b) {
        this.budgets = new EnumMap<>(b.budgets);
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.multiplier = b.multiplier;
        this.jitter = b.jitter;
        this.maxInCallWait = b.maxInCallWait;
    }

    /**
     * How long one request may spend retrying before the error is handed back to the caller with the
     * delay after which to try again ({@code retryLater()} of the exception). The engine then ends its step,
     * releasing the session and the thread, and comes back later; the class budgets still apply across steps.
     * Default 30 s.
     */
    public Duration maxInCallWait() {
        return maxInCallWait;
    }

    /**
     * Defaults: locked, busy and 503 10 min each; 500/502 2 min; connection failures 1 min; first delay 1 s,
     * doubling up to 30 s, jitter 20 %. Cinder waits up to 2 h on locks; we stop earlier because a pipeline
     * step should fail with a clear message rather than hang, and the user can simply run it again.
     */
    public static RetryPolicy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The class of an HTTP error answer: the error object's {@link ErrorCatalogue} entry first, then the status. */
    public ErrorClass classify(int httpStatus, ApiError error) {
        Optional<KnownError> known = ErrorCatalogue.find(error);
        if (known.map(KnownError::isLocked).orElse(false)) {
            return ErrorClass.LOCKED;
        }
        if (known.map(KnownError::isBusy).orElse(false)) {
            return ErrorClass.BUSY;
        }
        if (httpStatus == 401) {
            return ErrorClass.SESSION_EXPIRED;
        }
        if (httpStatus == 503) {
            return ErrorClass.UNAVAILABLE;
        }
        if (httpStatus == 500 || httpStatus == 502) {
            return ErrorClass.SERVER_ERROR;
        }
        return ErrorClass.FATAL;
    }

    /**
     * Whether a failure of class {@code c} may be retried.
     *
     * @param idempotent whether repeating the request cannot change the outcome (GET, DELETE of a session)
     * @param mayHaveExecuted whether the array may have executed the request despite the failure
     */
    public boolean isRetryable(ErrorClass c, boolean idempotent, boolean mayHaveExecuted) {
        return switch (c) {
            case LOCKED, BUSY, UNAVAILABLE -> true;
            case SERVER_ERROR -> idempotent;
            case CONNECTION -> idempotent || !mayHaveExecuted;
            case SESSION_EXPIRED, FATAL -> false;
        };
    }

    /**
     * The delay before retry number {@code attempt} (1-based) of class {@code c}, or empty when the budget
     * of that class would be exceeded.
     *
     * @param elapsedInClass time since the first failure of this class in the current call
     * @param retryAfter the server's {@code Retry-After}, or {@code null}
     */
    public Optional<Duration> nextDelay(ErrorClass c, int attempt, Duration elapsedInClass, Duration retryAfter) {
        double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        base = Math.min(base, maxDelay.toMillis());
        double factor = 1.0 + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextDouble(-jitter, jitter));
        Duration own = Duration.ofMillis(Math.max(1, Math.round(base * factor)));
        if (!allowsWait(c, elapsedInClass, own)) {
            return Optional.empty();
        }
        if (retryAfter != null) {
            Duration asked = RetryAfter.bounded(retryAfter);
            if (asked.compareTo(own) > 0) {
                return Optional.of(asked);
            }
        }
        return Optional.of(own);
    }

    /**
     * Whether a wait of {@code delay} after {@code elapsedInClass} of failures of class {@code c} is still
     * within that class's budget. Only the policy's own backoff counts (at most {@link #maxDelay()}): a longer
     * wait is the server's {@code Retry-After}, which may lengthen the wait but never turns it into giving up.
     * The engine asks the same when it plans a retry in a later step.
     */
    public boolean allowsWait(ErrorClass c, Duration elapsedInClass, Duration delay) {
        Duration counted = delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
        return elapsedInClass.plus(counted).compareTo(budget(c)) <= 0;
    }

    /** The longest wait one {@code Retry-After} can impose (5 minutes); a longer one is shortened to this. */
    public static Duration maxRetryAfter() {
        return RetryAfter.MAX;
    }

    /** The time budget of class {@code c} ({@link Duration#ZERO} for non-retryable classes). */
    public Duration budget(ErrorClass c) {
        return budgets.getOrDefault(c, Duration.ZERO);
    }

    /** The longest single wait this policy plans, ignoring {@code Retry-After}. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** "array busy (KART00003-E), retry 3 in 8 s". */
    public static String describe(ErrorClass c, String detail, int attempt, Duration delay) {
        return c.label() + (detail == null || detail.isBlank() ? "" : " (" + detail + ")") + ", retry " + attempt
                + " in " + human(delay);
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 10_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return Math.round(ms / 1000.0) + " s";
    }

    /** Builder of {@link RetryPolicy}. */
    public static final class Builder {
        private final Map<ErrorClass, Duration> budgets = new EnumMap<>(ErrorClass.class);
        private Duration initialDelay = Duration.ofSeconds(1);
        private Duration maxDelay = Duration.ofSeconds(30);
        private double multiplier = 2.0;
        private double jitter = 0.2;
        private Duration maxInCallWait = Duration.ofSeconds(30);

        private Builder() {
            budgets.put(ErrorClass.LOCKED, Duration.ofMinutes(10));
            budgets.put(ErrorClass.BUSY, Duration.ofMinutes(10));
            budgets.put(ErrorClass.UNAVAILABLE, Duration.ofMinutes(10));
            budgets.put(ErrorClass.SERVER_ERROR, Duration.ofMinutes(2));
            budgets.put(ErrorClass.CONNECTION, Duration.ofMinutes(1));
        }

        /** Time budget of one error class; {@link Duration#ZERO} disables retries of that class. */
        public Builder budget(ErrorClass c, Duration budget) {
            if (c == ErrorClass.FATAL || c == ErrorClass.SESSION_EXPIRED) {
                throw new IllegalArgumentException(c + " has no time budget");
            }
            budgets.put(c, budget);
            return this;
        }

        public Builder initialDelay(Duration d) { this.initialDelay = d; return this; }
        public Builder maxDelay(Duration d) { this.maxDelay = d; return this; }
        public Builder multiplier(double m) { this.multiplier = m; return this; }
        /** See {@link RetryPolicy#maxInCallWait()}. */
        public Builder maxInCallWait(Duration d) { this.maxInCallWait = d; return this; }
        /** Relative jitter in [0, 1); 0.2 = +/- 20 %. */
        public Builder jitter(double j) {
            if (j < 0 || j >= 1) {
                throw new IllegalArgumentException("jitter must be in [0,1)");
            }
            this.jitter = j;
            return this;
        }

        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
