package io.jenkins.plugins.shadowimage.core.engine;

import io.jenkins.plugins.shadowimage.core.client.ClientListener;
import io.jenkins.plugins.shadowimage.core.client.ErrorCatalogue;
import io.jenkins.plugins.shadowimage.core.client.ErrorClass;
import io.jenkins.plugins.shadowimage.core.client.RequestBudget;
import io.jenkins.plugins.shadowimage.core.client.RetryPolicy;
import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.client.VspClient;
import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.VspTransportException;
import io.jenkins.plugins.shadowimage.core.client.WrongEndpointException;
import io.jenkins.plugins.shadowimage.core.client.model.ActionParams;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroup;
import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.client.model.CreatePairSpec;
import io.jenkins.plugins.shadowimage.core.client.model.Job;
import io.jenkins.plugins.shadowimage.core.client.model.Ldev;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException.Category;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Advances an {@link OperationState} one short step at a time. Each step opens at most one REST session
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
 */
public final class OperationDriver {
    private static final Logger LOG = Logger.getLogger(OperationDriver.class.getName());
    /** How many ambiguous submits (the request may or may not have reached the array) before giving up. */
    private static final int MAX_SUBMIT_ATTEMPTS = 5;

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

    /** Gives up the operation's place in the session permit queue (after a cancel). Never throws. */
    public void abandon(OperationState st) {
        try {
            access.client().leaveQueue(st);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not leave the permit queue", e);
        }
    }

    public EngineOptions options() {
        return options;
    }

    /**
     * Does one step and mutates {@code state}. The caller persists {@code state} after every call, then
     * calls again after {@link Advance.Again#delay()}. A terminal state returns its result again.
     * Never throws for operational failures: they come back as {@link Advance.Failed}.
     */
    public Advance advance(OperationState st) {
        return advance(st, null);
    }

