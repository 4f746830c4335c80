package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationDriver;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.Advance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One operation in an {@link OperationRuntime}: its steps, waits, locks and end.
 *
 * <p>Steps run one at a time under {@link #stepLock}. {@link #abort} interrupts the step in flight and hands the end
 * to a fresh pool task, which takes {@link #stepLock} (so it starts only once that step has ended, its session closed)
 * and then frees the locks, lets go of the connection, writes the abort line and the final state, and completes.
 */
public final class RunningOperation {

    private static final Logger LOG = Logger.getLogger(RunningOperation.class.getName());

    private final OperationRuntime runtime;
    private final OperationSpec spec;
    private final OperationContext context;
    private final String id;
    private final List<String> locks;
    private final String lockDescription;

    private final Object stepLock = new Object();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean abortRequested = new AtomicBoolean();
    /** Set while a new operation has a place in (or waits for) the runtime's {@link StartQueue}. */
    private final AtomicBoolean inStartQueue = new AtomicBoolean();

    // Changed by steps only (under stepLock), or before the first one.
    private OperationState live;
    private boolean holdsLock;
    private String waitingFor;
    private Instant waitingSince;
    private Instant lastReminder;
    private boolean resumed;
    private String lastNote;
    private OperationDriver driver;
    private volatile SavedOperation saved;

    private final Object scheduleLock = new Object();
    private ScheduledFuture<?> task;
    private volatile boolean inStep;
    private boolean wakeRequested;
    private volatile Instant nextStepAt;

    RunningOperation(OperationRuntime runtime, SavedOperation saved, OperationSpec spec, OperationContext context,
            boolean resumed) {
        this.runtime = runtime;
        this.spec = spec;
        this.context = context;
        this.saved = saved;
        this.id = saved.id();
        this.locks = saved.locks();
        this.lockDescription = saved.lockDescription();
        this.live = saved.state();
        this.holdsLock = saved.holdsLock();
        this.waitingFor = saved.waitingFor();
        this.waitingSince = saved.waitingSince();
        this.lastReminder = saved.lastReminder();
        this.resumed = resumed;
    }

    // ------------------------------------------------------------------ the surface's calls

    /**
     * Stops the operation; it completes exactly once ({@link OperationFailure.Kind#ABORTED}), after the step in flight
     * (interrupted now: the engine sends nothing more) has ended, with its locks freed, its session discarded and the
     * abort line and final state written. A second call, or a call after the end, does nothing.
     */
    public void abort(Throwable cause) {
        if (finished.get() || !abortRequested.compareAndSet(false, true)) {
            return;
        }
        boolean inFlight = inStep;
        ScheduledFuture<?> t;
        synchronized (scheduleLock) {
            t = task;
        }
        if (t != null) {
            t.cancel(true); // interrupts the thread only while it runs this operation's step
        }
        Runnable end = () -> endAfterAbort(inFlight, cause);
        try {
            runtime.pool().execute(end);
        } catch (RejectedExecutionException e) {
            end.run(); // shutting down: no fresh thread to be had
        }
    }

    /** One line on what the operation does now. */
    public String status() {
        if (finished.get()) {
            return "finished";
        }
        StringBuilder sb = new StringBuilder();
        String why = saved.waitingFor();
        sb.append(why != null ? "waiting: " + why : describeProgress(saved.state()));
        Instant next = nextStepAt;
        if (inStep) {
            sb.append("; talking to the array now");
        } else if (next != null && next.isAfter(runtime.clock().instant())) {
            sb.append("; next check in ").append(Durations.words(Duration.between(runtime.clock().instant(), next)));
        }
        return sb.toString();
    }

    /** Whether a step (REST calls) is running now: a graceful restart should wait for it. */
    public boolean stepInFlight() {
        return inStep;
    }

    public boolean isFinished() {
        return finished.get();
    }

    /** The last state handed to the surface. */
    public SavedOperation saved() {
        return saved;
    }

    // ------------------------------------------------------------------ scheduling

    void resumeNow() {
        if (live.phase().isTerminal()) {
            // It ended before the restart, before the surface recorded that: it sends nothing more and needs no lock,
            // which another operation may rightly hold now, having taken it once this one let go.
            holdsLock = false;
        } else if (holdsLock && !locks.isEmpty()) {
            Optional<LockHolder> other = runtime.locks().reclaim(locks, id, lockDescription);
            if (other.isPresent()) {
                holdsLock = false;
                String msg = describe() + ": after the restart its lock is held by another operation ("
                        + other.get().description() + "); this one stops here and sends nothing more. Check the pair's "
                        + "status before running another operation on it.";
                synchronized (stepLock) {
                    finish(new OperationFailure(OperationFailure.Kind.LOCK_LOST, msg, null, null), null);
                }
                return;
            }
        }
        schedule(Duration.ZERO);
    }

    /** Starts a new operation through the runtime's {@link StartQueue}. */
    void start(StartQueue starts) {
        if (!StartQueue.queues(live.type())) {
            schedule(Duration.ZERO);
            return;
        }
        inStartQueue.set(true);
        starts.start(this, live.type());
    }

    /**
     * It was submitted, waits for a lock or a pause, or ended: the next new operation may take its place among those
     * being started.
     */
    private void leaveStartQueue() {
        if (inStartQueue.compareAndSet(true, false)) {
            runtime.starts().left(this);
        }
    }

    void schedule(Duration delay) {
        synchronized (scheduleLock) {
            if (finished.get() || abortRequested.get()) {
                return;
            }
            long ms = Math.max(0, delay.toMillis());
            nextStepAt = runtime.clock().instant().plusMillis(ms);
            try {
                task = runtime.pool().schedule(this::step, ms, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.log(Level.FINE, "not scheduling {0} while shutting down: it resumes from its saved state", id);
            }
        }
    }

    /** The engine found a session permit for this operation: step again at once instead of at the next retry. */
    private void wakeUp() {
        synchronized (scheduleLock) {
            if (inStep) {
                wakeRequested = true;
                return;
            }
            ScheduledFuture<?> t = task;
            if (t != null && t.cancel(false)) {
                schedule(Duration.ZERO);
            }
        }
    }

    private void step() {
        synchronized (stepLock) {
            if (finished.get() || abortRequested.get()) {
                return;
            }
            synchronized (scheduleLock) {
                inStep = true;
            }
            Duration next = null;
            try {
                next = once();
            } catch (RuntimeException | Error e) {
                LOG.log(abortRequested.get() ? Level.FINE : Level.WARNING, "unexpected failure in " + describe(), e);
                if (!abortRequested.get()) {
                    finish(new OperationFailure(OperationFailure.Kind.UNEXPECTED, describe() + ": unexpected failure: " + e,
                            e, null), null);
                }
            } finally {
                synchronized (scheduleLock) {
                    inStep = false;
                    if (next != null && wakeRequested) {
                        next = Duration.ZERO;
                    }
                    wakeRequested = false;
                }
            }
            if (!notYetSubmitted(live) || waitingFor != null) {
                leaveStartQueue();
            }
            if (next != null) {
                schedule(next);
            }
        }
    }

    /** One step. @return the delay before the next one, or null when the operation has ended. */
    private Duration once() {
        if (resumed) {
            resumed = false;
            context.log("resumed after a restart, " + describeProgress(live) + "; continuing with a new REST session "
                    + "(the array is read before anything is sent again)");
        }
        OperationState st = live;
        boolean ended = st.phase().isTerminal(); // only its end is left to report
        // 1. Maintenance pause: nothing new is sent to a paused array; an accepted operation is followed to its end.
        if (!ended && !st.type().isReadOnly()) {
            Optional<String> paused = runtime.pause().reason(spec.array());
            if (paused.isPresent()) {
                if (notYetSubmitted(st)) {
                    return waitOrFail(paused.get());
                }
                noteOnce("'" + spec.array() + "' was paused after the array accepted this operation; following it to its "
                        + "end (read-only requests)");
            }
        }
        // 2. One operation at a time per pair, S-VOL and copy group.
        if (!ended && !holdsLock && !locks.isEmpty()) {
            Instant now = runtime.clock().instant();
            Instant until = runtime.reclaimUntil();
            if (now.isBefore(until)) {
                return Duration.between(now, until); // operations that held locks before the restart re-claim them first
            }
            Optional<LockHolder> other = runtime.locks().tryAcquire(locks, id, lockDescription);
            if (other.isPresent()) {
                return waitOrFail(other.get().description());
            }
            holdsLock = true;
            save();
        }
        if (waitingFor != null) {
            Instant since = waitingSince == null ? runtime.clock().instant() : waitingSince;
            context.log("done waiting after " + Durations.words(Duration.between(since, runtime.clock().instant())) + " ("
                    + waitingFor + ")");
            waitingFor = null;
            waitingSince = null;
            lastReminder = null;
            save();
        }
        // 3. One engine step.
        ArrayAccess access;
        try {
            access = spec.connector().connect();
        } catch (SetupException e) {
            finish(new OperationFailure(OperationFailure.Kind.SETUP, e.getMessage(), e, null), null);
            return null;
        }
        OperationDriver d = new OperationDriver(access, context.progress(), runtime.options().engine());
        driver = d;
        Advance outcome = spec.connector().call(() -> d.advance(st, this::wakeUp));
        live = outcome.state();
        if (abortRequested.get()) {
            return null; // the abort ends the operation once this step is over
        }
        if (outcome instanceof Advance.Failed f && f.error().category() == ShadowImageException.Category.INTERRUPTED
                && runtime.isShuttingDown()) {
            // Forget the interrupted step: the saved state is from before it, and the next start repeats it (the
            // engine reads the pair back before it sends anything again).
            live = saved.state();
            context.log("shutting down; the operation resumes after the restart");
            return null;
        }
        save();
        if (outcome instanceof Advance.Again again) {
            return again.delay();
        }
        if (outcome instanceof Advance.Done done) {
            finish(null, done.result());
            return null;
        }
        ShadowImageException e = ((Advance.Failed) outcome).error();
        finish(new OperationFailure(OperationFailure.Kind.ENGINE, e.getMessage(), e, e.partialResult()), null);
        return null;
    }

    /** Waits (bounded by the deadline), saying why when the reason changes and every {@link RuntimeOptions#waitReminder()}. */
    private Duration waitOrFail(String why) {
        if (spec.failFast()) {
            finish(new OperationFailure(OperationFailure.Kind.FAIL_FAST, describe() + ": " + why + " (failFast: not waiting)",
                    null, null), null);
            return null;
        }
        Instant now = runtime.clock().instant();
        if (waitingSince == null) {
            waitingSince = now;
        }
        if (!why.equals(waitingFor)) {
            waitingFor = why;
            lastReminder = now;
            context.log("waiting: " + why);
            save();
        } else if (lastReminder == null || !now.isBefore(lastReminder.plus(runtime.options().waitReminder()))) {
            lastReminder = now;
            context.log("still waiting (" + Durations.words(Duration.between(waitingSince, now)) + "): " + why);
            save();
        }
        if (now.isAfter(live.deadline())) {
            finish(new OperationFailure(OperationFailure.Kind.TIMED_OUT_WAITING, describe() + ": timed out after "
                    + Durations.words(Duration.between(waitingSince, now)) + " waiting (" + why
                    + "); nothing was sent to the array.", null, null), null);
            return null;
        }
        return runtime.options().waitRecheck();
    }

    private void noteOnce(String note) {
        if (!note.equals(lastNote)) {
            lastNote = note;
            context.log(note);
        }
    }

    private static boolean notYetSubmitted(OperationState st) {
        return st.phase() == Phase.CHECK || (st.phase() == Phase.SUBMIT && st.submitAttempts() == 0);
    }

    // ------------------------------------------------------------------ the end

    /** Runs on a fresh (not interrupted) pool thread once the step in flight has ended. */
    private void endAfterAbort(boolean inFlight, Throwable cause) {
        synchronized (stepLock) {
            if (finished.get()) {
                return;
            }
            String where = describeProgress(live);
            context.log("aborted " + where + "."
                    + (inFlight ? " A request was in flight when the abort came and may still have reached the array." : "")
                    + " Any job the array already accepted continues there; check the pair's status before running "
                    + "another operation on it.");
            save();
            finish(new OperationFailure(OperationFailure.Kind.ABORTED, describe() + ": aborted " + where, cause, null), null);
        }
    }

    /**
     * Lets go of what the operation holds on the array (its place in the permit queue, a job read held for it, with
     * its session), frees the locks and the connection, then completes: exactly once. Called under {@link #stepLock}.
     */
    private void finish(OperationFailure failure, PairInfo result) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        synchronized (scheduleLock) {
            if (task != null) {
                task.cancel(false);
            }
        }
        leaveStartQueue();
        OperationDriver d = driver;
        if (d != null) {
            d.abandon(live); // waits for the discard of that read's session, so that none is left open at the end
        }
        runtime.locks().release(id);
        holdsLock = false;
        try {
            spec.connector().disconnect();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "letting go of the connection of " + describe(), e);
        }
        if (failure == null) {
            context.succeeded(result);
        } else {
            context.failed(failure);
        }
    }

    private void save() {
        SavedOperation s = new SavedOperation(id, live, locks, lockDescription, holdsLock, waitingFor, waitingSince,
                lastReminder);
        saved = s;
        context.saveState(s);
    }

    private String describe() {
        return live.type().cliName() + " " + live.target();
    }

    static String describeProgress(OperationState st) {
        StringBuilder sb = new StringBuilder("in phase ").append(st.phase());
        if (st.jobId() != null) {
            sb.append(", job ").append(st.jobId());
        }
        if (st.lastPvolStatus() != null) {
            sb.append(", pair last seen ").append(st.lastPvolStatus());
            if (st.lastProgress() != null) {
                sb.append(' ').append(st.lastProgress()).append(" %");
            }
        }
        return sb.toString();
    }
}
