package io.jenkins.plugins.shadowimage.bench.subject;

import java.time.Duration;

/**
 * The limits of the array's REST server for one measurement.
 *
 * @param requestsPerSecond requests the server serves per second of real time; beyond it HTTP 503 (0 = no limit)
 * @param loginLatency      real time every login takes on top of the request latency
 * @param requestLatency    real time every REST request takes before it is served
 */
public record ServerLimits(int requestsPerSecond, Duration loginLatency, Duration requestLatency) {

    /** A server without limits, as the other measurements use. */
    public static final ServerLimits NONE = new ServerLimits(0, Duration.ZERO, Duration.ZERO);

    public String describe() {
        return String.format(java.util.Locale.ROOT, "%d requests/s, logins %d ms, every request %d ms",
                requestsPerSecond, loginLatency.toMillis(), requestLatency.toMillis());
    }
}
