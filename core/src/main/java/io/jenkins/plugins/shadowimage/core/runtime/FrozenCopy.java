package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyState.After;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyState.BodyEnd;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyState.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A frozen copy for the length of a block, for every surface: take the pair's lock (the copy group's without a pair
 * name) for the whole block, resync first (optional), split and wait for PSUS/SSUS, hand the body its environment,
 * and when the body ends (success, failure or abort) do the {@link After} step, then free the lock.
 *
 * <p>Each operation runs on the {@link OperationRuntime} without locks of its own: the block holds the same
 * {@link LockKeys} resources a single split would take, so another operation on the pair, its S-VOL or its group
 * waits until the block ends. Every change goes to {@link FrozenCopyContext#save} before the next request. After a
 * restart {@link #resume} re-claims the lock first (a claim another holder took meanwhile fails the block:
 * {@link OperationFailure.Kind#LOCK_LOST}) and continues in whatever step it was.
 */
public final class FrozenCopy {

    private final OperationRuntime runtime;
    private final OperationSpec spec;
    private final FrozenCopyContext context;
    /** The surface's, else lines at a readable rate, as a single operation logs them: an after step may poll for hours. */
    private final ProgressListener progress;

    // Guarded by this.
    private FrozenCopyState state;
    private RunningOperation running;
    private ScheduledFuture<?> lockWait;
    private boolean ended;
    private Throwable abortCause;
    private boolean bodyRuns = true;
    /** Whether the surface had started the body before a restart (it starts it now if not). */
    private boolean bodyStarted = true;
    /** The body's value or error, in memory only: a restart loses them, the state keeps the body's end in words. */
    private Object bodyValue;
    private Throwable bodyError;
    private String waitingFor;
    private Instant waitingSince;
    private Instant lastReminder;

    public FrozenCopy(OperationRuntime runtime, OperationSpec spec, FrozenCopyState state, FrozenCopyContext context) {
        this.runtime = runtime;
        this.spec = spec;
        this.state = state;
        this.context = context;
        ProgressListener own = context.progress();
        this.progress = own != null ? own : new LogProgress(context::log, LogProgress.DEFAULT_INTERVAL);
    }

    /**
     * The block's first state, every operation of it validated before anything is sent.
     *
     * @param id     unique per block: the lock owner
     * @param holder who holds the block, as a waiting operation prints it (a build, a process)
     */
    public static FrozenCopyState plan(PairRequest request, After after, boolean resyncFirst, String arrayKey, String id,
            String holder, Instant now) throws ValidationException {
        boolean group = request.copyPairName() == null;
        // In the order they run, so that the first refusal named is the first request's.
        OperationState resync = resyncFirst ? resync(request, now) : null;
        OperationState split = split(request, now);
        OperationState first = resync != null ? resync : split;
        if (after == After.RESYNC) {
            resync(request, now);
        } else if (after == After.DELETE) {
            delete(request, group ? "member" : request.copyPairName(), now);
        }
        List<String> locks = LockKeys.forOperation(arrayKey, split.type(), request);
        String description = (group ? "copy group " : "pair ") + split.target() + " is held frozen by " + holder;
        return new FrozenCopyState(FrozenCopyState.FORMAT, id, resyncFirst ? Step.RESYNC_FIRST : Step.SPLIT, after, group,
                locks, description, false, first.toJson(), null, null, null, null, null);
    }

    /** Starts the block: waits for its lock (saying for whom), then runs its steps. */
    public synchronized void start() {
        log("taking the lock of " + target() + " for the whole block (resync first: " + (state.step() == Step.RESYNC_FIRST)
                + ", after: " + state.after().word() + ")");
        scheduleLockAttempt(Duration.ZERO);
    }

    /**
     * Continues a saved block after a restart, body included: a body the surface had started goes on and calls
     * {@link #bodyEnded}; one it had not ({@code bodyStarted} false: the surface stopped between the split and the
     * body) is started now; a block saved before its body runs it once the split is done.
     */
    public void resume(boolean bodyStarted) {
        synchronized (this) {
            this.bodyStarted = bodyStarted;
        }
        continueSaved(true);
    }

    /**
     * Continues a saved block whose body died with the process that ran it (a CLI command): the body is never run
     * again; the after step runs once the operation under way has ended.
     */
    public void resumeWithoutBody() {
        continueSaved(false);
    }

    private synchronized void continueSaved(boolean bodyMayRun) {
        {
            bodyRuns = bodyMayRun;
            if (state.step() == Step.DONE) {
                end(null, state.frozen());
                return;
            }
            if (!state.holdsLock()) {
                scheduleLockAttempt(Duration.ZERO);
                return;
            }
            Optional<LockHolder> other = runtime.locks().reclaim(state.locks(), state.id(), state.lockDescription());
            if (other.isPresent()) {
                state = state.holding(false).failedWith("lock lost to " + other.get().description()).at(Step.DONE);
                context.save(state);
                end(new OperationFailure(OperationFailure.Kind.LOCK_LOST, target() + ": after the restart its lock is "
                        + "held by another operation (" + other.get().description() + "); this block stops here, its "
                        + "after step (" + state.after().word() + ") is NOT done. Check the pair's status.", null, null),
                        null);
                return;
            }
            proceed(true);
        }
    }

    /** The body has ended: do the after step (or, with {@code keep}, end here). Ignored outside the body. */
    public void bodyEnded(BodyEnd end) {
        synchronized (this) {
            if (ended || state.step() != Step.BODY) {
                return;
            }
            state = state.bodyEnded(end);
            startAfter();
        }
    }

    /** The body returned {@code value}: {@link #bodyEnded} with a success, the value kept for {@link #bodyValue}. */
    public void bodySucceeded(Object value) {
        synchronized (this) {
            bodyValue = value;
        }
        bodyEnded(BodyEnd.succeeded());
    }

    /**
     * The body threw {@code error} ({@code aborted}: it was stopped): {@link #bodyEnded} with its words, the error kept
     * for {@link #endError}, which puts it first.
     */
    public void bodyFailed(Throwable error, boolean aborted) {
        synchronized (this) {
            bodyError = error;
        }
        bodyEnded(aborted ? BodyEnd.aborted(error.toString()) : BodyEnd.failed(error.toString()));
    }

    /**
     * Stops the block, wherever it is: outside the body as {@link #abort}; in the body, {@code cancelBody} stops the
     * body, whose end then reaches {@link #bodyFailed}. Without a body to cancel (null: after a restart the surface no
     * longer knows it) the body ends here, aborted, so that the after step is always done.
     */
    public void stop(Throwable cause, Runnable cancelBody) {
        if (abort(cause)) {
            return;
        }
        if (cancelBody != null) {
            cancelBody.run();
        } else {
            bodyFailed(cause, true);
        }
    }

    /**
     * What a surface that ends in a value or an exception (a Pipeline block) throws at the end, null for a success
     * (its value: {@link #bodyValue}): the body's own error first; then an abort's own cause (so that the build reads
     * aborted) or a bug's error; then the body's or the block's failure in words ({@link #explain}), given to
     * {@code wrap}.
     */
    public synchronized Throwable endError(OperationFailure failure, Function<String, ? extends Throwable> wrap) {
        if (bodyError != null) {
            return bodyError;
        }
        if (failure != null && failure.rethrown() != null) {
            return failure.rethrown();
        }
        String why = state.bodyFailure() != null ? state.bodyFailure() : failure == null ? null : explain(failure);
        return why == null ? null : wrap.apply(why);
    }

    /** The value the body returned ({@link #bodySucceeded}), or null. */
    public synchronized Object bodyValue() {
        return bodyValue;
    }

    /**
     * Stops the block outside its body: the operation in flight is aborted (it completes after the step in flight)
     * or the lock wait ends; the block then ends {@link OperationFailure.Kind#ABORTED} without its after step. In the
     * body, the surface stops the body instead and reports its end to {@link #bodyEnded}: the after step runs.
     *
     * @return false when the block is in its body (nothing was done), true otherwise
     */
    public boolean abort(Throwable cause) {
        RunningOperation op;
        synchronized (this) {
            if (ended) {
                return true;
            }
            if (state.step() == Step.BODY) {
                return false;
            }
            abortCause = cause;
            op = running;
            if (op == null) {
                if (lockWait != null) {
                    lockWait.cancel(false);
                }
                end(aborted(), null);
                return true;
            }
        }
        op.abort(cause); // completes through the operation's failed(ABORTED), below
        return true;
    }

    /** The block as saved last. */
    public synchronized FrozenCopyState state() {
        return state;
    }

    /** One line on what the block does now. */
    public synchronized String status() {
        if (ended) {
            return "finished";
        }
        if (waitingFor != null) {
            return "waiting: " + waitingFor;
        }
        RunningOperation op = running;
        return state.step().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " of " + target()
                + (op == null ? "" : ": " + op.status());
    }

    // ------------------------------------------------------------------ the lock

    private void scheduleLockAttempt(Duration delay) {
        try {
            lockWait = runtime.pool().schedule(this::tryLock, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: the block resumes from its saved state
        }
    }

    private synchronized void tryLock() {
        if (ended || abortCause != null) {
            return;
        }
        Instant now = runtime.clock().instant();
        if (now.isBefore(runtime.reclaimUntil())) {
            scheduleLockAttempt(Duration.between(now, runtime.reclaimUntil())); // holders from before a restart first
            return;
        }
        Optional<LockHolder> other = runtime.locks().tryAcquire(state.locks(), state.id(), state.lockDescription());
        if (other.isPresent()) {
            waitForLock(other.get().description(), now);
            return;
        }
        if (waitingFor != null) {
            log("done waiting after " + Durations.words(Duration.between(waitingSince, now)) + " (" + waitingFor + ")");
            waitingFor = null;
        }
        state = state.holding(true);
        context.save(state);
        proceed(false);
    }

    private void waitForLock(String why, Instant now) {
        if (spec.failFast()) {
            end(new OperationFailure(OperationFailure.Kind.FAIL_FAST, target() + ": " + why + " (failFast: not waiting)",
                    null, null), null);
            return;
        }
        if (waitingSince == null) {
            waitingSince = now;
        }
        if (!why.equals(waitingFor)) {
            waitingFor = why;
            lastReminder = now;
            log("waiting: " + why + "; the block starts once it is done (nothing is sent to the array until then)");
        } else if (!now.isBefore(lastReminder.plus(runtime.options().waitReminder()))) {
            lastReminder = now;
            log("still waiting (" + Durations.words(Duration.between(waitingSince, now)) + "): " + why);
        }
        if (now.isAfter(state.currentOperation().deadline())) {
            end(new OperationFailure(OperationFailure.Kind.TIMED_OUT_WAITING, target() + ": timed out after "
                    + Durations.words(Duration.between(waitingSince, now)) + " waiting (" + why
                    + "); nothing was sent to the array.", null, null), null);
            return;
        }
        scheduleLockAttempt(runtime.options().waitRecheck());
    }

    // ------------------------------------------------------------------ the steps

    /** Runs the current step. Called with the lock held. */
    private void proceed(boolean resumed) {
        switch (state.step()) {
            case RESYNC_FIRST, SPLIT, AFTER -> run(state.currentOperation(), resumed);
            case BODY -> {
                if (!bodyRuns && state.bodyEnd() == null) {
                    state = state.bodyEnded(new BodyEnd(BodyEnd.Kind.UNKNOWN, null, null, "the process running it died"));
                    startAfter();
                } else if (state.bodyEnd() != null) {
                    startAfter(); // it had ended as the process died
                } else if (!bodyStarted) {
                    context.startBody(state);
                }
                // otherwise the surface's body goes on and reports its end
            }
            case DONE -> end(null, state.frozen());
            default -> throw new IllegalStateException(state.step().name());
        }
    }

    private void run(OperationState op, boolean resumed) {
        Operation callbacks = new Operation(state.id() + "/" + state.step().name() + "/" + op.target(), op);
        if (op.phase() == Phase.DONE) { // saved at its end, just before the block moved on
            callbacks.succeeded(op.result());
            return;
        }
        if (op.phase() == Phase.FAILED) {
            ShadowImageException e = new ShadowImageException(op.failureCategory() == null
                    ? ShadowImageException.Category.INTERNAL : op.failureCategory(), op.failureMessage());
            callbacks.failed(new OperationFailure(OperationFailure.Kind.ENGINE, e.getMessage(), e, null));
            return;
        }
        SavedOperation saved = SavedOperation.start(state.id() + "/" + state.step().name(), op, List.of(),
                state.lockDescription());
        running = resumed ? runtime.resume(saved, spec, callbacks) : runtime.start(saved, spec, callbacks);
    }

    private synchronized void succeeded(PairInfo result) {
        running = null;
        if (ended) {
            return;
        }
        if (abortCause != null) {
            end(aborted(), result);
            return;
        }
        Instant now = runtime.clock().instant();
        switch (state.step()) {
            case RESYNC_FIRST -> {
                log("resync first: " + result.outcome() + " " + summary(result));
                OperationState split = unchecked(() -> split(blockRequest(), now));
                state = state.at(Step.SPLIT).withOperation(split);
                context.save(state);
                run(split, false);
            }
            case SPLIT -> {
                state = state.frozenBy(state.currentOperation(), FrozenCopyEnvironment.members(result),
                        now.truncatedTo(ChronoUnit.MILLIS).toString());
                context.save(state);
                Instant at = result.statusObservedAt().get("PSUS");
                log("frozen copy of " + target() + (at != null ? " split at " + at
                        : " split before this block (not later than " + result.splitNotLaterThan() + ")"));
                if (bodyRuns) {
                    context.startBody(state);
                } else {
                    log("the body is not run again (its process died before it started)");
                    state = state.bodyEnded(new BodyEnd(BodyEnd.Kind.NOT_RUN, null, null, null));
                    startAfter();
                }
            }
            case AFTER -> afterOperationDone(result, now);
            default -> throw new IllegalStateException(state.step().name());
        }
    }

    private void startAfter() {
        After after = state.after();
        List<String> members = state.members() == null ? List.of() : state.members();
        if (after == After.KEEP) {
            log("leaving " + target() + " split (after: keep)");
            finishBlock(state.frozen());
            return;
        }
        if (after == After.DELETE && members.isEmpty()) {
            log("the pairs of " + target() + " are not known (the split had not finished); nothing deleted");
            finishBlock(null);
            return;
        }
        Instant now = runtime.clock().instant();
        PairRequest r = blockRequest();
        OperationState op = after == After.RESYNC ? unchecked(() -> resync(r, now))
                : unchecked(() -> delete(r, members.get(0), now));
        state = state.at(Step.AFTER).withOperation(op);
        context.save(state);
        log("after: " + (after == After.RESYNC ? "resync" : "delete " + members.get(0)));
        run(op, false);
    }

    private void afterOperationDone(PairInfo result, Instant now) {
        OperationState done = state.currentOperation();
        log("after: " + done.type().cliName() + " " + result.outcome() + " " + summary(result));
        if (done.type() == OperationType.DELETE && state.members() != null) {
            int i = state.members().indexOf(done.request().copyPairName());
            if (i >= 0 && i + 1 < state.members().size()) {
                String next = state.members().get(i + 1);
                OperationState op = unchecked(() -> delete(done.request(), next, now));
                state = state.withOperation(op);
                context.save(state);
                run(op, false);
                return;
            }
        }
        finishBlock(result);
    }

    private void finishBlock(PairInfo result) {
        state = state.at(Step.DONE);
        context.save(state);
        end(null, result);
    }

    private synchronized void failed(OperationFailure f) {
        running = null;
        if (ended) {
            return;
        }
        if (f.kind() == OperationFailure.Kind.ABORTED || abortCause != null) {
            end(aborted(), null);
            return;
        }
        // A rejection ends the block; a failure that can go on (timeout, connection, bug) leaves it resumable.
        ShadowImageException e = f.engineError();
        boolean resumable = e == null || switch (e.category()) {
            case TIMEOUT, CONNECTION, INTERNAL, INTERRUPTED -> true;
            default -> false;
        };
        state = state.failedWith(f.message());
        if (!resumable) {
            state = state.at(Step.DONE);
        }
        context.save(state);
        if (state.step() == Step.AFTER || state.step() == Step.DONE && state.bodyEnd() != null) {
            log("the after step (" + state.after().word() + ") of " + target() + " failed; the pair is left as it is");
        }
        end(f, f.partial());
    }

    /** Frees the lock and reports the end, exactly once. */
    private void end(OperationFailure failure, PairInfo result) {
        if (ended) {
            return;
        }
        ended = true;
        if (lockWait != null) {
            lockWait.cancel(false);
        }
        runtime.locks().release(state.id());
        if (state.holdsLock()) {
            state = state.holding(false);
            context.save(state);
        }
        context.ended(state, result, failure);
    }

    private OperationFailure aborted() {
        String where = state.step() == Step.DONE ? "" : " in step " + state.step();
        return new OperationFailure(OperationFailure.Kind.ABORTED, target() + ": aborted" + where + (state.step()
                == Step.AFTER ? "; the after step (" + state.after().word() + ") did not finish" : state.frozen() == null
                ? "; the pair may be left split or resynchronising: check its status" : ""), abortCause, null);
    }

    private void log(String line) {
        context.log(line);
    }

    private String target() {
        return (state.group() ? "copy group " : "pair ") + blockRequest().target(state.group()
                ? OperationType.GROUP_SPLIT : OperationType.SPLIT);
    }

    /** The block's own request: the split's (resync first, split and resync use it unchanged). */
    private PairRequest blockRequest() {
        OperationState split = state.split() == null ? null : OperationState.fromJson(state.split());
        OperationState op = split != null ? split : state.currentOperation();
        if (op.type() == OperationType.DELETE && state.group()) {
            return op.request().toBuilder().copyPairName(null).pvolLdevId(null).svolLdevId(null).build();
        }
        return op.request();
    }

    /** A failure of the block in words: its message, then the array error's explanation (what it means, what to do). */
    public static String explain(OperationFailure f) {
        String why = f.engineError() == null ? null : f.engineError().explanation();
        return f.message() + (why == null ? "" : System.lineSeparator() + why);
    }

    private static String summary(PairInfo r) {
        if (!r.pairs().isEmpty()) {
            return r.pairs().size() + " pairs";
        }
        return r.pvolStatus() == null ? "" : r.pvolStatus() + "/" + r.svolStatus();
    }

    /**
     * The runtime's callbacks of the operation under way. Each operation has its record, if the surface keeps any:
     * begun at its first save or its end, on the runtime's thread, not under this block's monitor.
     */
    private final class Operation implements OperationContext {
        private final OperationRecorder recorder;
        private volatile OperationState last;
        private volatile boolean recordBegun;

        Operation(String recordId, OperationState first) {
            recorder = new OperationRecorder(recordId, () -> {
                FrozenCopyContext.Records r = context.records();
                return r == null ? null : r.records();
            }, false);
            last = first;
        }

        /** Once per operation (a resumed one finds its record). */
        private void record() {
            if (recordBegun) {
                return;
            }
            recordBegun = true;
            try {
                FrozenCopyContext.Records r = context.records();
                if (r != null) {
                    recorder.begin(last, r.system().name(), r.system().url(),
                            r.system().endpoint(Trust.systemDefault()).storageDeviceId());
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log("could not record " + last.type().cliName() + " " + last.target() + " on the build: " + e.getMessage());
            }
        }

        @Override
        public void saveState(SavedOperation saved) {
            last = saved.state();
            record();
            recorder.saved(last);
            synchronized (FrozenCopy.this) {
                if (!ended) {
                    state = state.withOperation(saved.state());
                    context.save(state);
                }
            }
        }

        @Override
        public void log(String line) {
            context.log(line);
        }

        @Override
        public ProgressListener progress() {
            return progress;
        }

        @Override
        public void succeeded(PairInfo result) {
            record();
            recorder.succeeded(last, result);
            FrozenCopy.this.succeeded(result);
        }

        @Override
        public void failed(OperationFailure failure) {
            record();
            recorder.failed(last, failure, explain(failure));
            FrozenCopy.this.failed(failure);
        }
    }

    // ------------------------------------------------------------------ the operations of a block

    static OperationState resync(PairRequest r, Instant now) throws ValidationException {
        return OperationState.start(r.copyPairName() == null ? OperationType.GROUP_RESYNC : OperationType.RESYNC, r, now);
    }

    static OperationState split(PairRequest r, Instant now) throws ValidationException {
        return OperationState.start(r.copyPairName() == null ? OperationType.GROUP_SPLIT : OperationType.SPLIT, r, now);
    }

    /** Deletes one pair of the block; a group's member is deleted without the LDEV guards (they name no member). */
    static OperationState delete(PairRequest r, String member, Instant now) throws ValidationException {
        PairRequest.Builder b = PairRequest.builder().copyGroupName(r.copyGroupName()).copyPairName(member)
                .pvolDeviceGroupName(r.pvolDeviceGroupName()).svolDeviceGroupName(r.svolDeviceGroupName())
                .timeout(r.timeout());
        if (r.copyPairName() != null && r.copyPairName().equals(member)) {
            b.pvolLdevId(r.pvolLdevId()).svolLdevId(r.svolLdevId());
        }
        return OperationState.start(OperationType.DELETE, b.build(), now);
    }

    @FunctionalInterface
    private interface Start {
        OperationState start() throws ValidationException;
    }

    /** The block was validated before anything was sent, so an operation of it cannot be invalid. */
    private static OperationState unchecked(Start s) {
        try {
            return s.start();
        } catch (ValidationException e) {
            throw new IllegalStateException("an operation of the validated block is invalid: " + e.getMessage(), e);
        }
    }
}
