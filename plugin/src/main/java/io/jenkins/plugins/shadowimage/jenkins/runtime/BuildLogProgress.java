package io.jenkins.plugins.shadowimage.jenkins.runtime;

import hudson.model.TaskListener;
import io.jenkins.plugins.shadowimage.core.engine.ProgressEvent;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Writes engine progress into the build log at a readable rate: every phase change, accepted job, retry,
 * session wait and warning as it happens, but copy progress (which the engine reports at every poll) only
 * when the status changes, when the percentage moved by {@link #STEP_PERCENT} points, or every
 * {@link #INTERVAL} otherwise. Messages come from the engine and never contain secrets.
 */
public final class BuildLogProgress implements ProgressListener {

    static final Duration INTERVAL = Duration.ofSeconds(Long.getLong(BuildLogProgress.class.getName() + ".intervalSeconds", 60));
    static final int STEP_PERCENT = 10;

    private final TaskListener listener;
    private final String prefix;
    private String lastStatus;
    private Integer lastPercent;
    private Instant lastStatusLine;

    public BuildLogProgress(TaskListener listener, String prefix) {
        this.listener = listener;
        this.prefix = prefix;
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
        log(label + e.message());
    }

    private boolean worthALine(ProgressEvent e) {
        Instant now = e.time() == null ? Instant.now() : e.time();
        boolean statusChanged = !Objects.equals(e.status(), lastStatus);
        Integer p = e.copyProgressRate();
        boolean moved = p != null && (lastPercent == null || p / STEP_PERCENT != lastPercent / STEP_PERCENT);
        boolean due = lastStatusLine == null || Duration.between(lastStatusLine, now).compareTo(INTERVAL) >= 0;
        boolean changedSinceLast = statusChanged || !Objects.equals(p, lastPercent);
        if (statusChanged || moved || (due && changedSinceLast)) {
            lastStatus = e.status();
            lastPercent = p;
            lastStatusLine = now;
            return true;
        }
        return false;
    }

    /** A line of our own (waits, locks, pauses, results). */
    public void log(String line) {
        PrintStream out = listener.getLogger();
        out.println(prefix + line);
    }
}
