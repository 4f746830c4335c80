package io.jenkins.plugins.shadowimage.core.client;

/** How the retry policy classifies a failed request. Each retryable class has its own time budget. */
public enum ErrorClass {
    /** Resource-group lock: KART40050/51/52-E, SSB 2E11/2205 or 2E11/2207, CCI EX_EACCES. */
    LOCKED("resource locked"),
    /** KART00003-E: the REST server is busy. */
    BUSY("array busy"),
    /** HTTP 503: maintenance or the 64-session cap; {@code Retry-After} is honoured. */
    UNAVAILABLE("service unavailable"),
    /** HTTP 500 or 502. */
    SERVER_ERROR("server error"),
    /** Connection refused, reset or timed out. Retried only when the request is idempotent or never sent. */
    CONNECTION("connection failed"),
    /** HTTP 401 on a session request: the token expired or was discarded. One re-login, then retry. */
    SESSION_EXPIRED("session expired"),
    /** Everything else: not retried. */
    FATAL("error");

    private final String label;

    ErrorClass(String label) {
        this.label = label;
    }

    /** Short human label, e.g. "array busy". */
    public String label() {
        return label;
    }
}
