package io.jenkins.plugins.shadowimage.simulator;

/** What an injected request fault does to a matching request. */
public enum FaultKind {
    /** 503 with {@code Retry-After} (maintenance / overload). */
    HTTP_503,
    /** 500 internal error. */
    HTTP_500,
    /** Resource lock error: KART40050-E with SSB 2E11/2205 (HTTP 409 unless a status is given). */
    LOCK,
    /** Server busy: KART00003-E (HTTP 503 unless a status is given). */
    BUSY,
    /** The connection is closed before the request is processed: no response at all. */
    DROP_CONNECTION,
    /** The request is processed, then the connection is closed without a response (the lost-202 case). */
    DROP_AFTER_PROCESSING
}
