package io.jenkins.plugins.shadowimage.cli.output;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Shows progress to a human: a redrawn bar with percent and ETA when the output is a terminal,
 * otherwise one timestamped line per change (for logs and CI consoles, where carriage returns
 * turn into garbage).
 */
public abstract class ProgressRenderer {
    private static final DateTimeFormatter TS = DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC);

    protected final PrintStream out;
    protected final Clock clock;

    protected ProgressRenderer(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** A one-off message (phase change, job accepted, retry...). */
    public abstract void message(String text);

    /** A status/percent observation. */
    public abstract void progress(Progress p);

    /** Ends any bar line so later output starts on a fresh line. */
    public abstract void close();

    public static ProgressRenderer bar(PrintStream out, Clock clock, int width) {
        return new Bar(out, clock, width);
    }

    public static ProgressRenderer lines(PrintStream out, Clock clock) {
        return new Lines(out, clock);
    }

    /** Renders nothing (for --quiet). */
    public static ProgressRenderer silent() {
        return new ProgressRenderer(null, Clock.systemUTC()) {
            @Override
            public void message(String text) {
            }

            @Override
            public void progress(Progress p) {
            }

            @Override
            public void close() {
            }
        };
    }

    protected String timestamp() {
        return TS.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)) + "Z";
    }

    /** "1:05", "12s", "1:02:03"; "?" when unknown. */
    public static String formatEta(Duration eta) {
        if (eta == null || eta.isNegative()) {
            return "?";
        }
        long s = eta.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%d:%02d", s / 60, s % 60);
        }
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /** "[########------------]" for a percent in 0..100. */
    public static String bar(int percent, int width) {
        int p = Math.max(0, Math.min(100, percent));
        int filled = (int) Math.round(width * p / 100.0);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }

    static final class Lines extends ProgressRenderer {
        private String lastStatus;
        private int lastDecile = -1;

        Lines(PrintStream out, Clock clock) {
            super(out, clock);
        }

        @Override
        public synchronized void message(String text) {
            out.println(timestamp() + " " + text);
            out.flush();
        }

        @Override
        public synchronized void progress(Progress p) {
            int decile = p.hasPercent() ? p.percent() / 10 : -1;
            boolean changed = p.status() != null && !p.status().equals(lastStatus);
            // A line per status change and per 10 % of copy progress: enough to follow, short enough to read.
            if (!changed && decile == lastDecile) {
                return;
            }
            lastStatus = p.status();
            lastDecile = decile;
            StringBuilder line = new StringBuilder(timestamp()).append(' ');
            if (p.status() != null) {
                line.append(p.status());
            }
            if (p.hasPercent()) {
                line.append(' ').append(p.percent()).append('%');
            }
            if (p.eta() != null) {
                line.append(" ETA ").append(formatEta(p.eta()));
            }
            if (p.status() == null && !p.hasPercent()) {
                line.append(p.message());
            }
            out.println(line.toString().stripTrailing());
            out.flush();
        }

        @Override
        public void close() {
        }
    }

    static final class Bar extends ProgressRenderer {
        private final int width;
        private boolean onBarLine;
        private int lastLength;

        Bar(PrintStream out, Clock clock, int width) {
            super(out, clock);
            this.width = width;
        }

        @Override
        public synchronized void message(String text) {
            endBarLine();
            out.println(text);
            out.flush();
        }

        @Override
        public synchronized void progress(Progress p) {
            if (!p.hasPercent()) {
                if (p.status() != null) {
                    draw(String.format("%-5s %s", p.status(), p.message()));
                }
                return;
            }
            String eta = p.eta() == null && p.percent() >= 100 ? "done    " : String.format("ETA %-8s", formatEta(p.eta()));
            String text = String.format("%s %3d%%  %s %s", bar(p.percent(), width), p.percent(), eta,
                    p.status() == null ? "" : p.status());
            draw(text);
        }

        private void draw(String text) {
            String padded = text.length() < lastLength ? text + " ".repeat(lastLength - text.length()) : text;
            out.print("\r" + padded);
            out.flush();
            lastLength = text.length();
            onBarLine = true;
        }

        private void endBarLine() {
            if (onBarLine) {
                out.println();
                onBarLine = false;
                lastLength = 0;
            }
        }

        @Override
        public synchronized void close() {
            endBarLine();
            out.flush();
        }
    }
}
