package io.jenkins.plugins.shadowimage.bench.subject;

import java.time.Duration;

/**
 * How to set up the simulated array for one measurement.
 *
 * @param timeScale            simulated time runs this many times faster than wall time
 * @param jobDurationMin       shortest array-side job (array time)
 * @param jobDurationMax       longest array-side job (array time); equal to min for a fixed duration
 * @param copyMiBPerSecondPace copy speed per unit of copyPace
 * @param firstLdevId          first of {@code ldevCount} plain LDEVs for the measurement's pairs
 * @param ldevCount            how many LDEVs to define (pairs use two each)
 * @param ldevGiB              size of each of those LDEVs, which with the copy speed sets the copy time
 * @param sessionLimit         the array's session cap
 */
public record ArrayUnderTestSettings(
        double timeScale,
        Duration jobDurationMin,
        Duration jobDurationMax,
        double copyMiBPerSecondPace,
        int firstLdevId,
        int ldevCount,
        long ldevGiB,
        int sessionLimit) {

    /** The LDEVs of Hitachi's sample (347, 348) are always defined besides these. */
    public static final int SAMPLE_PVOL = 347;
    public static final int SAMPLE_SVOL = 348;
    public static final int COPY_PACE = 3;

    /** The copy time of one of this array's LDEVs at the sample's copyPace 3, in array seconds. */
    public double copySeconds() {
        return ldevGiB * 1024.0 / (copyMiBPerSecondPace * COPY_PACE);
    }

    /** The copy speed per pace that makes one LDEV of {@code ldevGiB} copy in {@code seconds} at pace 3. */
    public static double copySpeedFor(long ldevGiB, double seconds) {
        return ldevGiB * 1024.0 / (seconds * COPY_PACE);
    }
}
