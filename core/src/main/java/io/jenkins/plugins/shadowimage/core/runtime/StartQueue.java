package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The new operations of a runtime being started: not yet submitted to the array. The pool runs due steps in the
 * order they fell due, so a burst of hundreds of starts, all due at once, would queue every later step of the
 * operations under way behind them: a job's end, a split reaching PSUS, a copy's completion would be seen only once
 * every start has run (on an array that paces its requests, minutes later). So at most {@link #STARTING} operations
 * are being started at a time (until their request is sent, they wait for a lock or a pause, or they end); the
 * others wait here and go in order of how long the array will work for them once sent (a copy before a split or a
 * delete, those before a read), so that the longest waits begin first and end while the rest are served; first
 * come, first served within that order. A status read does not queue ({@link #queues}): it is one read, with no work
 * of the array to wait for, and a deadline of minutes that a queue behind hundreds of copies would outlast.
 */
final class StartQueue {
    /** Operations being started at a time: enough to keep a pool's threads busy, few enough not to delay others. */
    static final int STARTING = 8;

    private record Waiting(RunningOperation op, int rank, long order) {
    }

    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>(
            Comparator.comparingInt(Waiting::rank).thenComparingLong(Waiting::order));
    private long order;
    private int inPool;

    /** Starts {@code op} now if few operations are being started, else when its turn comes. */
    void start(RunningOperation op, OperationType type) {
        synchronized (this) {
            if (inPool >= STARTING) {
                waiting.add(new Waiting(op, rank(type), order++));
                return;
            }
            inPool++;
        }
        op.schedule(java.time.Duration.ZERO);
    }

    /**
     * {@code op} is no longer being started (sent, waiting for a lock or a pause, or ended, perhaps before its first
     * step): its place goes to the next operation waiting here. Called once per operation started through this queue.
     */
    void left(RunningOperation op) {
        RunningOperation next;
        synchronized (this) {
            if (waiting.removeIf(w -> w.op() == op)) {
                return; // it ended while waiting here: it held no place
            }
            inPool = Math.max(0, inPool - 1);
            next = nextLocked();
        }
        if (next != null) {
            next.schedule(java.time.Duration.ZERO);
        }
    }

    private RunningOperation nextLocked() {
        Waiting next = waiting.poll();
        if (next == null) {
            return null;
        }
        // Even an operation that has just ended takes the place: its own call of left() is still to come and gives
        // it back (skipping it here would count that call as freeing a place it never held).
        inPool++;
        return next.op();
    }

    /** Whether an operation of this type starts through the queue: all but a status read, which starts at once. */
    static boolean queues(OperationType type) {
        return type != OperationType.STATUS;
    }

    /** Copies (minutes to hours of the array's work) first, then the other changes, then the reads. */
    static int rank(OperationType type) {
        return switch (type) {
            case CREATE, RESYNC, RESTORE, GROUP_RESYNC -> 0;
            case SPLIT, GROUP_SPLIT, DELETE -> 1;
            case STATUS, WAIT, GROUP_WAIT -> 2;
        };
    }
}
