package io.jenkins.plugins.shadowimage.core.engine;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The complete, persistable state of one operation: a small mutable value that an
 * {@link OperationDriver} advances one step at a time. It holds no secret and no client, only plain
 * fields (strings, numbers, instants, lists and maps), so Java serialization, XStream (Jenkins) and
 * a CLI state file can all store it. Deadlines are absolute instants so that a resumed operation keeps
 * its original deadline.
 *
 * <p>Not thread-safe: one driver call at a time (the runner and the scheduler guarantee that).
 */
public final class OperationState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final OperationType type;
    private final PairRequest request;
    private final Instant startedAt;
    private Instant deadline;

    /** Array identity ({@code Endpoint.arrayKey()} and storage id), bound at the first step. */
    private String arrayKey;
    private String storageDeviceId;

    private Phase phase = Phase.CHECK;
    private int submitAttempts;
    private Long jobId;
    private final ArrayList<Long> jobIds = new ArrayList<>();
    private int jobPolls;
    private Instant jobSubmittedAt;

    /** PAIR, PSUS, COPY (create with waitFor=ACCEPTED) or GONE (delete). */
    private String targetStatus;
    private String outcome;
    private Boolean newGroup;
    private Boolean forceCopy;
    /** The status observed before the request was submitted, for messages and reconciliation. */
    private String statusBeforeSubmit;

    private String lastPvolStatus;
    private String lastSvolStatus;
    private Integer lastProgress;
    private Instant lastObservedAt;
    private final LinkedHashMap<String, Instant> statusObservedAt = new LinkedHashMap<>();

    private Instant waitStartedAt;
    private int statusPolls;
    /** Progress rate estimate: the first sample of the current copy. */
    private Integer rateBaseProgress;
    private Instant rateBaseAt;

    private int permitWaits;

    /** Group operations: each pair's P-VOL status when the operation decided to submit (CHECK). */
    private LinkedHashMap<String, String> memberStatusBefore = new LinkedHashMap<>();

    /** Group operations: the pair names and their last observed P-VOL status. */
    private final LinkedHashMap<String, String> memberStatus = new LinkedHashMap<>();

    private PairInfo result;
    private String failureMessage;
    private ShadowImageException.Category failureCategory;
    private Phase failedInPhase;

    private OperationState(OperationType type, PairRequest request, Instant startedAt, Instant deadline) {
        this.type = type;
        this.request = request;
        this.startedAt = startedAt;
        this.deadline = deadline;
    }

    /**
     * A new operation, validated (nothing is sent to the array). The deadline is {@code now + timeout},
     * with the request's timeout or {@link EngineOptions#defaultTimeout(OperationType)}.
     *
     * @throws ValidationException when the request is invalid for this operation
     */
    public static OperationState start(OperationType type, PairRequest request, Instant now) throws ValidationException {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(request, "request");
        request.validate(type);
        Duration timeout = request.timeout() != null ? request.timeout() : EngineOptions.defaultTimeout(type);
        return new OperationState(type, request, now, now.plus(timeout));
    }

    public OperationType type() { return type; }
    public PairRequest request() { return request; }
    public Instant startedAt() { return startedAt; }
    /** The absolute deadline; kept across restarts. */
    public Instant deadline() { return deadline; }
    public String arrayKey() { return arrayKey; }
    public String storageDeviceId() { return storageDeviceId; }
    public Phase phase() { return phase; }
    /** How many times the request was about to be sent (see {@link Phase#SUBMIT}). */
    public int submitAttempts() { return submitAttempts; }
    /** The job being polled, or {@code null}. */
    public Long jobId() { return jobId; }
    public List<Long> jobIds() { return Collections.unmodifiableList(jobIds); }
    public String targetStatus() { return targetStatus; }
    public String outcome() { return outcome; }
    public String lastPvolStatus() { return lastPvolStatus; }
    public String lastSvolStatus() { return lastSvolStatus; }
    public Integer lastProgress() { return lastProgress; }
    public Instant lastObservedAt() { return lastObservedAt; }
    public Map<String, Instant> statusObservedAt() { return Collections.unmodifiableMap(statusObservedAt); }
    /** Group operations: pair name to last observed P-VOL status. */
    public Map<String, String> memberStatus() { return Collections.unmodifiableMap(memberStatus); }
    /** The result once {@link Phase#DONE}. */
    public PairInfo result() { return result; }
    /** The failure message once {@link Phase#FAILED}. */
    public String failureMessage() { return failureMessage; }
    public ShadowImageException.Category failureCategory() { return failureCategory; }
    /** The pair or group this operation addresses. */
    public String target() { return request.target(type); }

    @Override
    public String toString() {
        return type.cliName() + " " + target() + " [phase=" + phase + (jobId == null ? "" : ", job=" + jobId)
                + (lastPvolStatus == null ? "" : ", status=" + lastPvolStatus)
                + (lastProgress == null ? "" : ", progress=" + lastProgress + "%") + ", deadline=" + deadline + "]";
    }

    // ---- mutators used by the driver (package-private) ----

    void bindArray(String key, String sdid) { this.arrayKey = key; this.storageDeviceId = sdid; }
    void phase(Phase p) { this.phase = p; }
    void submitAttempted() { this.submitAttempts++; }
    void job(Long id, Instant now) {
        this.jobId = id;
        this.jobPolls = 0;
        this.jobSubmittedAt = now;
        if (id != null && !jobIds.contains(id)) {
            jobIds.add(id);
        }
    }
    int jobPolls() { return jobPolls; }
    void jobPolled() { jobPolls++; }
    Instant jobSubmittedAt() { return jobSubmittedAt; }
    void targetStatus(String s) { this.targetStatus = s; }
    void outcome(String s) { this.outcome = s; }
    Boolean newGroup() { return newGroup; }
    void newGroup(Boolean b) { this.newGroup = b; }
    Boolean forceCopy() { return forceCopy; }
    void forceCopy(Boolean b) { this.forceCopy = b; }
    /** The pair's P-VOL status when the operation decided to submit (null for a create, or before CHECK). */
    public String statusBeforeSubmit() { return statusBeforeSubmit; }
    void statusBeforeSubmit(String s) { this.statusBeforeSubmit = s; }
    Instant waitStartedAt() { return waitStartedAt; }
    int statusPolls() { return statusPolls; }
    void startWait(Instant now) {
        this.waitStartedAt = now;
        this.statusPolls = 0;
        this.rateBaseProgress = null;
        this.rateBaseAt = null;
    }
    void statusPolled() { statusPolls++; }
    Integer rateBaseProgress() { return rateBaseProgress; }
    Instant rateBaseAt() { return rateBaseAt; }
    void rateBase(Integer progress, Instant at) { this.rateBaseProgress = progress; this.rateBaseAt = at; }

    void observed(String pvolStatus, String svolStatus, Integer progress, Instant now) {
        this.lastPvolStatus = pvolStatus;
        this.lastSvolStatus = svolStatus;
        this.lastProgress = progress;
        this.lastObservedAt = now;
        if (pvolStatus != null) {
            statusObservedAt.putIfAbsent(pvolStatus, now);
        }
    }

    void memberStatus(String pair, String status) { memberStatus.put(pair, status); }
    void memberStatusBefore(String pair, String status) {
        if (memberStatusBefore == null) {
            memberStatusBefore = new LinkedHashMap<>();
        }
        memberStatusBefore.put(pair, status);
    }
    String memberStatusBefore(String pair) {
        return memberStatusBefore == null ? null : memberStatusBefore.get(pair);
    }
    int permitWaited() { return permitWaits++; }
    void permitGranted() { permitWaits = 0; }
    void done(PairInfo r) { this.result = r; this.phase = Phase.DONE; }
    void failed(ShadowImageException e) {
        this.failureMessage = e.getMessage();
        this.failureCategory = e.category();
        this.failedInPhase = phase;
        this.phase = Phase.FAILED;
    }

    /**
     * Continues an operation that ended with a TIMEOUT, CONNECTION or INTERNAL failure, with a new deadline:
     * back to the phase it failed in (a submit is reconciled by reading the pair first, a job is polled again
     * by id), keeping its job ids and observations. This is what "run the same operation again" means for a
     * surface that kept the state (the CLI's resume). A rejection or a validation failure cannot be
     * continued: the same request would fail the same way.
     *
     * @throws IllegalStateException when the state did not fail, or failed for another reason
     */
    public void resumeAfterFailure(Instant newDeadline) {
        if (phase != Phase.FAILED) {
            throw new IllegalStateException("the operation did not fail (phase " + phase + ")");
        }
        if (failureCategory != ShadowImageException.Category.TIMEOUT
                && failureCategory != ShadowImageException.Category.CONNECTION
                && failureCategory != ShadowImageException.Category.INTERNAL
                && failureCategory != ShadowImageException.Category.INTERRUPTED) {
            throw new IllegalStateException("a " + failureCategory + " failure cannot be continued: " + failureMessage);
        }
        this.phase = failedInPhase == null || failedInPhase.isTerminal() ? Phase.CHECK : failedInPhase;
        this.deadline = java.util.Objects.requireNonNull(newDeadline, "newDeadline");
        this.failureMessage = null;
        this.failureCategory = null;
        this.failedInPhase = null;
    }
}
