package io.jenkins.plugins.shadowimage.bench.measure;

import io.jenkins.plugins.shadowimage.bench.TimeScale;

/**
 * One wait of the detection-delay measurement.
 *
 * @param waitSeconds array-side length of the job or of the copy
 * @param copy        a copy to PAIR (pair-status wait) rather than a job (job wait)
 * @param scale       how much faster than real time the simulator runs for this case
 */
public record DetectionCase(double waitSeconds, boolean copy, TimeScale scale) {

    public String label() {
        String seconds = waitSeconds == Math.rint(waitSeconds)
                ? String.valueOf((long) waitSeconds) : String.valueOf(waitSeconds);
        return (copy ? "copy " : "job ") + seconds + " s";
    }
}
