package io.jenkins.plugins.shadowimage.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** ISO-8601 UTC timestamps as the REST API writes them: {@code YYYY-MM-DDThh:mm:ssZ}. */
final class Times {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    /** The HTTP date form servers send (RFC 9110 IMF-fixdate), e.g. {@code Thu, 03 Dec 2026 10:00:00 GMT}. */
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(ZoneOffset.UTC);

    private Times() {
    }

    /**
     * Delta-seconds as the HTTP date (RFC 1123) they end at, rounded up to the next whole second so that a
     * client never computes a shorter wait; anything else unchanged.
     */
    static String retryAfterDate(String deltaSeconds) {
        if (deltaSeconds == null || !deltaSeconds.matches("[0-9]{1,9}")) {
            return deltaSeconds;
        }
        Instant at = Instant.now().plusSeconds(Long.parseLong(deltaSeconds)).plusMillis(999)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return IMF_FIXDATE.format(at);
    }

    static String iso(Instant instant) {
        return ISO.format(instant);
    }
}
