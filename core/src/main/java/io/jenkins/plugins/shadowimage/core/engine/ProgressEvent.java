package io.jenkins.plugins.shadowimage.core.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Something worth a log line: a phase change, a job accepted, an observed status with its copy progress
 * and ETA, a retry with its cause, or a wait for a session permit. {@link #message()} is a finished,
 * secret-free line such as {@code "split CG1,CG1P_,CG1S_,p1: COPY 42 %, ETA 1 min 10 s"}.
 *
 * @param time when it happened
 * @param kind what happened
 * @param operation the operation
 * @param target the pair or group id
 * @param phase the phase at the time
 * @param jobId the job id, or {@code null}
 * @param status the observed P-VOL status, or {@code null}
 * @param copyProgressRate 0..100, or {@code null}
 * @param eta estimated time to completion, or {@code null}
 * @param message the log line
 */
public record ProgressEvent(Instant time, Kind kind, OperationType operation, String target, Phase phase,
        Long jobId, String status, Integer copyProgressRate, Duration eta, String message) {

    /** Kinds of progress events. */
    public enum Kind {
        PHASE,
        JOB_ACCEPTED,
        STATUS,
        RETRY,
        PERMIT_WAIT,
        WARNING,
        INFO
    }

    @Override
    public String toString() {
        return message;
    }
}
