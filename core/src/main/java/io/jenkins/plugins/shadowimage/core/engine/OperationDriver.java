package io.jenkins.plugins.shadowimage.core.engine;

import io.jenkins.plugins.shadowimage.core.client.ClientListener;
import io.jenkins.plugins.shadowimage.core.client.ErrorCatalogue;
import io.jenkins.plugins.shadowimage.core.client.ErrorClass;
import io.jenkins.plugins.shadowimage.core.client.HeldJobRead;
import io.jenkins.plugins.shadowimage.core.client.RequestBudget;
import io.jenkins.plugins.shadowimage.core.client.RetryPolicy;
import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.client.VspClient;
import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.VspTransportException;
import io.jenkins.plugins.shadowimage.core.client.WrongEndpointException;
import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.client.model.Job;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException.Category;
import io.jenkins.plugins.shadowimage.core.engine.policy.OperationPolicy;
import io.jenkins.plugins.shadowimage.core.engine.policy.Policies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Advances an {@link WorkingState} one short step at a time. Each step opens at most one REST session
 * (or takes a shared idle one), does a few requests, and closes it in a {@code finally}; no session is
 * held between steps. A driver is cheap and stateless apart from its access and listener: after a
 * restart, build a new one and call {@link #advance} with the last persisted state.
 *
 * <p>Thread-safe, but a given state must be advanced by one caller at a time.
 *
 * <p>The phases (docs/architecture.md has the diagram): {@code CHECK} reads the pair or group and decides
 * (no-op success, rejection, or submit); {@code SUBMIT} reads the pair again (reconciliation: the request
 * may already have been sent by a process that died) and sends the request at most once per step;
 * {@code POLL_JOB} polls the job by id; {@code WAIT_STATUS} polls the pair until the target status, PSUE, or
 * the deadline.
 *
 * <p>What each operation decides, sends and accepts as done is its
 * {@link io.jenkins.plugins.shadowimage.core.engine.policy.OperationPolicy}; the driver keeps the phases, deadlines,
 * errors, job polling and pacing, and asks the policy.
 */
public final class OperationDriver {
    private static final Logger LOG = Logger.getLogger(OperationDriver.class.getName());
    /** How many ambiguous submits (the request may or may not have reached the array) before giving up. */
    private static final int MAX_SUBMIT_ATTEMPTS = 5;
    /**
     * A job younger than this is followed by job reads the array holds until it ends; an older one is polled (a job
     * kept Running for a whole copy would otherwise keep a session for hours).
     */
    static final Duration HOLD_JOBS_UP_TO = Duration.ofSeconds(30);
    /** Beyond a held read's wait: when its answer has not woken the operation by then, the step looks again. */
    private static final Duration HELD_READ_MARGIN = Duration.ofSeconds(5);

    private final ArrayAccess access;
    private final ProgressListener listener;
    private final EngineOptions options;
    private final PollingSchedule schedule;

    public OperationDriver(ArrayAccess access, ProgressListener listener, EngineOptions options) {
        this.access = java.util.Objects.requireNonNull(access, "access");
        this.listener = listener == null ? ProgressListener.NONE : listener;
        this.options = options == null ? EngineOptions.defaults() : options;
        this.schedule = new PollingSchedule(this.options);
    }

    public OperationDriver(ArrayAccess access, ProgressListener listener) {
        this(access, listener, EngineOptions.defaults());
    }

    public ArrayAccess access() {
        return access;
    }

    /**
     * Gives up the operation's place in the session permit queue and aborts a job read the array holds for it
     * (at the operation's end): nothing more is sent and that read's session has been discarded when this returns.
     * Never throws.
     */
    public void abandon(OperationState st) {
        try {
            if (st.jobId() != null) {
                access.client().cancelHeldJobRead(st.jobId());
            }
            access.client().leaveQueue(st.waiter());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not leave the permit queue", e);
        }
    }

    public EngineOptions options() {
        return options;
    }

    /**
     * Does one step on {@code state} and returns what to do next with the next state ({@link Advance#state()}).
     * The caller persists that state after every call, then calls again with it after {@link Advance.Again#delay()}.
     * A terminal state returns its result again. Never throws for operational failures: they come back as
     * {@link Advance.Failed}.
     */
    public Advance advance(OperationState state) {
        return advance(state, null);
    }

    /**
     * Same as {@link #advance(OperationState)}; when the step has to wait for a session permit,
     * {@code wakeUp} runs (quickly, on another thread) as soon as one is available for this operation, so
     * the caller can call again at once instead of after {@link EngineOptions#permitRetry()}.
     */
    public Advance advance(OperationState state, Runnable wakeUp) {
        WorkingState st = state.work();
        Advance next = step(st, state.waiter(), wakeUp);
        OperationState after = OperationState.of(st);
        if (next instanceof Advance.Again a) {
            return new Advance.Again(a.delay(), after);
        }
        if (next instanceof Advance.Done d) {
            return new Advance.Done(d.result(), after);
        }
        return new Advance.Failed(((Advance.Failed) next).error(), after);
    }

    private Advance step(WorkingState st, Object waiter, Runnable wakeUp) {
        if (st.phase() == Phase.DONE) {
            return new Advance.Done(st.result());
        }
        if (st.phase() == Phase.FAILED) {
            return new Advance.Failed(new ShadowImageException(st.failureCategory(), st.failureMessage()));
        }
        Instant now = now();
        if (st.phase() == Phase.CHECK && st.submitAttempts() == 0) {
            try {
                st.request().validate(st.type());
            } catch (ValidationException e) {
                return fail(st, e);
            }
        }
        if (!now.isBefore(st.deadline()) && (st.phase() == Phase.CHECK || st.phase() == Phase.SUBMIT)) {
            // Waiting phases read the pair first, so that the timeout reports its current status.
            return timeout(st, null);
        }
        if (Thread.currentThread().isInterrupted()) {
            return new Advance.Failed(ShadowImageException.interrupted(st));
        }
        Phase before = st.phase();
        VspClient client;
        try {
            client = access.client();
        } catch (RuntimeException e) {
            if (access.isClosed()) {
                // The surface is shutting down: stop without recording a failure, so that the persisted
                // state resumes later.
                return new Advance.Failed(ShadowImageException.interrupted(st));
            }
            return fail(st, new ShadowImageException(Category.VALIDATION, Outcomes.describe(st)
                    + ": cannot set up the client for " + access.endpoint().baseUrl() + ": " + e.getMessage(), e));
        }
        try {
            String key = client.arrayKey();
            if (st.arrayKey() == null) {
                st.bindArray(key, client.endpoint().storageDeviceId());
            } else if (!st.arrayKey().equals(key)) {
                return fail(st, new ShadowImageException(Category.INTERNAL, "this operation was started on "
                        + st.arrayKey() + " but is being resumed against " + key
                        + "; resume it with the original array settings, or check the pair there"));
            }
            Optional<VspSession> session = client.tryOpenSession(clientListener(st), waiter, wakeUp);
            if (session.isEmpty()) {
                if (!now.isBefore(st.deadline())) {
                    client.leaveQueue(waiter);
                    return timeout(st, null);
                }
                if (st.permitWaited() % 30 == 0) {
                    emit(st, ProgressEvent.Kind.PERMIT_WAIT, client.describePermitWait());
                }
                return new Advance.Again(options.permitRetry());
            }
            st.permitGranted();
            Advance step;
            try (VspSession s = session.get()) {
                // Steps that only follow a job or a copy yield to those that change or confirm something; the first
                // read after a job confirms its change.
                boolean following = st.phase() == Phase.POLL_JOB
                        || (st.phase() == Phase.WAIT_STATUS && st.statusPolls() > 0);
                s.readPriority(following ? RequestBudget.Priority.POLL : RequestBudget.Priority.CONFIRM);
                step = switch (st.phase()) {
                    case CHECK -> check(s, st);
                    case SUBMIT -> submit(s, st);
                    case POLL_JOB -> pollJob(s, st, wakeUp);
                    case WAIT_STATUS -> waitStatus(s, st);
                    default -> throw new IllegalStateException("phase " + st.phase());
                };
            }
            st.retryingSince(null);
            if (st.isDryRun() && !st.phase().isTerminal() && st.phase() != Phase.CHECK) {
                return planned(st);
            }
            if (st.phase() != before && !st.phase().isTerminal()) {
                emit(st, ProgressEvent.Kind.PHASE, Outcomes.describe(st) + ": " + before + " -> " + st.phase());
            }
            return step;
        } catch (VspApiException | VspTransportException e) {
            return error(st, e);
        } catch (ShadowImageException e) {
            return fail(st, e);
        } catch (RuntimeException e) {
            if (access.isClosed() || Thread.currentThread().isInterrupted()) {
                // Shutting down or interrupted (Ctrl-C, abort): the persisted state stays resumable.
                return new Advance.Failed(ShadowImageException.interrupted(st));
            }
            LOG.log(Level.WARNING, "unexpected failure in " + st, e);
            return fail(st, new ShadowImageException(Category.INTERNAL, Outcomes.describe(st) + " failed unexpectedly in phase "
                    + st.phase() + ": " + e, e));
        }
    }

    // ------------------------------------------------------------------ CHECK

    /** The policy that decides for this operation (a create goes on deciding as a create when it splits). */
    private static OperationPolicy decider(WorkingState st) {
        return Policies.of(st.type());
    }

    /** The policy of the request this operation sends: a split for a create that splits its existing pair. */
    private static OperationPolicy sender(WorkingState st) {
        return Policies.of(st.action());
    }

    private Advance check(VspSession s, WorkingState st) throws ShadowImageException {
        return decider(st).decide(new EngineStep(this, s, st));
    }

    Advance settle(WorkingState st, String status) {
        emit(st, ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": the pair is " + status + "; waiting for it to settle");
        st.targetStatus(TargetStatus.SETTLED);
        st.phase(Phase.WAIT_STATUS);
        st.startWait(now());
        return new Advance.Again(options.statusPollMin());
    }

    /** Arms the submit: from now on the request may have been sent, so every later step reconciles first. */
    Advance toSubmit(WorkingState st) {
        st.submitAttempted();
        st.phase(Phase.SUBMIT);
        // The first SUBMIT right after this CHECK, in this process, may skip reading the pair back; a state
        // read back from storage (a resume after a crash) never carries the mark.
        st.justChecked(st.submitAttempts() == 1);
        return new Advance.Again(Duration.ZERO);
    }

    // ------------------------------------------------------------------ SUBMIT

    private Advance submit(VspSession s, WorkingState st) throws ShadowImageException {
        OperationPolicy policy = sender(st);
        EngineStep step = new EngineStep(this, s, st);
        boolean justChecked = st.takeJustChecked() && st.submitAttempts() == 1;
        if (!justChecked) {
            // The request may have been sent by a step whose state change was lost: read back first.
            Optional<Advance> reconciled = policy.reconcile(step);
            if (reconciled.isPresent()) {
                return reconciled.get();
            }
        }
        if (st.submitAttempts() > MAX_SUBMIT_ATTEMPTS) {
            throw new ShadowImageException(Category.CONNECTION, Outcomes.describe(st) + ": the request could not be confirmed "
                    + "after " + MAX_SUBMIT_ATTEMPTS + " attempts; check the " + (st.type().isPairLevel() ? "pair" : "group")
                    + ", then run the operation again");
        }
        Job job;
        try {
            job = policy.send(step);
        } catch (VspTransportException e) {
            if (e.getCause() instanceof InterruptedException || e.retryLater() != null) {
                throw e;
            }
            return ambiguous(st, e.getMessage());
        } catch (VspApiException e) {
            if (e.retryLater() != null) {
                // Not executed (lock, busy, 503): the next SUBMIT step reads the pair back and sends again.
                throw e;
            }
            if ((e.httpStatus() == 500 || e.httpStatus() == 502) && e.mayBeResent()) {
                return ambiguous(st, e.getMessage());
            }
            return refused(step, e);
        }
        return accepted(s, st, job);
    }

    /** The request may or may not have been executed: read back at the next step before anything else. */
    private Advance ambiguous(WorkingState st, String why) {
        st.submitAttempted();
        emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": no clear answer to the request (" + why
                + "); reading the pair back before trying again");
        return new Advance.Again(options.statusPollMin());
    }

    /** The array refused the request synchronously: maybe because an earlier attempt went through. */
    private Advance refused(EngineStep step, VspApiException e) throws ShadowImageException {
        WorkingState st = step.state();
        if (!st.type().isPairLevel()) {
            return sender(st).tookEffect(step, null, false).orElseThrow(() -> Outcomes.arrayRejected(st, e));
        }
        // A 5xx with the array's error object: read back once whether the request took effect, never re-send it.
        if (st.submitAttempts() > 1 || e.httpStatus() / 100 == 5) {
            Optional<CopyPair> p = step.session().findPair(st.request().pairId());
            p.ifPresent(pair -> observe(st, pair));
            Optional<Advance> next = sender(st).tookEffect(step, p.orElse(null), false);
            if (next.isPresent()) {
                return next.get();
            }
        }
        Optional<Advance> other = decider(st).afterRefusal(step, e, true);
        if (other.isPresent()) {
            return other.get();
        }
        throw Outcomes.arrayRejected(st, e);
    }

    private Advance accepted(VspSession s, WorkingState st, Job job) throws ShadowImageException {
        st.job(job.jobId(), now());
        emit(st, ProgressEvent.Kind.JOB_ACCEPTED, Outcomes.describe(st) + ": accepted as job " + job.jobId()
                + " (" + job.status() + "/" + job.state() + ")");
        st.phase(Phase.POLL_JOB);
        if (job.isCompleted()) {
            return jobCompleted(s, st, job);
        }
        // The next step asks the array to hold a job read until the job ends, when it may; else the first poll.
        return new Advance.Again(access.client().mayHoldJobRead() ? Duration.ZERO : schedule.firstJobPoll(st));
    }

    // ------------------------------------------------------------------ POLL_JOB

    private Advance pollJob(VspSession s, WorkingState st, Runnable wakeUp) throws ShadowImageException {
        VspClient client = access.client();
        Optional<HeldJobRead> held = client.heldJobRead(st.jobId());
        if (held.isPresent() && !held.get().isDone()) {
            // Woken before the held answer: it wakes this operation again when it comes.
            return new Advance.Again(held.get().maxWait());
        }
        held.ifPresent(client::forgetHeldJobRead);
        Optional<Job> answered = held.flatMap(HeldJobRead::job);
        // Never held past the deadline, which is then judged as for a poll.
        Duration left = Duration.between(now(), st.deadline());
        Duration hold = left.compareTo(client.options().responseMaxWait()) < 0 ? left : client.options().responseMaxWait();
        if (held.isEmpty() && wakeUp != null && hold.getSeconds() >= 1 && client.mayHoldJobRead()
                && (st.jobSubmittedAt() == null
                        || Duration.between(st.jobSubmittedAt(), now()).compareTo(HOLD_JOBS_UP_TO) < 0)) {
            // A young job: the array answers when it ends, and the answer wakes this operation. No thread waits; the
            // read keeps this step's session, which the next step takes over.
            HeldJobRead read = s.holdJobRead(st.jobId(), hold, wakeUp);
            return new Advance.Again(read.maxWait().plus(HELD_READ_MARGIN));
        }
        Job job;
        try {
            // A held read that failed (busy, expired session, connection) is repeated as a poll under the retry policy.
            job = answered.isPresent() ? answered.get() : s.job(st.jobId());
        } catch (VspApiException e) {
            if (e.isNotFound()) {
                // Job records are dropped after a few thousand jobs: judge by the pair instead.
                emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": job " + st.jobId()
                        + " is no longer known to the array; judging by the pair status");
                return startWait(st);
            }
            throw e;
        }
        st.jobPolled();
        if (job.isCompleted()) {
            schedule.jobTook(st);
            return jobCompleted(s, st, job);
        }
        Duration eta = null;
        if (!st.type().isPairLevel() && st.jobPolls() >= 2) {
            // The same for a group action: every pair at the target ends it.
            List<CopyPair> pairs = s.listPairs(st.request().groupId(), false);
            if (!pairs.isEmpty() && pairs.stream().allMatch(p -> Outcomes.reached(st, p))) {
                pairs.forEach(p -> st.memberStatus(p.copyPairName(), p.pvolStatus()));
                emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": job " + job.jobId() + " is still "
                        + jobState(job) + ", but every pair is " + st.targetStatus() + ": it took effect");
                return doneGroup(st, successOutcome(st), pairs);
            }
        }
        if (st.type().isPairLevel() && st.jobPolls() >= 2) {
            // Some arrays keep a pair job Running for the whole copy. Once the job has outlived a quick one, the pair
            // is read too: its progress is shown, and a pair at its target ends the operation whatever the job says.
            Optional<CopyPair> found = reads().waitingPair(s, st.request().pairId(), options.clock(), st.jobSubmittedAt(),
                    sharingWindow());
            if (found.isEmpty() && goneEndsIt(st)) {
                emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": job " + job.jobId() + " is still "
                        + jobState(job) + ", but the pair is gone: the delete took effect");
                return done(st, Outcome.DELETED, null);
            }
            if (found.isPresent()) {
                CopyPair p = found.get();
                boolean changed = observe(st, p);
                if (targetHolds(st, p)) {
                    emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": job " + job.jobId() + " is still "
                            + jobState(job) + ", but the pair is " + p.pvolStatus() + ", the target of this operation: "
                            + "it took effect");
                    return done(st, successOutcome(st), p);
                }
                if (PairStatus.isSuspendedByError(p.pvolStatus()) && !PairStatus.isSuspendedByError(st.statusBeforeSubmit())
                        && !goneEndsIt(st)) {
                    // Suspended by a failure while the job runs: no need to wait for the job to say so.
                    throw Outcomes.psue(st, p, "job " + job.jobId() + " (" + jobState(job) + ")");
                }
                eta = schedule.eta(st, p);
                if (changed) {
                    emit(st, ProgressEvent.Kind.STATUS, Outcomes.describe(st) + ": " + p.pvolStatus()
                            + (p.copyProgressRate() == null ? "" : " " + p.copyProgressRate() + " %")
                            + (eta == null ? "" : ", ETA " + Outcomes.human(eta)) + " (job " + job.jobId() + " "
                            + jobState(job) + ")", p.pvolStatus(), p.copyProgressRate(), eta);
                }
            }
        }
        if (!now().isBefore(st.deadline())) {
            Optional<CopyPair> p = st.type().isPairLevel() ? s.findPair(st.request().pairId()) : Optional.empty();
            p.ifPresent(pair -> observe(st, pair));
            return timeout(st, p.orElse(null));
        }
        // With a copy rate known, the pair's pacing (a fraction of the ETA) replaces the job's backoff.
        return new Advance.Again(eta != null ? schedule.statusDelay(st, eta) : schedule.jobDelay(st));
    }

    private Advance jobCompleted(VspSession s, WorkingState st, Job job) throws ShadowImageException {
        if (job.isSucceeded()) {
            Optional<String> foreign = AffectedResources.foreign(st, job);
            if (foreign.isPresent()) {
                throw foreignJob(st, job, foreign.get());
            }
            if (st.request().waitFor() == WaitFor.ACCEPTED) {
                st.outcome(Outcome.ACCEPTED);
            } else if (st.outcome() == null) {
                st.outcome(Outcome.succeeded(st.type()));
            }
            st.phase(Phase.WAIT_STATUS);
            st.startWait(now());
            if (st.request().waitFor() == WaitFor.ACCEPTED && st.type() != OperationType.CREATE) {
                return finishAccepted(s, st);
            }
            PairRequest r = st.request();
            if (reads().sharesRound(st.type().isPairLevel() ? r.pairId() : null, r.groupId(), now())) {
                // Others wait in this group: the first status read joins their next round instead of a read now.
                return new Advance.Again(pace(st, Duration.ZERO));
            }
            return waitStatus(s, st);
        }
        // Failed, Unknown or any other end: the pair (or group) decides whether the operation took effect.
        VspApiException error;
        try {
            s.raiseIfFailed(job);
            error = new VspApiException(202, "JOB", "job " + job.jobId(), job.error(), job.jobId(),
                    "job " + job.jobId() + " ended " + job.state());
        } catch (VspApiException e) {
            error = e;
        }
        boolean failed = "Failed".equalsIgnoreCase(job.state());
        Optional<Duration> retry = retryDelay(st, job);
        EngineStep step = new EngineStep(this, s, st);
        if (!st.type().isPairLevel()) {
            Optional<Advance> next = sender(st).tookEffect(step, null, !failed);
            if (next.isPresent()) {
                emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": job " + job.jobId() + " ended "
                        + jobState(job) + ", but the pairs show that the operation took effect");
                return next.get();
            }
            if (retry.isPresent()) {
                return retryJob(st, job, retry.get());
            }
            throw jobRejected(st, job, error);
        }
        Optional<CopyPair> p = freshPair(s, st);
        p.ifPresent(pair -> observe(st, pair));
        if (p.isPresent() ? targetHolds(st, p.get()) : goneEndsIt(st)) {
            emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": job " + job.jobId() + " ended "
                    + jobState(job) + (error.messageId() == null ? "" : " (" + error.messageId() + ")") + ", but the pair "
                    + (p.isPresent() ? "is " + p.get().pvolStatus() + ", the target of this operation" : "is gone")
                    + ": it took effect");
            return done(st, successOutcome(st), p.orElse(null));
        }
        // A create that finds its pair, or a delete that finds it gone, succeeded whatever the job says (an earlier
        // attempt, or someone else, did it); after a Failed job, other operations only after a repeated submit or a
        // retryable error (the pair then shows whether the attempt went through).
        if (!failed || retry.isPresent() || st.submitAttempts() > 1 || sender(st).existenceDecides()) {
            Optional<Advance> next = sender(st).tookEffect(step, p.orElse(null), !failed);
            if (next.isPresent()) {
                emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": job " + job.jobId() + " ended "
                        + jobState(job) + ", but the pair shows the operation took effect (an earlier attempt went "
                        + "through, or the job's report is wrong)");
                return next.get();
            }
        }
        if (retry.isPresent()) {
            return retryJob(st, job, retry.get());
        }
        Optional<Advance> other = decider(st).afterRefusal(step, error, false);
        if (other.isPresent()) {
            return other.get();
        }
        throw jobRejected(st, job, error);
    }

    /** {@code Completed/Failed}. */
    private static String jobState(Job job) {
        return job.status() + "/" + job.state();
    }

    /** The outcome of an operation whose target holds. */
    private static Outcome successOutcome(WorkingState st) {
        if (st.request().waitFor() == WaitFor.ACCEPTED) {
            return Outcome.ACCEPTED;
        }
        return st.outcome() != null ? st.outcome() : Outcome.succeeded(st.type());
    }

    /** Whether the pair is at this operation's target, and (for a create) is the requested one. */
    private static boolean targetHolds(WorkingState st, CopyPair p) {
        if (st.targetStatus() == null || TargetStatus.SETTLED.equals(st.targetStatus())
                || TargetStatus.GONE.equals(st.targetStatus())) {
            return false;
        }
        return Outcomes.reached(st, p) && decider(st).isRequested(st, p);
    }

    /** Whether the pair being gone ends the operation (a delete, a wait for GONE). */
    private static boolean goneEndsIt(WorkingState st) {
        return TargetStatus.GONE.equals(st.targetStatus());
    }

    /**
     * When a failed job's error is one the request loop retries (a lock or busy inside the job, classified by
     * {@code RetryPolicy} like a request's error): the delay before sending again, within that class's budget
     * counted from the first such job of this operation. Empty when not retryable or the budget is spent.
     */
    private Optional<Duration> retryDelay(WorkingState st, Job job) {
        if (job.error() == null) {
            return Optional.empty();
        }
        RetryPolicy policy = access.options().retryPolicy();
        // The job's own HTTP status means nothing: only the error object classifies it.
        ErrorClass c = policy.classify(0, job.error());
        if (c == ErrorClass.FATAL || !policy.isRetryable(c, false, false)) {
            return Optional.empty();
        }
        Instant now = now();
        Duration elapsed = st.jobRetryingSince() == null ? Duration.ZERO : Duration.between(st.jobRetryingSince(), now);
        return policy.nextDelay(c, st.jobRetries() + 1, elapsed, null)
                .filter(d -> now.plus(d).isBefore(st.deadline()));
    }

    /** Sends the request again after {@code delay}: the next SUBMIT step reads the pair back first. */
    private Advance retryJob(WorkingState st, Job job, Duration delay) {
        st.jobRetried(now());
        ErrorClass c = access.options().retryPolicy().classify(0, job.error());
        emit(st, ProgressEvent.Kind.RETRY, Outcomes.describe(st) + ": job " + job.jobId() + " failed: "
                + RetryPolicy.describe(c, jobErrorCodes(job), st.jobRetries(), delay)
                + " (the array did not execute it; no session held meanwhile)");
        st.phase(Phase.SUBMIT);
        return new Advance.Again(delay);
    }

    /** "KART30000-E SSB1=2E11 SSB2=2205", as the request loop names a retried error. */
    private static String jobErrorCodes(Job job) {
        var e = job.error();
        return (e.messageId() == null ? "job error" : e.messageId())
                + (e.ssb1() != null ? " SSB1=" + e.ssb1() + " SSB2=" + e.ssb2() : "")
                + (e.cciErrorCode() != null ? " " + e.cciErrorCode() : "");
    }

    /** The job's error as the failure: a rejection, or a retryable error whose budget is spent. */
    private ShadowImageException jobRejected(WorkingState st, Job job, VspApiException error) {
        ErrorClass c = job.error() == null ? ErrorClass.FATAL : access.options().retryPolicy().classify(0, job.error());
        if (c != ErrorClass.FATAL && st.jobRetries() > 0) {
            return new ShadowImageException(Category.CONNECTION, Outcomes.describe(st) + ": " + c.label() + " ("
                    + jobErrorCodes(job) + "): gave up after " + st.jobRetries() + " retries since "
                    + st.jobRetryingSince() + ": " + error.getMessage() + Outcomes.jobErrorDetails(error)
                    + ". Run the operation again once the array is free", error, Outcomes.info(st, Outcome.FAILED, null));
        }
        return Outcomes.arrayRejected(st, error);
    }

    /** A succeeded job that says it changed another object: stop, and send nothing more for this operation. */
    private static ShadowImageException foreignJob(WorkingState st, Job job, String resource) {
        PairRequest r = st.request();
        String ours = st.type().isPairLevel() ? "this pair (" + r.pairId()
                + (r.pvolLdevId() == null ? "" : ", P-VOL " + r.pvolLdevId() + ", S-VOL " + r.svolLdevId()) + ")"
                : "this copy group (" + r.groupId() + ")";
        return new ShadowImageException(Category.INTERNAL, Outcomes.describe(st) + ": job " + job.jobId()
                + " succeeded but reports that it changed " + resource + ", not " + ours
                + (job.request() == null ? "" : "; the job's request was " + job.request()) + ". Nothing more is sent "
                + "for this operation: check on the array what job " + job.jobId() + " did and the state of both "
                + "objects before running it again", null, Outcomes.info(st, Outcome.FAILED, null));
    }

    private Advance finishAccepted(VspSession s, WorkingState st) {
        if (st.type().isPairLevel()) {
            // Read after the job's end (never shared from before), and remembered for the next operation.
            Optional<CopyPair> p = freshPair(s, st);
            p.ifPresent(pair -> observe(st, pair));
            return done(st, Outcome.ACCEPTED, p.orElse(null));
        }
        return doneGroup(st, Outcome.ACCEPTED, groupPairs(s, st));
    }

    // ------------------------------------------------------------------ dry run

    /** A dry run's CHECK decided to send or to wait: that is the plan, and the dry run ends here. */
    private Advance planned(WorkingState st) {
        PairRequest r = st.request();
        DryRunPlan.Decision decision = st.phase() == Phase.SUBMIT ? DryRunPlan.Decision.SEND
                : TargetStatus.SETTLED.equals(st.targetStatus()) ? DryRunPlan.Decision.WAIT_THEN_DECIDE
                : DryRunPlan.Decision.WAIT;
        String method = null;
        String path = null;
        Map<String, Object> parameters = new java.util.LinkedHashMap<>();
        OperationPolicy policy = sender(st);
        if (decision == DryRunPlan.Decision.SEND) {
            method = policy.method();
            path = policy.path(r);
            parameters = policy.parameters(new EngineStep(this, null, st));
        }
        String target = decision == DryRunPlan.Decision.WAIT_THEN_DECIDE ? "a settled status" : waitsFor(st.targetStatus());
        DryRunPlan plan = new DryRunPlan(decision, method, path, parameters, target, refusals(policy),
                st.lastPvolStatus(), st.lastSvolStatus());
        st.dryRunPlan(plan);
        st.outcome(Outcome.DRY_RUN);
        PairInfo info = Outcomes.info(st, Outcome.DRY_RUN, null);
        st.done(info);
        emit(st, ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": dry run: " + plan.describe());
        return new Advance.Done(info);
    }

    private static String waitsFor(String targetStatus) {
        return switch (targetStatus) {
            case TargetStatus.PAIR -> "PAIR on both volumes";
            case TargetStatus.PSUS -> "PSUS/SSUS (split on both volumes)";
            case TargetStatus.COPY -> "the job's completion (the pair in COPY)";
            case TargetStatus.GONE -> "the pair to be gone";
            default -> targetStatus;
        };
    }

    /** What the array can still refuse when the request is sent, beyond what the dry run checked. */
    private static List<String> refusals(OperationPolicy policy) {
        List<String> why = new ArrayList<>();
        why.add("the pair or its volumes changed between the dry run and the real run");
        why.add("the user lacks the Storage Administrator (Local Copy) role or the resource is locked by another user");
        why.addAll(policy.refusals());
        return why;
    }

    // ------------------------------------------------------------------ WAIT_STATUS

    Advance startWait(WorkingState st) {
        if (st.outcome() == null) {
            st.outcome(Outcome.succeeded(st.type()));
        }
        st.phase(Phase.WAIT_STATUS);
        st.startWait(now());
        return new Advance.Again(Duration.ZERO);
    }

    private Advance waitStatus(VspSession s, WorkingState st) throws ShadowImageException {
        if (!st.type().isPairLevel()) {
            return waitGroup(s, st);
        }
        st.statusPolled();
        Optional<CopyPair> found = reads().waitingPair(s, st.request().pairId(), options.clock(), st.waitStartedAt(),
                sharingWindow());
        String target = st.targetStatus();
        if (found.isEmpty()) {
            if (TargetStatus.SETTLED.equals(target)) {
                st.phase(Phase.CHECK);
                return new Advance.Again(Duration.ZERO);
            }
            if (TargetStatus.GONE.equals(target)) {
                return done(st, st.outcome() == null ? Outcome.DELETED : st.outcome(), null);
            }
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": the pair disappeared while "
                    + "waiting for " + target + " (deleted by someone else?)", null, Outcomes.info(st, Outcome.FAILED, null));
        }
        CopyPair p = found.get();
        boolean changed = observe(st, p);
        String status = p.pvolStatus();
        if (TargetStatus.SETTLED.equals(target)) {
            if (Outcomes.settled(p)) {
                st.phase(Phase.CHECK);
                return new Advance.Again(Duration.ZERO);
            }
        } else if ((PairStatus.isSuspendedByError(status) || PairStatus.isSuspendedByError(p.svolStatus()))
                && !TargetStatus.GONE.equals(target)) {
            throw Outcomes.psue(st, p, "wait for " + target);
        } else if (Outcomes.reached(st, p)) {
            return done(st, st.outcome(), p);
        }
        Duration eta = schedule.eta(st, p);
        if (changed) {
            emit(st, ProgressEvent.Kind.STATUS, Outcomes.describe(st) + ": " + Outcomes.statuses(p)
                    + (p.copyProgressRate() == null ? "" : " " + p.copyProgressRate() + " %")
                    + (eta == null ? "" : ", ETA " + Outcomes.human(eta)), status, p.copyProgressRate(), eta);
            warnIfUnknown(st, p);
        }
        if (!now().isBefore(st.deadline())) {
            return timeout(st, p);
        }
        return new Advance.Again(pace(st, schedule.statusDelay(st, eta)));
    }

    private Advance waitGroup(VspSession s, WorkingState st) throws ShadowImageException {
        st.statusPolled();
        List<CopyPair> pairs = usable(st, reads().waitingGroup(s, st.request().groupId(), options.clock(),
                st.waitStartedAt(), sharingWindow()));
        if (pairs.isEmpty()) {
            if (TargetStatus.GONE.equals(st.targetStatus())) {
                return doneGroup(st, st.outcome(), pairs);
            }
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st)
                    + ": the copy group has no pairs any more (deleted by someone else?)");
        }
        if (TargetStatus.SETTLED.equals(st.targetStatus())) {
            if (pairs.stream().allMatch(Outcomes::settled)) {
                st.phase(Phase.CHECK);
                return new Advance.Again(Duration.ZERO);
            }
            if (!now().isBefore(st.deadline())) {
                return timeout(st, null);
            }
            return new Advance.Again(pace(st, schedule.statusDelay(st, null)));
        }
        boolean changed = false;
        boolean allSettled = true;
        boolean anyFailed = false;
        int atTarget = 0;
        for (CopyPair p : pairs) {
            String old = st.memberStatus().get(p.copyPairName());
            if (old == null || !old.equals(p.pvolStatus())) {
                changed = true;
                warnIfUnknown(st, p);
            }
            st.memberStatus(p.copyPairName(), p.pvolStatus());
            if (Outcomes.reached(st, p)) {
                atTarget++;
            } else if (PairStatus.isSuspendedByError(p.pvolStatus()) && !TargetStatus.GONE.equals(st.targetStatus())) {
                anyFailed = true;
            } else {
                allSettled = false;
            }
        }
        st.observed(atTarget == pairs.size() ? st.targetStatus() : null, null, null, now());
        if (allSettled) {
            if (!anyFailed) {
                return doneGroup(st, st.outcome(), pairs);
            }
            PairInfo partial = Outcomes.group(st, pairs, st.outcome(), now());
            List<String> failed = new ArrayList<>();
            for (CopyPair p : pairs) {
                if (PairStatus.isSuspendedByError(p.pvolStatus())) {
                    failed.add(p.copyPairName());
                }
            }
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": " + failed.size() + " of "
                    + pairs.size() + " pairs went to PSUE (suspended by a failure): " + String.join(", ", failed)
                    + "; the other pairs reached " + st.targetStatus() + ". Check the array, then resync the "
                    + "failed pairs", null, partial);
        }
        if (changed) {
            GroupProgress g = GroupProgress.of(st, pairs, now());
            emit(st, ProgressEvent.Kind.STATUS, Outcomes.describe(st) + ": " + g.describe() + " "
                    + Outcomes.memberStatuses(pairs), null, g.copyPercent(), g.eta());
        }
        if (!now().isBefore(st.deadline())) {
            throw new ShadowImageException(Category.TIMEOUT, Outcomes.describe(st) + " did not finish by " + st.deadline()
                    + ": " + atTarget + " of " + pairs.size() + " pairs reached " + st.targetStatus() + " on both volumes "
                    + Outcomes.memberStatuses(pairs) + ". The array keeps working on it; run the same operation again to "
                    + "keep waiting (it is idempotent)", null, Outcomes.group(st, pairs, Outcome.TIMEOUT, now()));
        }
        return new Advance.Again(pace(st, schedule.statusDelay(st, null)));
    }

    Instant now() {
        return schedule.now();
    }

    private StatusReads reads() {
        return access.statusReads();
    }

    /** The pair, from a read another operation made a moment ago when there is one. */
    Optional<CopyPair> sharedPair(VspSession s, WorkingState st) {
        return reads().pair(s, st.request().pairId(), options.clock(), null, sharingWindow());
    }

    /** The pair as read now, never shared from before (and remembered for the next operation). */
    Optional<CopyPair> freshPair(VspSession s, WorkingState st) {
        return reads().readOne(s, st.request().pairId(), options.clock());
    }

    /** How old a read another operation made may be to serve this one: half the shortest poll. */
    private Duration sharingWindow() {
        return options.statusPollMin().dividedBy(2);
    }

    /** The next status poll: on the group's round when the read is shared, never after the deadline. */
    private Duration pace(WorkingState st, Duration wanted) {
        PairRequest r = st.request();
        return schedule.clampToDeadline(st, reads().nextPoll(st.type().isPairLevel() ? r.pairId() : null, r.groupId(),
                now(), wanted, options.statusPollMin()));
    }

    /** The operation waits no more: its group's round no longer counts it. */
    private void leaveRound(WorkingState st) {
        PairRequest r = st.request();
        try {
            reads().finished(st.type().isPairLevel() && r.copyPairName() != null ? r.pairId() : null, r.groupId());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not leave the status round", e);
        }
    }

    /** The pairs of the operation's copy group, without degraded entries. */
    List<CopyPair> groupPairs(VspSession s, WorkingState st) {
        return usable(st, s.listPairs(st.request().groupId(), false));
    }

    /**
     * Drops the entries of a group list that name no pair or no LDEVs (some arrays list such entries; Hitachi's
     * Ansible collection filters them out too): they are no pair this operation can act on or wait for.
     * Reported once while their number stays the same, not at every poll.
     */
    List<CopyPair> usable(WorkingState st, List<CopyPair> listed) {
        List<CopyPair> pairs = new ArrayList<>(listed.size());
        for (CopyPair p : listed) {
            if (p.copyPairName() != null && !p.copyPairName().isBlank() && p.pvolLdevId() != null && p.svolLdevId() != null) {
                pairs.add(p);
            }
        }
        int skipped = listed.size() - pairs.size();
        if (skipped != st.skippedListEntries()) {
            st.skippedListEntries(skipped);
            if (skipped > 0) {
                String message = Outcomes.describe(st) + ": skipped " + skipped + " entr" + (skipped == 1 ? "y" : "ies")
                        + " of the copy group's pair list without pair name or LDEV ids (an array quirk); "
                        + pairs.size() + " pairs remain";
                LOG.info(message);
                emit(st, ProgressEvent.Kind.WARNING, message);
            }
        } else if (skipped > 0) {
            LOG.fine(() -> Outcomes.describe(st) + ": skipped " + skipped + " degraded pair-list entries again");
        }
        return pairs;
    }

    /** Names a status the engine does not know, in the log and as an event, when it is first seen. */
    void warnIfUnknown(WorkingState st, CopyPair p) {
        if (PairStatus.of(p.pvolStatus()).isUnknown() || (p.svolStatus() != null && PairStatus.of(p.svolStatus()).isUnknown())) {
            String message = Outcomes.describe(st) + ": " + (p.copyPairName() == null ? "the pair" : "pair " + p.copyPairName())
                    + " reports " + Outcomes.statuses(p) + " (P-VOL/S-VOL); waiting for a known status until " + st.deadline();
            LOG.info(message);
            emit(st, ProgressEvent.Kind.WARNING, message);
        }
    }

    // ------------------------------------------------------------------ results and errors

    /** Records what was read; returns whether a volume's status or the progress changed. */
    boolean observe(WorkingState st, CopyPair p) {
        boolean changed = !java.util.Objects.equals(st.lastPvolStatus(), p.pvolStatus())
                || !java.util.Objects.equals(st.lastSvolStatus(), p.svolStatus())
                || !java.util.Objects.equals(st.lastProgress(), p.copyProgressRate());
        st.observed(p.pvolStatus(), p.svolStatus(), p.copyProgressRate(), now());
        return changed;
    }

    Advance done(WorkingState st, Outcome outcome, CopyPair p) {
        PairInfo info = Outcomes.info(st, outcome, p);
        st.outcome(outcome);
        st.done(info);
        leaveRound(st);
        emit(st, ProgressEvent.Kind.PHASE, Outcomes.describe(st) + ": done (" + outcome + ")"
                + (p == null ? "" : ", " + Outcomes.statuses(p))
                + (st.splitNotLaterThan() == null ? "" : "; split before this run, not later than "
                        + st.splitNotLaterThan()));
        return new Advance.Done(info);
    }

    Advance doneGroup(WorkingState st, Outcome outcome, List<CopyPair> pairs) {
        PairInfo info = Outcomes.group(st, pairs, outcome, now());
        st.outcome(outcome);
        st.done(info);
        leaveRound(st);
        emit(st, ProgressEvent.Kind.PHASE, Outcomes.describe(st) + ": done (" + outcome + ") " + Outcomes.memberStatuses(pairs)
                + (st.alreadySplitMembers().isEmpty() ? "" : "; split before this run, not later than "
                        + st.splitNotLaterThan() + ": " + String.join(", ", st.alreadySplitMembers())));
        return new Advance.Done(info);
    }

    private Advance fail(WorkingState st, ShadowImageException e) {
        st.failed(e);
        leaveRound(st);
        emit(st, ProgressEvent.Kind.PHASE, Outcomes.describe(st) + ": failed: " + e.getMessage());
        return new Advance.Failed(e);
    }

    private Advance timeout(WorkingState st, CopyPair p) {
        return fail(st, Outcomes.timeoutError(st, p));
    }

    /** A wire failure that escaped a phase. Reads in waiting phases are retried at the next step. */
    private Advance error(WorkingState st, RuntimeException e) {
        boolean interrupted = (e instanceof VspTransportException t && t.getCause() instanceof InterruptedException)
                || Thread.currentThread().isInterrupted();
        if (interrupted || access.isClosed()) {
            // Interrupted (Ctrl-C, abort) or shutting down: not a failure of the operation; it stays resumable.
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return new Advance.Failed(ShadowImageException.interrupted(st));
        }
        if (e instanceof WrongEndpointException) {
            // A wrong URL form or storage device id: no wait or retry mends it, and nothing is known of the pair.
            return fail(st, new ShadowImageException(Category.CONNECTION, Outcomes.describe(st) + ": " + e.getMessage(), e));
        }
        Duration later = e instanceof VspApiException a ? a.retryLater()
                : e instanceof VspTransportException t ? t.retryLater() : null;
        ErrorClass laterClass = e instanceof VspApiException a ? a.retryClass()
                : e instanceof VspTransportException t ? t.retryClass() : null;
        if (later != null && laterClass != null) {
            // The request kept failing for a retryable reason: try again in a later step, holding no session
            // and no thread meanwhile; the class budget counts from the first failure, across steps.
            Instant now = now();
            Instant since = st.retryingSince() == null ? now : st.retryingSince();
            st.retryingSince(since);
            if (access.options().retryPolicy().allowsWait(laterClass, Duration.between(since, now), later)
                    && now.plus(later).isBefore(st.deadline())) {
                emit(st, ProgressEvent.Kind.RETRY, Outcomes.describe(st) + ": " + laterClass.label() + " ("
                        + shortReason(e) + "), trying again in " + Outcomes.human(later) + " (no session held meanwhile)");
                return new Advance.Again(later);
            }
        }
        boolean transientFailure = e instanceof VspTransportException
                || (e instanceof VspApiException a && isTransient(a));
        // A long wait is not given up for a transient failure of one of its reads: it ends at its deadline.
        boolean waiting = st.phase() == Phase.POLL_JOB || st.phase() == Phase.WAIT_STATUS;
        if (transientFailure && waiting && now().isBefore(st.deadline())) {
            emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": " + e.getMessage() + "; trying again in "
                    + Outcomes.human(options.statusPollMax()) + " (deadline " + st.deadline() + ")");
            return new Advance.Again(schedule.clampToDeadline(st, options.statusPollMax()));
        }
        if (e instanceof VspApiException a) {
            if (isTransient(a)) {
                return fail(st, new ShadowImageException(Category.CONNECTION, Outcomes.describe(st) + ": " + a.getMessage()
                        + (a.retries() > 0 ? " (gave up after " + a.retries() + " retries)" : ""), a,
                        Outcomes.info(st, Outcome.FAILED, null)));
            }
            return fail(st, Outcomes.arrayRejected(st, a));
        }
        return fail(st, new ShadowImageException(Category.CONNECTION, Outcomes.describe(st) + ": " + e.getMessage(), e,
                Outcomes.info(st, Outcome.FAILED, null)));
    }

    private static String shortReason(RuntimeException e) {
        if (e instanceof VspApiException a && a.messageId() != null) {
            return a.messageId();
        }
        if (e instanceof VspApiException a) {
            return "HTTP " + a.httpStatus();
        }
        return "connection";
    }

    private boolean isTransient(VspApiException a) {
        ErrorClass c = access.options().retryPolicy().classify(a.httpStatus(), null);
        if (ErrorCatalogue.isTransient(a)) {
            return true;
        }
        return a.jobId() == null && (c == ErrorClass.UNAVAILABLE || c == ErrorClass.SERVER_ERROR);
    }

    private ClientListener clientListener(WorkingState st) {
        return e -> {
            ProgressEvent.Kind kind = switch (e.kind()) {
                case RETRY -> ProgressEvent.Kind.RETRY;
                case PERMIT_WAIT -> ProgressEvent.Kind.PERMIT_WAIT;
                case INSECURE_TLS -> ProgressEvent.Kind.WARNING;
                case RELOGIN -> ProgressEvent.Kind.INFO;
            };
            emit(st, kind, Outcomes.describe(st) + ": " + e.message());
        };
    }

    void emit(WorkingState st, ProgressEvent.Kind kind, String message) {
        emit(st, kind, message, st.lastPvolStatus(), st.lastProgress(), null);
    }

    private void emit(WorkingState st, ProgressEvent.Kind kind, String message, String status, Integer progress,
            Duration eta) {
        ProgressEvent e = new ProgressEvent(now(), kind, st.type(), st.target(), st.phase(), st.jobId(), status,
                progress, eta, message);
        try {
            listener.onEvent(e);
        } catch (RuntimeException ex) {
            LOG.log(Level.FINE, "progress listener failed", ex);
        }
    }
}
