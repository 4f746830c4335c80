package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemSettings;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.core.report.OperationRecords;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link OperationContext} of a surface that reports an operation in a log and a record and returns its result as
 * data (a Pipeline step): it decides what is said, recorded and returned, the surface only stores and delivers it. The
 * start line and record ({@link #begin}), progress at a readable rate ({@link LogProgress}), the status found before
 * anything was sent (once), the result line or a dry run's plan in words, the result map ({@link PairInfo#toMap()},
 * plus {@code storage}, and {@code dryRun} and {@code plan} for a dry run), and the failure with what to do next. It
 * completes once: the flag is the surface's, persisted with it, as are {@link #begun()} and
 * {@link #statusBeforeRecorded()}.
 */
public abstract class ReportingContext implements OperationContext {

    private final String surface;
    private final OperationWords.Terms terms;
    private final String storage;
    private final AtomicBoolean completed;
    private final OperationRecorder recorder;
    private volatile boolean begun;
    private volatile OperationState last;
    private volatile LogProgress progress;

    /**
     * @param surface the name messages start with (e.g. the step's function name)
     * @param id the operation's id, that of its record
     * @param storage the storage system's name, as the surface knows it
     * @param last the operation's state as the surface last saved it
     * @param completed whether the operation has completed, persisted by the surface
     * @param begun whether {@link #begin} recorded the start before (persisted by the surface)
     * @param statusBeforeRecorded whether the status before was recorded before (persisted by the surface)
     */
    protected ReportingContext(String surface, OperationWords.Terms terms, String id, String storage, OperationState last,
            AtomicBoolean completed, boolean begun, boolean statusBeforeRecorded) {
        this.surface = surface;
        this.terms = terms;
        this.storage = storage;
        this.last = last;
        this.completed = completed;
        this.begun = begun;
        this.recorder = new OperationRecorder(id, this::records, statusBeforeRecorded);
    }

    /** Stores the operation durably (the runtime sends the next request only after this returned). */
    protected abstract void persist(SavedOperation saved);

    /** The surface's records, e.g. those of the build. */
    protected abstract OperationRecords records() throws Exception;

    /** Writes one line of the operation's log. */
    protected abstract void line(String line);

    /** Delivers the success; recorded already. */
    protected abstract void complete(Map<String, Object> value);

    /**
     * Delivers the failure, recorded already: {@code message} is complete and safe to show; a surface that throws
     * throws {@link OperationFailure#rethrown()} where there is one.
     */
    protected abstract void fail(OperationFailure failure, String message);

    /**
     * Records the start and says what runs where, once per operation (a build started before records existed gets
     * its record when it resumes); warns when the system is used without TLS verification.
     *
     * @throws IllegalArgumentException the system's settings no longer give an endpoint
     */
    public final void begin(StorageSystemSettings system) {
        if (begun) {
            return;
        }
        OperationState st = last;
        // Not begun without its record: a resume records it then, and says where it runs again.
        begun = recorder.begin(st, storage, system.url(), system.endpoint(Trust.systemDefault()).storageDeviceId());
        line(OperationWords.startLine(st, storage, system.url(), system.storageDeviceId()));
        if (system.skipTlsVerification()) {
            line(system.insecureNotice());
        }
    }

    /** Whether the start was recorded (in the surface's records): for the surface to persist. */
    public final boolean begun() {
        return begun;
    }

    /** Whether the status before was recorded: for the surface to persist. */
    public final boolean statusBeforeRecorded() {
        return recorder.statusBeforeRecorded();
    }

    /** Records the status found before anything was sent, then persists: a crash in between records it again, alike. */
    @Override
    public final void saveState(SavedOperation saved) {
        last = saved.state();
        recorder.saved(last);
        persist(saved);
    }

    @Override
    public final void log(String text) {
        line(text);
    }

    @Override
    public final ProgressListener progress() {
        LogProgress p = progress;
        if (p == null) {
            p = new LogProgress(this::line, LogProgress.DEFAULT_INTERVAL);
            progress = p;
        }
        return p;
    }

    @Override
    public final void succeeded(PairInfo result) {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        Map<String, Object> value = new LinkedHashMap<>(result.toMap());
        OperationState st = last;
        if (st.isDryRun()) {
            value.put("dryRun", true);
            value.put("plan", DryRunReport.plan(st.dryRunPlan(), result));
            DryRunReport.lines(surface, st.dryRunPlan(), result).forEach(this::line);
            line(DryRunReport.NOTHING_CHANGED);
        } else {
            line(OperationWords.resultLine(result));
        }
        value.put("storage", storage);
        recorder.succeeded(st, result);
        complete(value);
    }

    @Override
    public final void failed(OperationFailure f) {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        String message = f.engineError() != null ? OperationWords.failure(surface, f.engineError(), last.lastPvolStatus(), terms)
                : f.kind() == OperationFailure.Kind.ABORTED ? f.message() : surface + ": " + f.message();
        recorder.failed(last, f, message);
        fail(f, message);
    }

    /** The state as last saved. */
    public final OperationState last() {
        return last;
    }
}