    /**
     * Same as {@link #advance(OperationState)}; when the step has to wait for a session permit,
     * {@code wakeUp} runs (quickly, on another thread) as soon as one is available for this operation, so
     * the caller can call again at once instead of after {@link EngineOptions#permitRetry()}.
     */
    public Advance advance(OperationState st, Runnable wakeUp) {
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
            Optional<VspSession> session = client.tryOpenSession(clientListener(st), st, wakeUp);
            if (session.isEmpty()) {
                if (!now.isBefore(st.deadline())) {
                    client.leaveQueue(st);
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
                // Steps that only follow a job or a copy yield to those that change or confirm something.
                boolean following = st.phase() == Phase.POLL_JOB || st.phase() == Phase.WAIT_STATUS;
                s.readPriority(following ? RequestBudget.Priority.POLL : RequestBudget.Priority.CONFIRM);
                step = switch (st.phase()) {
                    case CHECK -> check(s, st);
                    case SUBMIT -> submit(s, st);
                    case POLL_JOB -> pollJob(s, st);
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

    private Advance check(VspSession s, OperationState st) throws ShadowImageException {
        PairRequest r = st.request();
        switch (st.type()) {
            case STATUS -> {
                Optional<CopyPair> p = reads().pair(s, r.pairId(), options.clock(), null, sharingWindow());
                p.ifPresent(pair -> observe(st, pair));
                if (p.isPresent()) {
                    // The LDEV ids given to a status guard against reporting another pair as the expected one.
                    Outcomes.guardLdevs(st, p.get());
                }
                return done(st, p.isPresent() ? "STATUS" : "NOT_FOUND", p.orElse(null));
            }
            case CREATE -> {
                return checkCreate(s, st);
            }
            case GROUP_SPLIT, GROUP_RESYNC -> {
                return checkGroup(s, st);
            }
            case WAIT, GROUP_WAIT -> {
                return checkWait(s, st);
            }
            default -> {
                // split, resync, restore, delete
            }
        }
        // The first decision may share a read another operation made a moment ago; a later one (after a settle
        // wait) reads anew.
        Optional<CopyPair> found = st.submitAttempts() == 0
                ? reads().pair(s, r.pairId(), options.clock(), null, sharingWindow())
                : reads().readOne(s, r.pairId(), options.clock());
        if (found.isEmpty()) {
            if (st.type() == OperationType.DELETE) {
                emit(st, ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": the pair does not exist; nothing to delete");
                return done(st, "NOT_FOUND", null);
            }
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": the pair does not exist"
                    + " on " + st.arrayKey() + ". Check the copy group, device group and pair names (names are "
                    + "case-sensitive)");
        }
        CopyPair p = found.get();
        if (st.type() == OperationType.SPLIT && st.submitAttempts() == 0 && PairStatus.isSplit(p.pvolStatus())) {
            // Split before this run: its freeze time is unknown, only bounded by this read.
            st.foundSplit(now());
        }
        observe(st, p);
        warnIfUnknown(st, p);
        Outcomes.guardLdevs(st, p);
        String status = p.pvolStatus();
        st.statusBeforeSubmit(status);
        switch (st.type()) {
            case SPLIT -> {
                st.targetStatus(TargetStatus.PSUS);
                if (PairStatus.isSplit(status)) {
                    // After a settle wait (submitAttempts > 0) the split is ours.
                    String outcome = st.submitAttempts() > 0 ? "SPLIT" : "ALREADY_SPLIT";
                    if (Outcomes.reached(st, p)) {
                        return done(st, outcome, p);
                    }
                    st.outcome(outcome);
                    emit(st, ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": the pair is " + Outcomes.statuses(p)
                            + "; waiting until both volumes are split");
                    return startWait(st);
                }
                if (PairStatus.isSuspendedByError(status)) {
                    throw Outcomes.psue(st, p, "split");
                }
                if (PairStatus.isRestoring(status)) {
                    throw Outcomes.rejected(st, p, "a restore is in progress (RCPY); wait for PAIR, then split");
                }
            }
            case RESYNC -> {
                st.targetStatus(TargetStatus.PAIR);
                if (Outcomes.reached(st, p)) {
                    return done(st, "NO_CHANGE", p);
                }
                if (!Outcomes.settled(p)) {
                    // COPY/RCPY: a resync is a no-op there; wait until the pair settles and decide again.
                    return settle(st, Outcomes.statuses(p));
                }
                if (PairStatus.isSuspendedByError(status)) {
                    emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": the pair is PSUE; the resync copies the "
                            + "whole P-VOL (progress starts at 0 %)");
                }
            }
            case RESTORE -> {
                st.targetStatus(TargetStatus.PAIR);
                if (PairStatus.isSplit(status) && !Outcomes.settled(p)) {
                    // A split still reaching the S-VOL: restore from PSUS/SSUS only.
                    return settle(st, Outcomes.statuses(p));
                }
                if (!PairStatus.isSplit(status)) {
                    throw Outcomes.rejected(st, p, "restore is allowed only from PSUS (split); the pair is " + status
                            + (PairStatus.isPair(status) ? ": split it first" : ""));
                }
            }
            case DELETE -> st.targetStatus(TargetStatus.GONE);
            default -> throw new IllegalStateException(st.type().name());
        }
        return toSubmit(st);
    }

    private Advance checkCreate(VspSession s, OperationState st) throws ShadowImageException {
        PairRequest r = st.request();
        boolean autoSplit = Boolean.TRUE.equals(r.autoSplit());
        st.targetStatus(r.waitFor() == WaitFor.ACCEPTED ? TargetStatus.COPY : autoSplit ? TargetStatus.PSUS : TargetStatus.PAIR);
        // One read answers both "does the group exist?" and "does the pair exist?".
        Optional<CopyGroup> group = s.findCopyGroup(r.groupId());
        Optional<CopyPair> existing = group.isEmpty() ? Optional.empty()
                : group.get().copyPairs().isEmpty() ? s.findPair(r.pairId())
                : group.get().copyPairs().stream().filter(p -> r.copyPairName().equals(p.copyPairName())).findFirst();
        if (existing.isPresent()) {
            CopyPair p = existing.get();
            if (st.submitAttempts() == 0 && PairStatus.isSplit(p.pvolStatus())) {
                // Split before this run: its freeze time is unknown, only bounded by this read.
                st.foundSplit(now());
            }
            observe(st, p);
            Outcomes.requireSameVolumes(st, p);
            // A create that already split its existing pair (a later CHECK after a settle wait) says so.
            st.outcome(st.action() == OperationType.SPLIT ? "ALREADY_EXISTS_THEN_SPLIT" : "ALREADY_EXISTS");
            emit(st, ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": the pair already exists (" + Outcomes.statuses(p) + ")");
            if (PairStatus.isSuspendedByError(p.pvolStatus())) {
                throw Outcomes.psue(st, p, "create");
            }
            if (autoSplit && PairStatus.isPair(p.pvolStatus()) && Outcomes.settled(p)) {
                // The create's target is a split pair: split the existing one, as a split would.
                emit(st, ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": splitting the existing pair (autoSplit)");
                st.outcome("ALREADY_EXISTS_THEN_SPLIT");
                st.splitExisting();
                st.statusBeforeSubmit(p.pvolStatus());
                return toSubmit(st);
            }
            if (!Outcomes.settled(p) && !TargetStatus.COPY.equals(st.targetStatus())) {
                // COPY, a deletion in progress or an unknown status: wait until it settles, then decide again
                // (a pair that went away is created; a stable one is reported as it is).
                return settle(st, Outcomes.statuses(p));
            }
            if (!Outcomes.reached(st, p) && !TargetStatus.COPY.equals(st.targetStatus())) {
                emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": the existing pair is " + p.pvolStatus()
                        + ", not " + st.targetStatus() + " as this create would have left it"
                        + (PairStatus.isPair(p.pvolStatus()) ? "; split it if you need a frozen copy"
                                : "; resync it if you need a fresh copy"));
            }
            return done(st, st.outcome(), p);
        }
        Map<Integer, Ldev> listed = nearbyLdevs(s, r.pvolLdevId(), r.svolLdevId());
        Ldev pvol = ldev(s, st, r.pvolLdevId(), "P-VOL", listed);
        Ldev svol = ldev(s, st, r.svolLdevId(), "S-VOL", listed);
        if (pvol.blockCapacity() != null && svol.blockCapacity() != null
                && !pvol.blockCapacity().equals(svol.blockCapacity())) {
            throw new ShadowImageException(Category.VALIDATION, Outcomes.describe(st) + ": P-VOL " + pvol.ldevId() + " has "
                    + pvol.blockCapacity() + " blocks but S-VOL " + svol.ldevId() + " has " + svol.blockCapacity()
                    + "; ShadowImage needs volumes of exactly the same capacity");
        }
        if (r.dataReductionForceCopy() != null) {
            st.forceCopy(r.dataReductionForceCopy());
        } else if (pvol.usesCapacitySaving()) {
            st.forceCopy(Boolean.TRUE);
            emit(st, ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": P-VOL " + pvol.ldevId() + " uses capacity saving ("
                    + pvol.dataReductionMode() + "); setting isDataReductionForceCopy");
        }
        st.newGroup(group.isEmpty());
        st.statusBeforeSubmit(null);
        return toSubmit(st);
    }

    private Advance checkGroup(VspSession s, OperationState st) throws ShadowImageException {
        PairRequest r = st.request();
        boolean split = st.type() == OperationType.GROUP_SPLIT;
        st.targetStatus(split ? TargetStatus.PSUS : TargetStatus.PAIR);
        CopyGroup g = s.findCopyGroup(r.groupId()).orElseThrow(() -> new ShadowImageException(
                Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": the copy group does not exist on " + st.arrayKey()));
        List<CopyPair> pairs = usable(st, g.copyPairs());
        if (pairs.isEmpty()) {
            pairs = groupPairs(s, st);
        }
        if (pairs.isEmpty()) {
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": the copy group has no pairs");
        }
        List<String> bad = new ArrayList<>();
        boolean allThere = true;
        for (CopyPair p : pairs) {
            st.memberStatus(p.copyPairName(), p.pvolStatus());
            st.memberStatusBefore(p.copyPairName(), p.pvolStatus());
            if (split && st.submitAttempts() == 0 && PairStatus.isSplit(p.pvolStatus())) {
                // Split before this run: its freeze time is unknown, only bounded by this read.
                st.alreadySplitMember(p.copyPairName());
                st.foundSplit(now());
            }
            if (split && (PairStatus.isSuspendedByError(p.pvolStatus()) || PairStatus.isRestoring(p.pvolStatus()))) {
                bad.add(p.copyPairName() + " is " + p.pvolStatus());
            }
            allThere &= Outcomes.reached(st, p);
        }
        if (!bad.isEmpty()) {
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": cannot split the group: "
                    + String.join(", ", bad) + ". Resync (PSUE) or wait for the restore (RCPY) first",
                    null, Outcomes.group(st, pairs, "NO_CHANGE", now()));
        }
        boolean allSplitBefore = split && st.alreadySplitMembers().size() == pairs.size();
        if (allThere) {
            // After a settle wait (submitAttempts > 0) the change is ours.
            return doneGroup(st, st.submitAttempts() > 0 ? Outcomes.successOutcome(st.type())
                    : allSplitBefore ? "ALREADY_SPLIT" : "NO_CHANGE", pairs);
        }
        if (st.submitAttempts() == 0 && !anyMemberNeedsAction(st, pairs)) {
            // Every pair is on its way to the target (e.g. PSUS/COPY): nothing to send, wait for both volumes.
            st.outcome(allSplitBefore ? "ALREADY_SPLIT" : Outcomes.successOutcome(st.type()));
            return startWait(st);
        }
        st.statusBeforeSubmit(null);
        return toSubmit(st);
    }

    /** A wait reads the pair or group and is done, fails (PSUE, no pair), or waits; it never submits anything. */
    private Advance checkWait(VspSession s, OperationState st) throws ShadowImageException {
        String target = st.targetStatus();
        boolean gone = TargetStatus.GONE.equals(target);
        if (st.type().isPairLevel()) {
            Optional<CopyPair> found = s.findPair(st.request().pairId());
            if (found.isEmpty()) {
                if (gone) {
                    return done(st, Outcomes.successOutcome(st.type()), null);
                }
                throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": the pair does not "
                        + "exist on " + st.arrayKey() + ", so it cannot reach " + target + ". Check the copy group, device "
                        + "group and pair names (names are case-sensitive)");
            }
            CopyPair p = found.get();
            observe(st, p);
            warnIfUnknown(st, p);
            Outcomes.guardLdevs(st, p);
            if (Outcomes.reached(st, p)) {
                return done(st, Outcomes.successOutcome(st.type()), p);
            }
            if (!gone && (PairStatus.isSuspendedByError(p.pvolStatus()) || PairStatus.isSuspendedByError(p.svolStatus()))) {
                throw Outcomes.psue(st, p, "wait for " + target);
            }
            return startWait(st);
        }
        List<CopyPair> pairs = groupPairs(s, st);
        if (pairs.isEmpty()) {
            if (gone) {
                return doneGroup(st, Outcomes.successOutcome(st.type()), pairs);
            }
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": the copy group does not "
                    + "exist or has no pairs on " + st.arrayKey() + ", so no pair can reach " + target);
        }
        List<String> failed = new ArrayList<>();
        for (CopyPair p : pairs) {
            st.memberStatus(p.copyPairName(), p.pvolStatus());
            if (!gone && PairStatus.isSuspendedByError(p.pvolStatus())) {
                failed.add(p.copyPairName());
            }
        }
        if (pairs.stream().allMatch(p -> Outcomes.reached(st, p))) {
            return doneGroup(st, Outcomes.successOutcome(st.type()), pairs);
        }
        if (!failed.isEmpty()) {
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": " + String.join(", ", failed)
                    + " " + (failed.size() == 1 ? "is" : "are") + " PSUE (suspended by a failure) and cannot reach " + target
                    + " by itself; resync " + (failed.size() == 1 ? "it" : "them") + " first", null,
                    Outcomes.group(st, pairs, "FAILED", now()));
        }
        return startWait(st);
    }

    private Advance settle(OperationState st, String status) {
        emit(st, ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": the pair is " + status + "; waiting for it to settle");
        st.targetStatus(TargetStatus.SETTLED);
        st.phase(Phase.WAIT_STATUS);
        st.startWait(now());
        return new Advance.Again(options.statusPollMin());
    }

    /** Arms the submit: from now on the request may have been sent, so every later step reconciles first. */
    private Advance toSubmit(OperationState st) {
        st.submitAttempted();
        st.phase(Phase.SUBMIT);
        // The first SUBMIT right after this CHECK, in this process, may skip reading the pair back; a state
        // read back from storage (a resume after a crash) never carries the mark.
        st.justChecked(st.submitAttempts() == 1);
        return new Advance.Again(Duration.ZERO);
    }

    // ------------------------------------------------------------------ SUBMIT

    private Advance submit(VspSession s, OperationState st) throws ShadowImageException {
        PairRequest r = st.request();
        if (!st.type().isPairLevel()) {
            return submitGroup(s, st);
        }
        boolean justChecked = st.takeJustChecked() && st.submitAttempts() == 1;
        if (!justChecked) {
            // The request may have been sent by a step whose state change was lost: read back first.
            Optional<CopyPair> found = reads().readOne(s, r.pairId(), options.clock());
            found.ifPresent(p -> observe(st, p));
            Optional<Advance> reconciled = reconcile(st, found.orElse(null));
            if (reconciled.isPresent()) {
                return reconciled.get();
            }
        }
        if (st.submitAttempts() > MAX_SUBMIT_ATTEMPTS) {
            throw new ShadowImageException(Category.CONNECTION, Outcomes.describe(st) + ": the request could not be confirmed "
                    + "after " + MAX_SUBMIT_ATTEMPTS + " attempts; check the pair, then run the operation again");
        }
        ActionParams params = new ActionParams(r.copyPace(), r.quickMode(), null);
        Job job;
        try {
            job = switch (st.action()) {
                case CREATE -> s.createPair(createSpec(st));
                case SPLIT -> s.splitPair(r.pairId(), params);
                case RESYNC -> s.resyncPair(r.pairId(), params);
                case RESTORE -> s.restorePair(r.pairId(), params);
                case DELETE -> s.deletePair(r.pairId());
                default -> throw new IllegalStateException(st.type().name());
            };
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
            return rejectedOrReconciled(s, st, e);
        }
        return accepted(s, st, job);
    }

    private Advance submitGroup(VspSession s, OperationState st) throws ShadowImageException {
        PairRequest r = st.request();
        boolean justChecked = st.takeJustChecked() && st.submitAttempts() == 1;
        List<CopyPair> pairs = justChecked ? List.of() : groupPairs(s, st);
        if (!pairs.isEmpty()) {
            boolean all = true;
            for (CopyPair p : pairs) {
                st.memberStatus(p.copyPairName(), p.pvolStatus());
                all &= Outcomes.reached(st, p);
            }
            if (all) {
                return doneGroup(st, st.type() == OperationType.GROUP_SPLIT ? "SPLIT" : "RESYNCED", pairs);
            }
            if (!anyMemberNeedsAction(st, pairs)) {
                // An earlier attempt went through: every pair is at the target or on its way there.
                return startWait(st);
            }
            if (st.type() == OperationType.GROUP_SPLIT && pairs.stream().noneMatch(p -> PairStatus.isPair(p.pvolStatus()))
                    && pairs.stream().anyMatch(p -> PairStatus.isCopy(p.pvolStatus()))) {
                // Members that were in their initial copy may be splitting already (COPY(SP)) after a lost
                // step; another split would be refused. Wait until the group settles, then decide again.
                return settle(st, "COPY");
            }
        }
        if (st.submitAttempts() > MAX_SUBMIT_ATTEMPTS) {
            throw new ShadowImageException(Category.CONNECTION, Outcomes.describe(st) + ": the request could not be confirmed "
                    + "after " + MAX_SUBMIT_ATTEMPTS + " attempts; check the group, then run the operation again");
        }
        ActionParams params = new ActionParams(r.copyPace(), r.quickMode(), null);
        Job job;
        try {
            job = st.type() == OperationType.GROUP_SPLIT ? s.splitGroup(r.groupId(), params)
                    : s.resyncGroup(r.groupId(), params);
        } catch (VspTransportException e) {
            if (e.getCause() instanceof InterruptedException || e.retryLater() != null) {
                throw e;
            }
            return ambiguous(st, e.getMessage());
        } catch (VspApiException e) {
            if (e.retryLater() != null) {
                throw e;
            }
            if ((e.httpStatus() == 500 || e.httpStatus() == 502) && e.mayBeResent()) {
                return ambiguous(st, e.getMessage());
            }
            if (!anyMemberNeedsAction(st, groupPairs(s, st))) {
                return startWait(st);
            }
            throw Outcomes.arrayRejected(st, e);
        }
        return accepted(s, st, job);
    }

    /**
     * Whether some pair of the group still needs the group action: for a split, a pair in PAIR, or in COPY
     * that was already COPY when the operation decided (an initial copy, not our steady split); for a
     * resync, a pair in PSUS/SSUS/PSUE. Pairs at the target or on their way there (COPY after PAIR for a
     * split, COPY for a resync) do not.
     */
    private static boolean anyMemberNeedsAction(OperationState st, List<CopyPair> pairs) {
        for (CopyPair p : pairs) {
            String status = p.pvolStatus();
            boolean needs;
            if (st.type() == OperationType.GROUP_SPLIT) {
                String before = st.memberStatusBefore(p.copyPairName());
                needs = PairStatus.isPair(status) || (PairStatus.isCopy(status) && !PairStatus.isPair(before));
            } else {
                needs = PairStatus.isSplit(status) || PairStatus.isSuspendedByError(status);
            }
            if (needs) {
                return true;
            }
        }
        return pairs.isEmpty();
    }

    /** The request may or may not have been executed: read back at the next step before anything else. */
    private Advance ambiguous(OperationState st, String why) {
        st.submitAttempted();
        emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": no clear answer to the request (" + why
                + "); reading the pair back before trying again");
        return new Advance.Again(options.statusPollMin());
    }

    /**
     * What to do given the pair as read in the SUBMIT phase (the request may have been sent before): empty
     * to send the request, or the next step.
     */
    private Optional<Advance> reconcile(OperationState st, CopyPair p) throws ShadowImageException {
        String before = st.statusBeforeSubmit();
        String status = p == null ? null : p.pvolStatus();
        switch (st.action()) {
            case CREATE -> {
                if (p == null) {
                    return Optional.empty();
                }
                Outcomes.requireSameVolumes(st, p);
                emit(st, ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": the pair exists (" + status
                        + "); continuing with it instead of sending the create again");
                st.outcome("CREATED");
                return Optional.of(startWait(st));
            }
            case DELETE -> {
                if (p == null) {
                    return Optional.of(done(st, "DELETED", null));
                }
                if (PairStatus.isDeleting(status) || PairStatus.of(status) == PairStatus.SMPL) {
                    return Optional.of(startWait(st));
                }
                return Optional.empty();
            }
            default -> {
                // pair actions below
            }
        }
        if (p == null) {
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st)
                    + ": the pair disappeared (deleted by someone else?)");
        }
        switch (st.action()) {
            case SPLIT -> {
                if (PairStatus.isSplit(status)) {
                    // Both volumes split: done; the S-VOL still copying: the split is under way.
                    return Optional.of(Outcomes.reached(st, p) ? done(st, st.outcome() == null ? "SPLIT" : st.outcome(), p)
                            : startWait(st));
                }
                if (PairStatus.isSuspendedByError(status)) {
                    throw Outcomes.psue(st, p, "split");
                }
                if (PairStatus.isCopy(status) && PairStatus.isPair(before)) {
                    return Optional.of(startWait(st));
                }
                if (PairStatus.isCopy(status)) {
                    // Decided during the initial copy: a split sent by a lost step would now be running (COPY(SP))
                    // and refuses another one. Wait until the pair settles, then decide again (PSUS: done; PAIR:
                    // the split was lost, send it).
                    return Optional.of(settle(st, status));
                }
            }
            case RESYNC -> {
                if (PairStatus.isPair(status)) {
                    return Optional.of(Outcomes.reached(st, p) ? done(st, "RESYNCED", p) : startWait(st));
                }
                if (PairStatus.isCopy(status) && !PairStatus.isCopy(before)) {
                    return Optional.of(startWait(st));
                }
            }
            case RESTORE -> {
                if (PairStatus.isRestoring(status)) {
                    return Optional.of(startWait(st));
                }
                if (PairStatus.isPair(status)) {
                    emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": the pair is already PAIR; the restore "
                            + "sent before an interruption has completed");
                    return Optional.of(Outcomes.reached(st, p) ? done(st, "RESTORED", p) : startWait(st));
                }
                if (!PairStatus.isSplit(status)) {
                    throw Outcomes.rejected(st, p, "restore is allowed only from PSUS (split); the pair is " + status);
                }
            }
            default -> throw new IllegalStateException(st.type().name());
        }
        return Optional.empty();
    }

    /** The array refused the request synchronously: maybe because an earlier attempt went through. */
    private Advance rejectedOrReconciled(VspSession s, OperationState st, VspApiException e) throws ShadowImageException {
        // A 5xx with the array's error object: read back once whether the request took effect, never re-send it.
        if (st.submitAttempts() > 1 || e.httpStatus() / 100 == 5) {
            Optional<CopyPair> p = s.findPair(st.request().pairId());
            p.ifPresent(pair -> observe(st, pair));
            if (p.isPresent() || st.type() == OperationType.DELETE) {
                Optional<Advance> next = afterFailure(st, p.orElse(null), false);
                if (next.isPresent()) {
                    return next.get();
                }
            }
        }
        if (st.type() == OperationType.CREATE && s.findPair(st.request().pairId()).isEmpty()) {
            Optional<Advance> joined = joinGroupCreatedMeanwhile(s, st, e);
            if (joined.isPresent()) {
                return joined.get();
            }
        }
        throw Outcomes.arrayRejected(st, e);
    }

    /**
     * After a failed job or rejection: whether the pair shows that the operation happened anyway.
     * {@code jobMayHaveWorked}: the job ended without saying Failed (e.g. Unknown), so a change on its way is ours.
     */
    private Optional<Advance> afterFailure(OperationState st, CopyPair p, boolean jobMayHaveWorked)
            throws ShadowImageException {
        String status = p == null ? null : p.pvolStatus();
        switch (st.action()) {
            case CREATE -> {
                if (p != null && Outcomes.sameVolumes(st, p)) {
                    st.outcome("CREATED");
                    return Optional.of(startWait(st));
                }
            }
            case DELETE -> {
                if (p == null) {
                    return Optional.of(done(st, "DELETED", null));
                }
            }
            case SPLIT -> {
                if (PairStatus.isSplit(status) || (PairStatus.isCopy(status) && PairStatus.isPair(st.statusBeforeSubmit()))) {
                    return Optional.of(startWait(st));
                }
                if (PairStatus.isCopy(status)) {
                    return Optional.of(settle(st, status));
                }
            }
            case RESYNC -> {
                if (PairStatus.isPair(status) || PairStatus.isCopy(status)) {
                    return Optional.of(startWait(st));
                }
            }
            case RESTORE -> {
                if (PairStatus.isRestoring(status) && (st.submitAttempts() > 1 || jobMayHaveWorked)) {
                    return Optional.of(startWait(st));
                }
            }
            default -> {
            }
        }
        return Optional.empty();
    }

    private CreatePairSpec createSpec(OperationState st) {
        PairRequest r = st.request();
        Integer ctg = r.consistencyGroupId();
        return new CreatePairSpec(r.copyGroupName(), r.copyPairName(), "SI", r.pvolLdevId(), r.svolLdevId(),
                st.newGroup() == null ? Boolean.TRUE : st.newGroup(), r.pvolDeviceGroupName(), r.svolDeviceGroupName(),
                r.pvolMuNumber(), r.copyPace(), r.autoSplit(), r.quickMode(), ctg == null ? null : Boolean.TRUE, ctg,
                st.forceCopy());
    }

    private Advance accepted(VspSession s, OperationState st, Job job) throws ShadowImageException {
        st.job(job.jobId(), now());
        emit(st, ProgressEvent.Kind.JOB_ACCEPTED, Outcomes.describe(st) + ": accepted as job " + job.jobId()
                + " (" + job.status() + "/" + job.state() + ")");
        st.phase(Phase.POLL_JOB);
        if (job.isCompleted()) {
            return jobCompleted(s, st, job);
        }
        return new Advance.Again(schedule.firstJobPoll(st));
    }

    // ------------------------------------------------------------------ POLL_JOB

    private Advance pollJob(VspSession s, OperationState st) throws ShadowImageException {
        Job job;
        try {
            job = s.job(st.jobId());
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
            if (found.isEmpty() && st.type() == OperationType.DELETE) {
                emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": job " + job.jobId() + " is still "
                        + jobState(job) + ", but the pair is gone: the delete took effect");
                return done(st, "DELETED", null);
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
                        && st.type() != OperationType.DELETE) {
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

    private Advance jobCompleted(VspSession s, OperationState st, Job job) throws ShadowImageException {
        if (job.isSucceeded()) {
            Optional<String> foreign = AffectedResources.foreign(st, job);
            if (foreign.isPresent()) {
                throw foreignJob(st, job, foreign.get());
            }
            if (st.request().waitFor() == WaitFor.ACCEPTED) {
                st.outcome("ACCEPTED");
            } else if (st.outcome() == null) {
                st.outcome(Outcomes.successOutcome(st.type()));
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
        if (!st.type().isPairLevel()) {
            if (!anyMemberNeedsAction(st, groupPairs(s, st))) {
                emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": job " + job.jobId() + " ended "
                        + jobState(job) + ", but the pairs show that the operation took effect");
                return startWait(st);
            }
            if (retry.isPresent()) {
                return retryJob(st, job, retry.get());
            }
            throw jobRejected(st, job, error);
        }
        Optional<CopyPair> p = reads().readOne(s, st.request().pairId(), options.clock());
        p.ifPresent(pair -> observe(st, pair));
        if (p.isPresent() ? targetHolds(st, p.get()) : st.action() == OperationType.DELETE) {
            emit(st, ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": job " + job.jobId() + " ended "
                    + jobState(job) + (error.messageId() == null ? "" : " (" + error.messageId() + ")") + ", but the pair "
                    + (p.isPresent() ? "is " + p.get().pvolStatus() + ", the target of this operation" : "is gone")
                    + ": it took effect");
            return done(st, successOutcome(st), p.orElse(null));
        }
        // A create that finds its pair, or a delete that finds it gone, succeeded whatever the job says (an earlier
        // attempt, or someone else, did it); after a Failed job, other operations only after a repeated submit or a
        // retryable error (the pair then shows whether the attempt went through).
        if (!failed || retry.isPresent() || st.submitAttempts() > 1 || st.action() == OperationType.CREATE
                || st.action() == OperationType.DELETE) {
            Optional<Advance> next = afterFailure(st, p.orElse(null), !failed);
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
        Optional<Advance> joined = joinGroupCreatedMeanwhile(s, st, error);
        if (joined.isPresent()) {
            return joined.get();
        }
        throw jobRejected(st, job, error);
    }

    /** {@code Completed/Failed}. */
    private static String jobState(Job job) {
        return job.status() + "/" + job.state();
    }

    /** The outcome of an operation whose target holds. */
    private static String successOutcome(OperationState st) {
        if (st.request().waitFor() == WaitFor.ACCEPTED) {
            return "ACCEPTED";
        }
        return st.outcome() != null ? st.outcome() : Outcomes.successOutcome(st.type());
    }

    /** Whether the pair is at this operation's target, and (for a create) is the requested one. */
    private static boolean targetHolds(OperationState st, CopyPair p) {
        if (st.targetStatus() == null || TargetStatus.SETTLED.equals(st.targetStatus())
                || TargetStatus.GONE.equals(st.targetStatus())) {
            return false;
        }
        return Outcomes.reached(st, p) && (st.type() != OperationType.CREATE || Outcomes.sameVolumes(st, p));
    }

    /**
     * When a failed job's error is one the request loop retries (a lock or busy inside the job, classified by
     * {@code RetryPolicy} like a request's error): the delay before sending again, within that class's budget
     * counted from the first such job of this operation. Empty when not retryable or the budget is spent.
     */
    private Optional<Duration> retryDelay(OperationState st, Job job) {
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
    private Advance retryJob(OperationState st, Job job, Duration delay) {
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
    private ShadowImageException jobRejected(OperationState st, Job job, VspApiException error) {
        ErrorClass c = job.error() == null ? ErrorClass.FATAL : access.options().retryPolicy().classify(0, job.error());
        if (c != ErrorClass.FATAL && st.jobRetries() > 0) {
            return new ShadowImageException(Category.CONNECTION, Outcomes.describe(st) + ": " + c.label() + " ("
                    + jobErrorCodes(job) + "): gave up after " + st.jobRetries() + " retries since "
                    + st.jobRetryingSince() + ": " + error.getMessage() + Outcomes.jobErrorDetails(error)
                    + ". Run the operation again once the array is free", error, Outcomes.info(st, "FAILED", null));
        }
        return Outcomes.arrayRejected(st, error);
    }

    /** A succeeded job that says it changed another object: stop, and send nothing more for this operation. */
    private static ShadowImageException foreignJob(OperationState st, Job job, String resource) {
        PairRequest r = st.request();
        String ours = st.type().isPairLevel() ? "this pair (" + r.pairId()
                + (r.pvolLdevId() == null ? "" : ", P-VOL " + r.pvolLdevId() + ", S-VOL " + r.svolLdevId()) + ")"
                : "this copy group (" + r.groupId() + ")";
        return new ShadowImageException(Category.INTERNAL, Outcomes.describe(st) + ": job " + job.jobId()
                + " succeeded but reports that it changed " + resource + ", not " + ours
                + (job.request() == null ? "" : "; the job's request was " + job.request()) + ". Nothing more is sent "
                + "for this operation: check on the array what job " + job.jobId() + " did and the state of both "
                + "objects before running it again", null, Outcomes.info(st, "FAILED", null));
    }

    /**
     * A create asked for a new copy group and was refused: when the group exists now (another create made it
     * meanwhile) with our device groups, the pair is created into it; with others, the error names the difference.
     */
    private Optional<Advance> joinGroupCreatedMeanwhile(VspSession s, OperationState st, VspApiException error)
            throws ShadowImageException {
        if (st.type() != OperationType.CREATE || Boolean.FALSE.equals(st.newGroup())) {
            return Optional.empty();
        }
        PairRequest r = st.request();
        Optional<CopyGroup> group = s.copyGroups().stream()
                .filter(g -> r.copyGroupName().equals(g.copyGroupName())).findFirst();
        if (group.isEmpty()) {
            return Optional.empty();
        }
        CopyGroup g = group.get();
        if (!r.effectivePvolDeviceGroupName().equals(g.pvolDeviceGroupName())
                || !r.effectiveSvolDeviceGroupName().equals(g.svolDeviceGroupName())) {
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": the copy group "
                    + r.copyGroupName() + " was created meanwhile with P-VOL device group " + g.pvolDeviceGroupName()
                    + " and S-VOL device group " + g.svolDeviceGroupName() + ", but this create asks for "
                    + r.effectivePvolDeviceGroupName() + " and " + r.effectiveSvolDeviceGroupName()
                    + ". Use the group's device group names, or another copy group name. The array said: "
                    + error.getMessage(), error, Outcomes.info(st, "FAILED", null));
        }
        st.newGroup(false);
        emit(st, ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": the copy group " + g.localCloneCopygroupId()
                + " was created meanwhile (by a concurrent create); creating the pair into it");
        st.phase(Phase.SUBMIT);
        return Optional.of(new Advance.Again(Duration.ZERO));
    }

    private Advance finishAccepted(VspSession s, OperationState st) {
        if (st.type().isPairLevel()) {
            // Read after the job's end (never shared from before), and remembered for the next operation.
            Optional<CopyPair> p = reads().readOne(s, st.request().pairId(), options.clock());
            p.ifPresent(pair -> observe(st, pair));
            return done(st, "ACCEPTED", p.orElse(null));
        }
        return doneGroup(st, "ACCEPTED", groupPairs(s, st));
    }

    // ------------------------------------------------------------------ dry run

    /** A dry run's CHECK decided to send or to wait: that is the plan, and the dry run ends here. */
    private Advance planned(OperationState st) {
        PairRequest r = st.request();
        DryRunPlan.Decision decision = st.phase() == Phase.SUBMIT ? DryRunPlan.Decision.SEND
                : TargetStatus.SETTLED.equals(st.targetStatus()) ? DryRunPlan.Decision.WAIT_THEN_DECIDE
                : DryRunPlan.Decision.WAIT;
        String method = null;
        String path = null;
        java.util.Map<String, Object> parameters = new java.util.LinkedHashMap<>();
        if (decision == DryRunPlan.Decision.SEND) {
            OperationType action = st.action();
            String pair = r.copyPairName() == null ? null : "/local-clone-copypairs/" + r.pairId();
            String group = "/local-clone-copygroups/" + r.groupId();
            method = action == OperationType.DELETE ? "DELETE" : "POST";
            path = switch (action) {
                case CREATE -> "/local-clone-copypairs";
                case SPLIT -> pair + "/actions/split/invoke";
                case RESYNC -> pair + "/actions/resync/invoke";
                case RESTORE -> pair + "/actions/restore/invoke";
                case DELETE -> pair;
                case GROUP_SPLIT -> group + "/actions/split/invoke";
                case GROUP_RESYNC -> group + "/actions/resync/invoke";
                default -> throw new IllegalStateException(action.name());
            };
            if (action == OperationType.CREATE) {
                CreatePairSpec spec = createSpec(st);
                put(parameters, "copyGroupName", spec.copyGroupName());
                put(parameters, "copyPairName", spec.copyPairName());
                put(parameters, "pvolLdevId", spec.pvolLdevId());
                put(parameters, "svolLdevId", spec.svolLdevId());
                put(parameters, "isNewGroupCreation", spec.isNewGroupCreation());
                put(parameters, "pvolMuNumber", spec.pvolMuNumber());
                put(parameters, "copyPace", spec.copyPace());
                put(parameters, "autoSplit", spec.autoSplit());
                put(parameters, "quickMode", spec.quickMode());
                put(parameters, "consistencyGroupId", spec.consistencyGroupId());
                put(parameters, "isDataReductionForceCopy", spec.isDataReductionForceCopy());
            } else if (action != OperationType.DELETE) {
                put(parameters, "copyPace", r.copyPace());
                put(parameters, "quickMode", r.quickMode());
            }
        }
        String target = decision == DryRunPlan.Decision.WAIT_THEN_DECIDE ? "a settled status" : waitsFor(st.targetStatus());
        DryRunPlan plan = new DryRunPlan(decision, method, path, parameters, target, refusals(st.action()),
                st.lastPvolStatus(), st.lastSvolStatus());
        st.dryRunPlan(plan);
        st.outcome("DRY_RUN");
        PairInfo info = Outcomes.info(st, "DRY_RUN", null);
        st.done(info);
        emit(st, ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": dry run: " + plan.describe());
        return new Advance.Done(info);
    }

    private static void put(java.util.Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
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
    private static List<String> refusals(OperationType action) {
        List<String> why = new ArrayList<>();
        why.add("the pair or its volumes changed between the dry run and the real run");
        why.add("the user lacks the Storage Administrator (Local Copy) role or the resource is locked by another user");
        switch (action) {
            case CREATE -> {
                why.add("an LDEV is in use by another pair, a command device, or not of the same capacity at submit time");
                why.add("no free MU number on the P-VOL (at most 3 ShadowImage pairs per P-VOL)");
            }
            case SPLIT, GROUP_SPLIT -> why.add("a pair is PSUE or being restored (RCPY) when the request arrives");
            case RESTORE -> why.add("the pair is not PSUS when the request arrives (restore only from a split pair)");
            default -> {
            }
        }
        return why;
    }

    // ------------------------------------------------------------------ WAIT_STATUS

    private Advance startWait(OperationState st) {
        if (st.outcome() == null) {
            st.outcome(Outcomes.successOutcome(st.type()));
        }
        st.phase(Phase.WAIT_STATUS);
        st.startWait(now());
        return new Advance.Again(Duration.ZERO);
    }

    private Advance waitStatus(VspSession s, OperationState st) throws ShadowImageException {
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
                return done(st, st.outcome() == null ? "DELETED" : st.outcome(), null);
            }
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": the pair disappeared while "
                    + "waiting for " + target + " (deleted by someone else?)", null, Outcomes.info(st, "FAILED", null));
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

    private Advance waitGroup(VspSession s, OperationState st) throws ShadowImageException {
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
                    + "keep waiting (it is idempotent)", null, Outcomes.group(st, pairs, "TIMEOUT", now()));
        }
        return new Advance.Again(pace(st, schedule.statusDelay(st, null)));
    }

    private Instant now() {
        return schedule.now();
    }

    private StatusReads reads() {
        return access.statusReads();
    }

    /** How old a read another operation made may be to serve this one: half the shortest poll. */
    private Duration sharingWindow() {
        return options.statusPollMin().dividedBy(2);
    }

    /** The next status poll: on the group's round when the read is shared, never after the deadline. */
    private Duration pace(OperationState st, Duration wanted) {
        PairRequest r = st.request();
        return schedule.clampToDeadline(st, reads().nextPoll(st.type().isPairLevel() ? r.pairId() : null, r.groupId(),
                now(), wanted, options.statusPollMin()));
    }

    /** The operation waits no more: its group's round no longer counts it. */
    private void leaveRound(OperationState st) {
        PairRequest r = st.request();
        try {
            reads().finished(st.type().isPairLevel() && r.copyPairName() != null ? r.pairId() : null, r.groupId());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not leave the status round", e);
        }
    }

    /** The pairs of the operation's copy group, without degraded entries. */
    private List<CopyPair> groupPairs(VspSession s, OperationState st) {
        return usable(st, s.listPairs(st.request().groupId(), false));
    }

    /**
     * Drops the entries of a group list that name no pair or no LDEVs (some arrays list such entries; Hitachi's
     * Ansible collection filters them out too): they are no pair this operation can act on or wait for.
     * Reported once while their number stays the same, not at every poll.
     */
    private List<CopyPair> usable(OperationState st, List<CopyPair> listed) {
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
    private void warnIfUnknown(OperationState st, CopyPair p) {
        if (PairStatus.of(p.pvolStatus()).isUnknown() || (p.svolStatus() != null && PairStatus.of(p.svolStatus()).isUnknown())) {
            String message = Outcomes.describe(st) + ": " + (p.copyPairName() == null ? "the pair" : "pair " + p.copyPairName())
                    + " reports " + Outcomes.statuses(p) + " (P-VOL/S-VOL); waiting for a known status until " + st.deadline();
            LOG.info(message);
            emit(st, ProgressEvent.Kind.WARNING, message);
        }
    }

    // ------------------------------------------------------------------ results and errors

    /** Records what was read; returns whether a volume's status or the progress changed. */
    private boolean observe(OperationState st, CopyPair p) {
        boolean changed = !java.util.Objects.equals(st.lastPvolStatus(), p.pvolStatus())
                || !java.util.Objects.equals(st.lastSvolStatus(), p.svolStatus())
                || !java.util.Objects.equals(st.lastProgress(), p.copyProgressRate());
        st.observed(p.pvolStatus(), p.svolStatus(), p.copyProgressRate(), now());
        return changed;
    }

    private Advance done(OperationState st, String outcome, CopyPair p) {
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

    private Advance doneGroup(OperationState st, String outcome, List<CopyPair> pairs) {
        PairInfo info = Outcomes.group(st, pairs, outcome, now());
        st.outcome(outcome);
        st.done(info);
        leaveRound(st);
        emit(st, ProgressEvent.Kind.PHASE, Outcomes.describe(st) + ": done (" + outcome + ") " + Outcomes.memberStatuses(pairs)
                + (st.alreadySplitMembers().isEmpty() ? "" : "; split before this run, not later than "
                        + st.splitNotLaterThan() + ": " + String.join(", ", st.alreadySplitMembers())));
        return new Advance.Done(info);
    }

    private Advance fail(OperationState st, ShadowImageException e) {
        st.failed(e);
        leaveRound(st);
        emit(st, ProgressEvent.Kind.PHASE, Outcomes.describe(st) + ": failed: " + e.getMessage());
        return new Advance.Failed(e);
    }

    private Advance timeout(OperationState st, CopyPair p) {
        return fail(st, Outcomes.timeoutError(st, p));
    }

    /** A wire failure that escaped a phase. Reads in waiting phases are retried at the next step. */
    private Advance error(OperationState st, RuntimeException e) {
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
                        Outcomes.info(st, "FAILED", null)));
            }
            return fail(st, Outcomes.arrayRejected(st, a));
        }
        return fail(st, new ShadowImageException(Category.CONNECTION, Outcomes.describe(st) + ": " + e.getMessage(), e,
                Outcomes.info(st, "FAILED", null)));
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

    /** LDEV ids this close are read in one list request (a small answer) instead of two. */
    static final int LDEV_LIST_SPAN = 16;

    /**
     * Both volumes of a create in one list read when their ids are close, by id; empty when they are far apart.
     * A volume the list leaves out (some arrays list defined LDEVs only) is read on its own.
     */
    private static Map<Integer, Ldev> nearbyLdevs(VspSession s, int a, int b) {
        int head = Math.min(a, b);
        int count = Math.abs(a - b) + 1;
        if (count > LDEV_LIST_SPAN) {
            return Map.of();
        }
        List<Ldev> list;
        try {
            list = s.ldevs(head, count);
        } catch (VspApiException e) {
            if (e.httpStatus() / 100 != 4 || e.httpStatus() == 401 || e.httpStatus() == 429) {
                throw e;
            }
            // A server that refuses the list form: the single reads still answer.
            LOG.fine(() -> "LDEV list read refused (HTTP " + e.httpStatus() + "); reading the LDEVs one by one");
            return Map.of();
        }
        Map<Integer, Ldev> byId = new HashMap<>();
        for (Ldev l : list) {
            if (l.ldevId() == a || l.ldevId() == b) {
                byId.put(l.ldevId(), l);
            }
        }
        return byId;
    }

    private Ldev ldev(VspSession s, OperationState st, int id, String role, Map<Integer, Ldev> listed)
            throws ShadowImageException {
        Ldev l;
        try {
            l = listed.containsKey(id) ? listed.get(id) : s.ldev(id);
        } catch (VspApiException e) {
            if (e.isNotFound()) {
                throw new ShadowImageException(Category.VALIDATION, Outcomes.describe(st) + ": " + role + " LDEV " + id
                        + " does not exist", e);
            }
            throw e;
        }
        if (!l.isDefined()) {
            throw new ShadowImageException(Category.VALIDATION, Outcomes.describe(st) + ": " + role + " LDEV " + id
                    + " is not defined (emulationType " + l.emulationType() + ")");
        }
        return l;
    }

    private ClientListener clientListener(OperationState st) {
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

    private void emit(OperationState st, ProgressEvent.Kind kind, String message) {
        emit(st, kind, message, st.lastPvolStatus(), st.lastProgress(), null);
    }

    private void emit(OperationState st, ProgressEvent.Kind kind, String message, String status, Integer progress,
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
