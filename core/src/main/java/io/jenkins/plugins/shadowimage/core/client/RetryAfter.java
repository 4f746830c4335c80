package io.jenkins.plugins.shadowimage.core.client;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The {@code Retry-After} header in both of its forms: delta-seconds ({@code 120}) and an HTTP date. Of the
 * dates, the IMF-fixdate ({@code Thu, 03 Dec 2026 10:00:00 GMT}) is what servers send; the obsolete RFC 850
 * and asctime forms are accepted too, as HTTP asks of recipients.
 */
final class RetryAfter {
    /** The longest wait one answer can ask for; a longer one is waited this long, then the request is retried. */
    static final Duration MAX = Duration.ofMinutes(5);

    private static final DateTimeFormatter RFC_850 = DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'",
            Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    private static final List<DateTimeFormatter> LOCAL_FORMS = List.of(RFC_850, ASCTIME);

    private RetryAfter() {
    }

    /**
     * The wait the header asks for, seen at {@code now}: zero for a date in the past, {@code null} when
     * absent or unreadable (then the retry policy's own backoff applies).
     */
    static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                return MAX; // more digits than a long: certainly beyond the bound
            }
        }
        Instant at = date(v);
        if (at == null) {
            return null;
        }
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Instant date(String v) {
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            // one of the obsolete forms
        }
        for (DateTimeFormatter f : LOCAL_FORMS) {
            try {
                return LocalDateTime.parse(v, f).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return null;
    }

    /** {@code asked} bounded to {@link #MAX}. */
    static Duration bounded(Duration asked) {
        return asked.compareTo(MAX) > 0 ? MAX : asked;
    }
}
