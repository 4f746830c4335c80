package io.jenkins.plugins.shadowimage.core.client;

/** How the retry policy classifies a failed request. Each retryable class has its own time budget. */
public enum ErrorClass {
    /** Resource-group lock: a {@link KnownError#isLocked() locked} entry of the {@link ErrorCatalogue}. */
    LOCKED("resource locked"),
    /** The REST server is busy: a {@link KnownError#isBusy() busy} entry of the {@link ErrorCatalogue}. */
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
