package io.jenkins.plugins.shadowimage.cli.output;

import java.time.Duration;

/**
 * One progress observation in the CLI's terms.
 *
 * @param message the engine's plain-text description of what happened (always present)
 * @param status  the observed pair status (PAIR, COPY, ...), or null when nothing was observed
 * @param percent copyProgressRate 0-100, or null when the array did not report one
 * @param eta     estimated time to the target status, or null when unknown
 */
public record Progress(String message, String status, Integer percent, Duration eta) {
    public static Progress message(String message) {
        return new Progress(message, null, null, null);
    }

    public boolean hasPercent() {
        return percent != null;
    }
}
