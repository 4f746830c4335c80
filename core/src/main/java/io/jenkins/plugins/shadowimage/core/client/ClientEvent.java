package io.jenkins.plugins.shadowimage.core.client;

import java.time.Duration;

/**
 * Something the wire layer wants a human to know: a retry with its cause, a wait for a session permit, a
 * re-login, or the insecure-TLS warning. {@link #message()} is a finished log line without secrets.
 *
 * @param kind what happened
 * @param message e.g. "array busy (KART00003-E), retry 3 in 8 s"
 * @param errorClass the cause class of a retry, or {@code null}
 * @param attempt the retry number (1 = first retry), or 0
 * @param delay the wait before the retry, or {@code null}
 */
public record ClientEvent(Kind kind, String message, ErrorClass errorClass, int attempt, Duration delay) {

    /** Kinds of wire events. */
    public enum Kind {
        RETRY,
        RELOGIN,
        PERMIT_WAIT,
        INSECURE_TLS
    }
}
