package io.jenkins.plugins.shadowimage.core.runtime;

import java.time.Duration;

/** Durations as the log prints them: "2 min 5 s", "300 ms". */
final class Durations {

    private Durations() {}

    static String words(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + " s";
        }
        long min = s / 60;
        if (min < 60) {
            return min + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        return min / 60 + " h" + (min % 60 == 0 ? "" : " " + min % 60 + " min");
    }
}
