package io.jenkins.plugins.shadowimage.bench.subject;

import java.util.List;

/**
 * How one operation ended.
 *
 * @param doneAtNanos     {@link System#nanoTime()} when the engine reported the end
 * @param stateSizes      serialized size of the operation's state at each save while it was waiting
 */
public record OperationOutcome(
        Operation operation,
        boolean succeeded,
        String failure,
        long startedAtNanos,
        long doneAtNanos,
        String pvolStatus,
        String svolStatus,
        List<Integer> stateSizes) {

    public double seconds() {
        return (doneAtNanos - startedAtNanos) / 1e9;
    }
}
