package io.jenkins.plugins.shadowimage.core.client;

/**
 * The array could not be reached or the connection failed (refused, reset, timed out, TLS failure).
 * {@link #mayHaveReachedServer()} tells whether the request may have been executed anyway, which makes a
 * non-idempotent request ambiguous: the engine then reads the object back instead of re-sending.
 */
public class VspTransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final String path;
    private final boolean mayHaveReachedServer;

    public VspTransportException(String method, String path, boolean mayHaveReachedServer, String message,
            Throwable cause) {
        this(method, path, mayHaveReachedServer, cause, message + " [" + method + " " + path + "]");
    }

    /** For subclasses whose message already names the request: {@code fullMessage} is used as it is. */
    VspTransportException(String method, String path, boolean mayHaveReachedServer, Throwable cause,
            String fullMessage) {
        super(fullMessage, cause);
        this.method = method;
        this.path = path;
        this.mayHaveReachedServer = mayHaveReachedServer;
    }

    public String method() { return method; }
    public String path() { return path; }

    /** {@code false} only when the request certainly never reached the server (e.g. connection refused). */
    public boolean mayHaveReachedServer() { return mayHaveReachedServer; }

    private ErrorClass retryClass;
    private java.time.Duration retryLater;

    /**
     * When the error is retryable but the request already spent {@link RetryPolicy#maxInCallWait()} retrying:
     * the delay after which the caller should try again (in a later step, holding no session); else null.
     */
    public java.time.Duration retryLater() {
        return retryLater;
    }

    /** The error class of a {@link #retryLater()} error, else null. */
    public ErrorClass retryClass() {
        return retryClass;
    }

    VspTransportException retryLater(ErrorClass c, java.time.Duration delay) {
        this.retryClass = c;
        this.retryLater = delay;
        return this;
    }
}
