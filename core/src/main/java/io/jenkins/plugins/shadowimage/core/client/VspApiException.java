package io.jenkins.plugins.shadowimage.core.client;

import io.jenkins.plugins.shadowimage.core.client.model.ApiError;

/**
 * An error answered by the array: a synchronous 4xx/5xx error object, or the error of a failed job.
 * A 5xx that carries a KART error object is the array's answer too ({@link #hasArrayError()}), not a lost
 * connection.
 *
 * <p>The message reads like {@code KART30000-E <message> (SSB1=2E31, SSB2=9A01). Cause: ... Solution: ...
 * (solutionType RETRY, detailCode 30000E-2-2E31-9A01) [POST /ConfigurationManager/v1/objects/..., HTTP 412]}.
 * It never contains an {@code Authorization} header, a token, a password, or a request body.
 */
public class VspApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String method;
    private final String path;
    private final String messageId;
    private final String arrayMessage;
    private final String arrayCause;
    private final String solution;
    private final String ssb1;
    private final String ssb2;
    private final String cciErrorCode;
    private final String errorSource;
    private final String solutionType;
    private final String detailCode;
    private final Long jobId;
    private int retries;

    /**
     * @param httpStatus HTTP status of the answer (for a failed job: the status of the request that
     *     created it, usually 202)
     * @param method request method
     * @param path request path (never with a query that carries secrets; ours never do)
     * @param error the error object, or {@code null} when the body had none
     * @param jobId the failed job, or {@code null} for a synchronous error
     * @param fallback text used when there is no error object (e.g. "HTTP 502 Bad Gateway")
     */
    public VspApiException(int httpStatus, String method, String path, ApiError error, Long jobId, String fallback) {
        super(format(httpStatus, method, path, error, jobId, fallback));
        this.httpStatus = httpStatus;
        this.method = method;
        this.path = path;
        this.jobId = jobId;
        if (error != null) {
            this.messageId = error.messageId();
            this.arrayMessage = error.message();
            this.arrayCause = error.cause();
            this.solution = error.solution();
            this.ssb1 = error.ssb1();
            this.ssb2 = error.ssb2();
            this.cciErrorCode = error.cciErrorCode();
            this.errorSource = error.errorSource();
            this.solutionType = error.solutionType();
            this.detailCode = error.detailCode();
        } else {
            this.messageId = null;
            this.arrayMessage = fallback;
            this.arrayCause = null;
            this.solution = null;
            this.ssb1 = null;
            this.ssb2 = null;
            this.cciErrorCode = null;
            this.errorSource = null;
            this.solutionType = null;
            this.detailCode = null;
        }
    }

    static String format(int httpStatus, String method, String path, ApiError e, Long jobId, String fallback) {
        StringBuilder sb = new StringBuilder();
        if (e != null && e.messageId() != null) {
            sb.append(e.messageId()).append(' ');
        }
        String msg = e != null && e.message() != null ? e.message() : fallback != null ? fallback : "HTTP " + httpStatus;
        sb.append(msg);
        if (e != null) {
            if (e.ssb1() != null || e.ssb2() != null) {
                sb.append(" (SSB1=").append(e.ssb1() == null ? "" : e.ssb1())
                        .append(", SSB2=").append(e.ssb2() == null ? "" : e.ssb2()).append(')');
            } else if (e.cciErrorCode() != null) {
                sb.append(" (errorCode=").append(e.cciErrorCode()).append(')');
            }
            if (!msg.endsWith(".")) {
                sb.append('.');
            }
            if (e.cause() != null && !e.cause().isBlank()) {
                sb.append(" Cause: ").append(e.cause());
            }
            if (e.solution() != null && !e.solution().isBlank()) {
                sb.append(" Solution: ").append(e.solution());
            }
            String details = joined("solutionType ", e.solutionType(), "detailCode ", e.detailCode());
            if (!details.isEmpty()) {
                sb.append(" (").append(details).append(')');
            }
        }
        sb.append(" [").append(method).append(' ').append(path);
        if (jobId != null) {
            sb.append(", job ").append(jobId);
        } else {
            sb.append(", HTTP ").append(httpStatus);
        }
        if (e != null && e.errorSource() != null && !e.errorSource().isBlank() && !e.errorSource().equals(path)) {
            sb.append(", errorSource ").append(e.errorSource());
        }
        sb.append(']');
        return sb.toString();
    }

    private static String joined(String label1, String v1, String label2, String v2) {
        boolean has1 = v1 != null && !v1.isBlank();
        boolean has2 = v2 != null && !v2.isBlank();
        return (has1 ? label1 + v1 : "") + (has1 && has2 ? ", " : "") + (has2 ? label2 + v2 : "");
    }

    public int httpStatus() { return httpStatus; }
    public String method() { return method; }
    public String path() { return path; }
    /** e.g. {@code KART30000-E}, or {@code null} */
    public String messageId() { return messageId; }
    /** The array's {@code message} text. */
    public String arrayMessage() { return arrayMessage; }
    /** The array's {@code cause} text, or {@code null}. */
    public String arrayCause() { return arrayCause; }
    public String solution() { return solution; }
    public String ssb1() { return ssb1; }
    public String ssb2() { return ssb2; }
    /** CCI return code such as {@code EX_EACCES}, or {@code null}. */
    public String cciErrorCode() { return cciErrorCode; }
    public String errorSource() { return errorSource; }
    /** The array's {@code solutionType}, e.g. {@code RETRY} or {@code SEE_ERROR_DETAIL}, or {@code null}. */
    public String solutionType() { return solutionType; }
    /** The array's {@code detailCode}, e.g. {@code 30000E-2-2E31-9A01}, or {@code null}. */
    public String detailCode() { return detailCode; }

    /**
     * Whether the answer carried the array's error object (a KART message id): the array processed the
     * request and said why it failed, whatever the HTTP status (a 500 with KART70000-E and SSB codes too).
     */
    public boolean hasArrayError() { return messageId != null; }

    /**
     * Whether the request may be sent again after this 5xx once the object has been read back: the answer has
     * no error object (a proxy, a lost answer), or the array's solution type is {@code RETRY} (e.g. KART00001-E,
     * an internal error of the REST server). Any other error object is the array's final word.
     */
    public boolean mayBeResent() {
        return !hasArrayError() || "RETRY".equalsIgnoreCase(solutionType);
    }
    /** The failed job's id, or {@code null} for a synchronous error. */
    public Long jobId() { return jobId; }

    /** How many times the request was retried before giving up (0 when the error was not retryable). */
    public int retries() { return retries; }

    VspApiException retries(int n) {
        this.retries = n;
        return this;
    }

    /** Whether the array said the object does not exist (HTTP 404, or a not-found code of {@link ErrorCatalogue}). */
    public boolean isNotFound() {
        return ErrorCatalogue.isNotFound(this);
    }

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

    VspApiException retryLater(ErrorClass c, java.time.Duration delay) {
        this.retryClass = c;
        this.retryLater = delay;
        return this;
    }
}
