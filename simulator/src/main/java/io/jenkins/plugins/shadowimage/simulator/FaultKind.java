package io.jenkins.plugins.shadowimage.simulator;

/** What an injected request fault does to a matching request. */
public enum FaultKind {
    /** 503 with {@code Retry-After} and a KART00003-E error body. */
    HTTP_503,
    /** 503 with {@code Retry-After} and no body at all (maintenance, or a proxy in front of the API). */
    HTTP_503_PLAIN,
    /** 401 "The specified token is invalid" although the session stays valid (tests a client's re-login limit). */
    HTTP_401,
    /** 500 internal error. */
    HTTP_500,
    /** Resource lock error: KART40050-E with SSB 2E11/2205 (HTTP 409 unless a status is given). */
    LOCK,
    /** Server busy: KART00003-E (HTTP 503 unless a status is given). */
    BUSY,
    /** The connection is closed before the request is processed: no response at all. */
    DROP_CONNECTION,
    /** The request is processed, then the connection is closed without a response (the lost-202 case). */
    DROP_AFTER_PROCESSING,
    /**
     * HTTP 500 (unless a status is given) with a full KART error body (default KART70000-E, SSB 2E11/8303); the
     * request is not applied. A real array answers a storage-side failure this way.
     */
    KART_ERROR
}
