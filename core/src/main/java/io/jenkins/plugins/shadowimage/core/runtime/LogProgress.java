package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.engine.ProgressEvent;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Engine progress as log lines at a readable rate: every phase change, accepted job, retry, session wait and warning
 * as it happens, but copy progress (which the engine reports at every poll) only when the status changes, when the
 * percentage moved by {@link #STEP_PERCENT} points, or once per interval otherwise. A log that many operations share
 * (a build log) stays readable through a copy of hours. Messages come from the engine and never contain secrets.
 */
public final class LogProgress implements ProgressListener {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    public static final int STEP_PERCENT = 10;

    private final Consumer<String> out;
    private final Duration interval;
    private String lastStatus;
    private Integer lastPercent;
    private Instant lastStatusLine;

    /** @param out receives each line, already labelled (e.g. {@code "retry: array busy ..."}) */
    public LogProgress(Consumer<String> out, Duration interval) {
        this.out = Objects.requireNonNull(out, "out");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    @Override
    public synchronized void onEvent(ProgressEvent e) {
        if (e.kind() == ProgressEvent.Kind.STATUS && !worthALine(e)) {
            return;
        }
        String label = switch (e.kind()) {
            case RETRY -> "retry: ";
            case PERMIT_WAIT -> "waiting for a REST session: ";
            case WARNING -> "WARNING: ";
            default -> "";
        };
        out.accept(label + e.message());
    }

    private boolean worthALine(ProgressEvent e) {
        Instant now = e.time() == null ? Instant.now() : e.time();
        boolean statusChanged = !Objects.equals(e.status(), lastStatus);
        Integer p = e.copyProgressRate();
        boolean moved = p != null && (lastPercent == null || p / STEP_PERCENT != lastPercent / STEP_PERCENT);
        boolean due = lastStatusLine == null || Duration.between(lastStatusLine, now).compareTo(interval) >= 0;
        boolean changedSinceLast = statusChanged || !Objects.equals(p, lastPercent);
        if (statusChanged || moved || (due && changedSinceLast)) {
            lastStatus = e.status();
            lastPercent = p;
            lastStatusLine = now;
            return true;
        }
        return false;
    }
}
