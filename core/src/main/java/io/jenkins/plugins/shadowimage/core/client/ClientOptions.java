package io.jenkins.plugins.shadowimage.core.client;

import java.time.Duration;

/**
 * Tunables of a {@link VspClient}. The defaults suit a production array; tests shorten them.
 *
 * @param aliveTime the idle timeout requested for each session ({@code aliveTime}, 1..300 s). Default
 *     120 s: sessions live for one short unit of work, the longest idle gap inside one is a retry delay
 *     (at most {@link RetryPolicy#maxDelay()}, 30 s) or a session's linger (at most 30 s), so 120 s leaves a wide
 *     margin, while a session leaked by a crashed process frees its slot of the array's 64 within two
 *     minutes instead of five.
 * @param sessionBudget permits per array shared by every client of this JVM (1..64, default 8)
 * @param sessionLinger how long a finished unit of work keeps its session for the next unit of work of
 *     this JVM with the same credentials (0 disables sharing; default 2 s, far below {@code aliveTime})
 * @param permitWait how long {@link VspClient#openSession} waits for a permit before failing
 * @param responseMaxWait the longest the array is asked to hold a job read until its job ends ({@code
 *     Response-Job-Status: Completed}, {@code Response-Max-Wait}; {@link HeldJobRead}). Default 30 s: the read
 *     is asynchronous (no thread waits), but it keeps a session permit, so the engine holds a job only while it is
 *     young and permits are free, then polls. 0 sends no such header: the engine polls every job
 * @param retryPolicy the retry policy of every request
 * @param requestRateLimit requests per second never to send to the REST server, shared by every client of this
 *     JVM ({@link RequestBudget}); 0 (the default) = only what the server's busy answers teach
 */
public record ClientOptions(Duration aliveTime, int sessionBudget, Duration sessionLinger, Duration permitWait,
        Duration responseMaxWait, RetryPolicy retryPolicy, int requestRateLimit) {

    public static final Duration DEFAULT_ALIVE_TIME = Duration.ofSeconds(120);
    public static final int DEFAULT_SESSION_BUDGET = 8;
    public static final int MAX_SESSIONS = 64;
    public static final Duration DEFAULT_RESPONSE_MAX_WAIT = Duration.ofSeconds(30);

    public ClientOptions {
        aliveTime = aliveTime == null ? DEFAULT_ALIVE_TIME : aliveTime;
        if (aliveTime.getSeconds() < 1 || aliveTime.getSeconds() > 300) {
            throw new IllegalArgumentException("aliveTime must be 1..300 s: " + aliveTime);
        }
        if (sessionBudget < 1 || sessionBudget > MAX_SESSIONS) {
            throw new IllegalArgumentException("sessionBudget must be 1.." + MAX_SESSIONS + ": " + sessionBudget);
        }
        sessionLinger = sessionLinger == null ? Duration.ZERO : sessionLinger;
        if (sessionLinger.compareTo(aliveTime.dividedBy(4)) > 0) {
            throw new IllegalArgumentException("sessionLinger must be at most aliveTime/4");
        }
        permitWait = permitWait == null ? Duration.ofMinutes(10) : permitWait;
        responseMaxWait = responseMaxWait == null ? DEFAULT_RESPONSE_MAX_WAIT : responseMaxWait;
        if (responseMaxWait.isNegative()) {
            throw new IllegalArgumentException("responseMaxWait must be >= 0: " + responseMaxWait);
        }
        retryPolicy = retryPolicy == null ? RetryPolicy.defaults() : retryPolicy;
        if (requestRateLimit < 0) {
            throw new IllegalArgumentException("requestRateLimit must be >= 0 (0 = none): " + requestRateLimit);
        }
    }

    public static ClientOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with this object's values. */
    public Builder toBuilder() {
        return new Builder().aliveTime(aliveTime).sessionBudget(sessionBudget).sessionLinger(sessionLinger)
                .permitWait(permitWait).responseMaxWait(responseMaxWait).retryPolicy(retryPolicy)
                .requestRateLimit(requestRateLimit);
    }

    /** Builder of {@link ClientOptions}. */
    public static final class Builder {
        private Duration aliveTime = DEFAULT_ALIVE_TIME;
        private int sessionBudget = DEFAULT_SESSION_BUDGET;
        private Duration sessionLinger = Duration.ofSeconds(2);
        private Duration permitWait = Duration.ofMinutes(10);
        private Duration responseMaxWait = DEFAULT_RESPONSE_MAX_WAIT;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private int requestRateLimit;

        public Builder aliveTime(Duration v) { this.aliveTime = v; return this; }
        public Builder sessionBudget(int v) { this.sessionBudget = v; return this; }
        public Builder sessionLinger(Duration v) { this.sessionLinger = v; return this; }
        public Builder permitWait(Duration v) { this.permitWait = v; return this; }
        public Builder responseMaxWait(Duration v) { this.responseMaxWait = v; return this; }
        public Builder retryPolicy(RetryPolicy v) { this.retryPolicy = v; return this; }
        /** See {@link ClientOptions#requestRateLimit()}. */
        public Builder requestRateLimit(int v) { this.requestRateLimit = v; return this; }

        public ClientOptions build() {
            return new ClientOptions(aliveTime, sessionBudget, sessionLinger, permitWait, responseMaxWait, retryPolicy,
                    requestRateLimit);
        }
    }
}
