package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link OperationContext} of a surface that reports an operation in a log and returns its result as data (a
 * Pipeline step): it decides what is said and returned, the surface only stores and delivers it. Progress at a readable
 * rate ({@link LogProgress}), the status found before anything was sent (once), the result line or a dry run's plan in
 * words, the result map ({@link PairInfo#toMap()}, plus {@code dryRun} and {@code plan} for a dry run), and the
 * failure with what to do next. It completes once: the flag is the surface's, persisted with it.
 */
public abstract class ReportingContext implements OperationContext {

    private final String surface;
    private final OperationWords.Terms terms;
    private final AtomicBoolean completed;
    private volatile boolean statusBeforeRecorded;
    private volatile OperationState last;
    private volatile LogProgress progress;

    /**
     * @param surface the name messages start with (e.g. the step's function name)
     * @param last the operation's state as the surface last saved it
     * @param completed whether the operation has completed, persisted by the surface
     * @param statusBeforeRecorded whether {@link #recordStatusBefore} was called before (persisted by the surface)
     */
    protected ReportingContext(String surface, OperationWords.Terms terms, OperationState last, AtomicBoolean completed,
            boolean statusBeforeRecorded) {
        this.surface = surface;
        this.terms = terms;
        this.last = last;
        this.completed = completed;
        this.statusBeforeRecorded = statusBeforeRecorded;
    }

    /** Stores the operation durably (the runtime sends the next request only after this returned). */
    protected abstract void persist(SavedOperation saved);

    /** Records the status the operation found before it sent anything; called once per operation. */
    protected abstract void recordStatusBefore(String status);

    /** Writes one line of the operation's log. */
    protected abstract void line(String line);

    /** Records and delivers the success. */
    protected abstract void complete(PairInfo result, Map<String, Object> value);

    /** Records and delivers the failure; {@code message} is complete and safe to show. */
    protected abstract void fail(OperationFailure failure, String message);

    @Override
    public final void saveState(SavedOperation saved) {
        last = saved.state();
        persist(saved);
        String before = statusBeforeRecorded ? null : OperationWords.statusBefore(last);
        if (before != null) {
            statusBeforeRecorded = true;
            recordStatusBefore(before);
        }
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
        complete(result, value);
    }

    @Override
    public final void failed(OperationFailure f) {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        String message = f.engineError() != null ? OperationWords.failure(surface, f.engineError(), last.lastPvolStatus(), terms)
                : f.kind() == OperationFailure.Kind.ABORTED ? f.message() : surface + ": " + f.message();
        fail(f, message);
    }

    /** The state as last saved. */
    public final OperationState last() {
        return last;
    }
}
