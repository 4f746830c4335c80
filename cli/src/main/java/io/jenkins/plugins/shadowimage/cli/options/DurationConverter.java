package io.jenkins.plugins.shadowimage.cli.options;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Accepts "90s", "30m", "2h", "1h30m", "500ms" and ISO-8601 ("PT30M"), ASCII digits only. A duration too long
 * to represent is a usage error like any other bad value, not an internal error; each option checks its own
 * range afterwards.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");
    /** The longest operation timeout; beyond every other option's range too. */
    public static final Duration LONGEST = io.jenkins.plugins.shadowimage.core.engine.PairRequest.MAX_TIMEOUT;

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        try {
            return parseUnchecked(value);
        } catch (ArithmeticException | NumberFormatException e) {
            throw tooLong(value);
        }
    }

    private static Duration parseUnchecked(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) {
            try {
                return positive(Duration.parse(v.toUpperCase(Locale.ROOT)), value);
            } catch (DateTimeParseException e) {
                throw e.getCause() instanceof ArithmeticException ? tooLong(value) : invalid(value);
            }
        }
        Matcher m = PART.matcher(v);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw invalid(value);
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end == 0 || end != v.length()) {
            throw invalid(value);
        }
        return positive(total, value);
    }

    private static Duration positive(Duration d, String value) {
        if (d.isZero() || d.isNegative()) {
            throw new TypeConversionException("'" + value + "' must be a positive duration");
        }
        if (d.compareTo(LONGEST) > 0) {
            throw tooLong(value);
        }
        return d;
    }

    private static TypeConversionException tooLong(String value) {
        return new TypeConversionException("'" + value + "' is too long (at most " + LONGEST.toDays() + " days)");
    }

    private static TypeConversionException invalid(String value) {
        return new TypeConversionException("'" + value + "' is not a duration; use e.g. 90s, 30m, 2h, 1h30m or PT30M");
    }
}
