package io.jenkins.plugins.shadowimage.bench.measure;

/**
 * Completion-detection delay for one kind of wait and one algorithm, in array seconds.
 *
 * @param waitSeconds  the array's own time for the job or the copy
 * @param copy         a copy wait (pair status) rather than a job wait
 * @param timeScale    how much faster than a real array the simulator ran
 * @param delaySeconds from the array reaching the state to the client noticing it
 * @param restCalls    requests the simulator logged for the whole operation, sessions included
 */
public record DetectionResult(
        String caseName,
        double waitSeconds,
        boolean copy,
        double timeScale,
        String algorithm,
        Stats delaySeconds,
        Stats restCalls,
        int failures,
        String note) {

    /** The target: at most max(1 s, 10 % of the wait). */
    public double targetSeconds() {
        return Math.max(1.0, 0.1 * waitSeconds);
    }

    public boolean met() {
        return failures == 0 && delaySeconds.max() <= targetSeconds();
    }
}
