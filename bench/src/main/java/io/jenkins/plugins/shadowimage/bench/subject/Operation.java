package io.jenkins.plugins.shadowimage.bench.subject;

/**
 * One pair operation as the benchmark asks for it.
 *
 * @param kind           create, split or status
 * @param waitForTarget  wait for the target status (PAIR after create, PSUS after split) rather than
 *                       stop once the array accepted the request
 * @param timeout        how long the operation may take, or {@code null} for the engine's default
 */
public record Operation(Kind kind, String copyGroupName, String copyPairName, int pvolLdevId, int svolLdevId,
        boolean waitForTarget, java.time.Duration timeout) {

    /** The three operations of the seed flow. */
    public enum Kind { CREATE, SPLIT, STATUS }

    public static Operation create(String group, String pair, int pvol, int svol, boolean waitForTarget) {
        return new Operation(Kind.CREATE, group, pair, pvol, svol, waitForTarget, null);
    }

    public static Operation split(String group, String pair, boolean waitForTarget) {
        return new Operation(Kind.SPLIT, group, pair, -1, -1, waitForTarget, null);
    }

    public static Operation status(String group, String pair) {
        return new Operation(Kind.STATUS, group, pair, -1, -1, true, null);
    }

    /** The same operation, allowed to take {@code d}. */
    public Operation withTimeout(java.time.Duration d) {
        return new Operation(kind, copyGroupName, copyPairName, pvolLdevId, svolLdevId, waitForTarget, d);
    }
}
