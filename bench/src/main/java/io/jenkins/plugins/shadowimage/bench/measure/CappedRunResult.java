package io.jenkins.plugins.shadowimage.bench.measure;

import io.jenkins.plugins.shadowimage.bench.subject.Operation;
import java.util.List;
import java.util.Map;

/**
 * N concurrent operations on a capped array, by one algorithm.
 *
 * @param served              requests the array served (not refused)
 * @param busy                requests the array refused with 503 (over the request rate or the session cap)
 * @param lastRefusalSeconds  when the last of them came, after the start (NaN: none)
 * @param peakPerSecond       most requests answered within one second (sliding), refused ones included
 * @param peakServedPerSecond the same, served ones only
 * @param logins              successful logins
 * @param sessionSeconds      open sessions integrated over the run (real seconds)
 * @param idealSeconds        the larger of {@code loneSeconds} and {@code served / cap}
 * @param loneSeconds         the longest of one create and one split run alone on the capped array
 * @param waits               each create's and split's wait: how long the array took for the change (the copy, the
 *                            split's flush), and the delay from the array's moment to the algorithm noticing it
 * @param requests            requests by endpoint, refused ones apart
 */
public record CappedRunResult(
        String algorithm,
        int operations,
        String mix,
        int succeeded,
        String failures,
        long served,
        long busy,
        double lastRefusalSeconds,
        int peakPerSecond,
        int peakServedPerSecond,
        long logins,
        double sessionSeconds,
        int peakSessions,
        double wallSeconds,
        double idealSeconds,
        double loneSeconds,
        List<Wait> waits,
        Map<String, Long> requests) {

    /** One wait for a pair's status. */
    public record Wait(Operation.Kind kind, double waitSeconds, double delaySeconds) {

        public double targetSeconds() {
            return Math.max(1.0, 0.1 * waitSeconds);
        }

        public boolean met() {
            return delaySeconds <= targetSeconds();
        }
    }

    public List<Wait> longWaits() {
        return waits.stream().filter(w -> w.waitSeconds() > CappedArrayBenchmark.LONG_WAIT_SECONDS).toList();
    }

    public List<Wait> waits(Operation.Kind kind) {
        return waits.stream().filter(w -> w.kind() == kind).toList();
    }

    public long longWaitsMet() {
        return longWaits().stream().filter(Wait::met).count();
    }

    public double wallOverIdeal() {
        return wallSeconds / idealSeconds;
    }
}
