package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;

/**
 * How an operation ended without success.
 *
 * @param message complete and safe to show (no secrets)
 * @param cause the engine's error for {@link Kind#ENGINE}, the surface's reason for {@link Kind#ABORTED}, or null
 * @param partial what is known of the pair or group, or null
 */
public record OperationFailure(Kind kind, String message, Throwable cause, PairInfo partial) {

    public enum Kind {
        /** The engine reported a failure (array refusal, timeout, connection, ...): see {@link #engineError()}. */
        ENGINE,
        /** The deadline passed while waiting for a lock or a maintenance pause; nothing was sent. */
        TIMED_OUT_WAITING,
        /** The operation would have had to wait and was told not to. */
        FAIL_FAST,
        /** The surface could not set up the connection. */
        SETUP,
        /** After a restart another operation held this operation's lock. */
        LOCK_LOST,
        /** Stopped by the surface. */
        ABORTED,
        /** A bug. */
        UNEXPECTED
    }

    /**
     * What a surface that ends in an exception throws instead of the message: an abort's own reason (so that the build
     * reads ABORTED) or a bug's error; null for every other failure, which the message explains.
     */
    public Throwable rethrown() {
        return kind == Kind.ABORTED || kind == Kind.UNEXPECTED ? cause : null;
    }

    /** The engine's error, or null. */
    public ShadowImageException engineError() {
        return cause instanceof ShadowImageException e ? e : null;
    }
}
