package io.jenkins.plugins.shadowimage.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** ISO-8601 UTC timestamps as the REST API writes them: {@code YYYY-MM-DDThh:mm:ssZ}. */
final class Times {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String iso(Instant instant) {
        return ISO.format(instant);
    }
}
