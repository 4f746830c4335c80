package io.jenkins.plugins.shadowimage.simulator;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A request fault: the next {@code count} requests whose method matches {@code method} (null or "*" = any) and
 * whose path (percent-decoded, without the query) matches the regular expression {@code pathPattern}
 * (searched, not anchored) get {@code kind}. {@code httpStatus} 0 = the kind's usual status;
 * {@code retryAfterSeconds} goes into {@code Retry-After} for 503 answers. {@code messageId}, {@code ssb1} and
 * {@code ssb2} are the codes of a {@link FaultKind#KART_ERROR} answer (null = its defaults); other kinds ignore them.
 */
public record Fault(String method, String pathPattern, FaultKind kind, int count, int httpStatus, int retryAfterSeconds,
        String messageId, String ssb1, String ssb2) {

    /** Default codes of a {@link FaultKind#KART_ERROR}: a storage-system error as a real array's 500 carries it. */
    public static final String KART_ERROR_MESSAGE_ID = "KART70000-E";
    public static final String KART_ERROR_SSB1 = "2E11";
    public static final String KART_ERROR_SSB2 = "8303";

    public Fault {
        Objects.requireNonNull(kind, "kind");
        Pattern.compile(pathPattern == null ? "" : pathPattern);
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1: " + count);
        }
        if (kind == FaultKind.KART_ERROR) {
            messageId = messageId == null || messageId.isBlank() ? KART_ERROR_MESSAGE_ID : messageId;
            ssb1 = ssb1 == null ? KART_ERROR_SSB1 : ssb1;
            ssb2 = ssb2 == null ? KART_ERROR_SSB2 : ssb2;
        }
    }

    public Fault(String method, String pathPattern, FaultKind kind, int count, int httpStatus, int retryAfterSeconds) {
        this(method, pathPattern, kind, count, httpStatus, retryAfterSeconds, null, null, null);
    }

    /**
     * A 5xx (or any {@code httpStatus}; 0 = 500) answer with a full KART error body, e.g. KART70000-E with SSB
     * codes: the array's own error, not a lost connection.
     */
    public static Fault kartError(String method, String pathPattern, int count, int httpStatus, String messageId,
            String ssb1, String ssb2) {
        return new Fault(method, pathPattern, FaultKind.KART_ERROR, count, httpStatus, 1, messageId, ssb1, ssb2);
    }

    public static Fault of(String method, String pathPattern, FaultKind kind, int count) {
        return new Fault(method, pathPattern, kind, count, 0, 1);
    }
}
