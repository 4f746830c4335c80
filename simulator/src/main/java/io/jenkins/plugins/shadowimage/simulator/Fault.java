package io.jenkins.plugins.shadowimage.simulator;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A request fault: the next {@code count} requests whose method matches {@code method} (null or "*" = any) and
 * whose path (percent-decoded, without the query) matches the regular expression {@code pathPattern}
 * (searched, not anchored) get {@code kind}. {@code httpStatus} 0 = the kind's usual status;
 * {@code retryAfterSeconds} goes into {@code Retry-After} for 503 answers.
 */
public record Fault(String method, String pathPattern, FaultKind kind, int count, int httpStatus, int retryAfterSeconds) {

    public Fault {
        Objects.requireNonNull(kind, "kind");
        Pattern.compile(pathPattern == null ? "" : pathPattern);
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1: " + count);
        }
    }

    public static Fault of(String method, String pathPattern, FaultKind kind, int count) {
        return new Fault(method, pathPattern, kind, count, 0, 1);
    }
}
