package io.jenkins.plugins.shadowimage.core.engine;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The persisted state of one operation: an immutable value holding the durable facts (operation, request, array,
 * phase, submit attempts, job ids, deadline, target, statuses seen and when, result or failure). An
 * {@link OperationDriver} step takes one and returns the next in its {@link Advance}. It holds no secret and no
 * client, so Java serialization, XStream (Jenkins) and a CLI state file can all store it. Deadlines are absolute
 * instants so that a resumed operation keeps its original deadline.
 *
 * <p>Serialized compactly: Java serialization (and XStream, which honours {@code writeReplace}) stores one small
 * JSON text ({@link #toJson()}), typically well under 1 KiB. How the operation is paced in this process
 * ({@link Pacing}) stays in memory: it is no part of the value, and a loaded state starts it afresh.
 */
public final class OperationState implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Never changed once this value holds it: every change goes to a copy. */
    private final transient WorkingState facts;

    private OperationState(WorkingState facts) {
        this.facts = facts;
    }

    /** The state a step ended with; the step hands {@code w} over and changes it no more. */
    static OperationState of(WorkingState w) {
        return new OperationState(w);
    }

    /** A copy to work on in one step. */
    WorkingState work() {
        return facts.copy();
    }

    /**
     * A new operation, validated (nothing is sent to the array). The deadline is {@code now + timeout},
     * with the request's timeout or {@link EngineOptions#defaultTimeout(OperationType)}.
     *
     * @throws ValidationException when the request is invalid for this operation
     */
    public static OperationState start(OperationType type, PairRequest request, Instant now) throws ValidationException {
        return new OperationState(WorkingState.start(type, request, now));
    }

    /**
     * A new wait (validated; nothing is sent): {@link OperationType#WAIT} for the request's pair, or {@link
     * OperationType#GROUP_WAIT} for every pair of its copy group when it names no pair. It only reads.
     *
     * @throws ValidationException when the request is invalid for a wait
     */
    public static OperationState startWait(PairRequest request, WaitTarget target, Instant now) throws ValidationException {
        return new OperationState(WorkingState.startWait(request, target, now));
    }

    /**
     * This operation as a dry run: it reads and checks as the real run would, and ends before its first change with
     * {@link #dryRunPlan()} (or as the real run would end when there is nothing to do or it is refused). Whether it
     * is a dry run is known to this process only: it is never persisted (a dry run has no state file).
     */
    public OperationState dryRun() {
        WorkingState w = work();
        w.dryRun(true);
        return new OperationState(w);
    }

    /**
     * Continues an operation that ended with a TIMEOUT, CONNECTION, INTERNAL or INTERRUPTED failure, with a new
     * deadline: back to the phase it failed in (a submit is reconciled by reading the pair first, a job is polled
     * again by id), keeping its job ids and observations. This is what "run the same operation again" means for a
     * surface that kept the state (the CLI's resume). A rejection or a validation failure cannot be continued: the
     * same request would fail the same way.
     *
     * @return the continued state
     * @throws IllegalStateException when the state did not fail, or failed for another reason
     */
    public OperationState resumeAfterFailure(Instant newDeadline) {
        WorkingState w = work();
        w.resumeAfterFailure(newDeadline);
        return new OperationState(w);
    }

    public boolean isDryRun() { return facts.isDryRun(); }
    /** What the real run would do, once a dry run has ended with outcome DRY_RUN; otherwise {@code null}. */
    public DryRunPlan dryRunPlan() { return facts.dryRunPlan(); }
    public OperationType type() { return facts.type(); }
    public PairRequest request() { return facts.request(); }
    public Instant startedAt() { return facts.startedAt(); }
    /** The absolute deadline; kept across restarts. */
    public Instant deadline() { return facts.deadline(); }
    public String arrayKey() { return facts.arrayKey(); }
    public String storageDeviceId() { return facts.storageDeviceId(); }
    public Phase phase() { return facts.phase(); }
    /** How many times the request was about to be sent (see {@link Phase#SUBMIT}). */
    public int submitAttempts() { return facts.submitAttempts(); }
    /** The job being polled, or {@code null}. */
    public Long jobId() { return facts.jobId(); }
    public List<Long> jobIds() { return facts.jobIds(); }
    public String targetStatus() { return facts.targetStatus(); }
    /** How the operation ends (or will end, once its target holds), when decided. */
    public Outcome outcome() { return facts.outcome(); }
    /** The pair's P-VOL status when the operation decided to submit (null for a create, or before CHECK). */
    public String statusBeforeSubmit() { return facts.statusBeforeSubmit(); }
    public String lastPvolStatus() { return facts.lastPvolStatus(); }
    public String lastSvolStatus() { return facts.lastSvolStatus(); }
    public Integer lastProgress() { return facts.lastProgress(); }
    public Instant lastObservedAt() { return facts.lastObservedAt(); }
    public Map<String, Instant> statusObservedAt() { return facts.statusObservedAt(); }
    /** Group operations: pair name to last observed P-VOL status. */
    public Map<String, String> memberStatus() { return facts.memberStatus(); }
    /** The result once {@link Phase#DONE}. */
    public PairInfo result() { return facts.result(); }
    /** The failure message once {@link Phase#FAILED}. */
    public String failureMessage() { return facts.failureMessage(); }
    public ShadowImageException.Category failureCategory() { return facts.failureCategory(); }
    /** The pair or group this operation addresses. */
    public String target() { return facts.target(); }
    /** When the operation found the pair already split (not by itself), or {@code null}; see {@link PairInfo#splitNotLaterThan()}. */
    public Instant splitNotLaterThan() { return facts.splitNotLaterThan(); }
    /** Group split: the pairs that were split before the operation. */
    public List<String> alreadySplitMembers() { return facts.alreadySplitMembers(); }
    /** The request this operation sends: a split for a create that goes on to split its existing pair. */
    public OperationType action() { return facts.action(); }

    /** How many status polls this process made in the current wait (pacing, not persisted). */
    int statusPolls() { return facts.statusPolls(); }

    /** This operation's place in the session permit queue, the same for all its states in this process. */
    Object waiter() { return facts.pacing(); }

    @Override
    public String toString() {
        return facts.toString();
    }

    /** The state as compact JSON (no secrets: there are none to write). {@link #fromJson(String)} reads it back. */
    public String toJson() {
        return facts.toJson();
    }

    /**
     * Reads a state written by {@link #toJson()}, by this version or an earlier one.
     *
     * @throws IllegalArgumentException when the text is not such a state
     */
    public static OperationState fromJson(String json) {
        return new OperationState(WorkingState.fromJson(json));
    }

    /** Java serialization (and XStream) store the compact JSON form instead of the fields. */
    private Object writeReplace() throws ObjectStreamException {
        return new SerialForm(toJson());
    }

    /** The serialized form of an {@link OperationState}: its JSON text. */
    private static final class SerialForm implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String json;

        SerialForm(String json) {
            this.json = json;
        }

        private Object readResolve() throws ObjectStreamException {
            return fromJson(json);
        }
    }
}
