package io.jenkins.plugins.shadowimage.cli.options;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every integer option: ASCII decimal digits only, with an optional minus sign. {@link Integer#parseInt} also
 * takes other Unicode digits (Arabic-Indic, full-width, ...) and a plus sign, so a value that looks different
 * from what is sent would be accepted.
 */
public final class DecimalIntegerConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        return parse(value);
    }

    public static int parse(String value) {
        String v = value.trim();
        int start = v.startsWith("-") ? 1 : 0;
        if (v.length() == start) {
            throw notDecimal(value, false);
        }
        for (int i = start; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw notDecimal(value, false);
            }
        }
        String digits = v.substring(start).replaceFirst("^0+(?=.)", "");
        if (digits.length() > 10) {
            throw notDecimal(value, true);
        }
        long n = Long.parseLong(digits) * (start == 1 ? -1 : 1);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw notDecimal(value, true);
        }
        return (int) n;
    }

    private static TypeConversionException notDecimal(String value, boolean tooLarge) {
        // An unprintable or non-ASCII character is shown by its code point, so the message says what was typed.
        return new TypeConversionException(tooLarge ? "'" + value + "' is too large (at most " + Integer.MAX_VALUE + ")"
                : "'" + printable(value) + "' is not a decimal number (digits 0-9 only)");
    }

    static String printable(String value) {
        StringBuilder sb = new StringBuilder();
        value.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f) {
                sb.appendCodePoint(cp);
            } else {
                sb.append(String.format("\\u%04X", cp));
            }
        });
        return sb.toString();
    }
}
