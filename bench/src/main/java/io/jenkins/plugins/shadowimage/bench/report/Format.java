package io.jenkins.plugins.shadowimage.bench.report;

import java.time.Duration;
import java.util.Locale;

/** Number formats shared by the report's tables. */
public final class Format {

    private Format() { }

    /** Seconds with a precision that suits their size: 0.012 s, 1.23 s, 12.3 s, 123 s. */
    public static String seconds(double s) {
        double a = Math.abs(s);
        String pattern = a < 0.1 ? "%.3f s" : a < 10 ? "%.2f s" : a < 100 ? "%.1f s" : "%.0f s";
        return String.format(Locale.ROOT, pattern, s);
    }

    public static String seconds(Duration d) {
        return seconds(d.toNanos() / 1e9);
    }

    public static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f×", r);
    }

    public static String decimal(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    public static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
    }

    public static String bytes(long bytes) {
        return bytes < 10_240 ? bytes + " B" : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    /** "met" / "missed" for a target, so the tables can be scanned. */
    public static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }
}
