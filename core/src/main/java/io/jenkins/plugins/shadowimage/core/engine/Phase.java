package io.jenkins.plugins.shadowimage.core.engine;

/**
 * The phases of an operation's state machine. See docs/architecture.md for the diagram.
 */
public enum Phase {
    /** Nothing sent yet. The next step validates and reads the current state of the pair or group. */
    CHECK,
    /**
     * About to send the request (persisted before sending). When a step finds this phase with
     * {@code submitAttempts > 0}, the request may have been sent by a process that died: the pair is read
     * back (reconciliation) before anything is sent again.
     */
    SUBMIT,
    /** The request was accepted with a job id; the job is polled until it completes. */
    POLL_JOB,
    /** The job completed; the pair (or group) is polled until it reaches the target status. */
    WAIT_STATUS,
    /** Finished successfully. */
    DONE,
    /** Finished with an error. */
    FAILED;

    /** Whether the operation is finished. */
    public boolean isTerminal() {
        return this == DONE || this == FAILED;
    }
}
