package io.jenkins.plugins.shadowimage.core.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state one engine step works on: a mutable copy of an {@link OperationState} that the driver and the
 * operation's policy change as they read and decide, and that becomes the next {@link OperationState} when the
 * step ends. It also holds the JSON form of the state (one place for what is persisted and how it loads), and a
 * reference to the operation's {@link Pacing}, which stays in memory.
 *
 * <p>Not thread-safe: it lives for one step of one caller.
 */
public final class WorkingState {

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
    private Instant jobSubmittedAt;

    /** PAIR, PSUS, COPY (create with waitFor=ACCEPTED) or GONE (delete). */
    private String targetStatus;
    private Outcome outcome;
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

    /** A dry run stops before it would send anything; never persisted (a dry run has no state file). */
    private boolean dryRun;
    private DryRunPlan dryRunPlan;
    /** How this operation is paced in this process: never persisted, shared by its successive states. */
    private Pacing pacing = new Pacing();

    /** Group operations: each pair's P-VOL status when the operation decided to submit (CHECK). */
    private LinkedHashMap<String, String> memberStatusBefore = new LinkedHashMap<>();

    /** Group operations: the pair names and their last observed P-VOL status. */
    private final LinkedHashMap<String, String> memberStatus = new LinkedHashMap<>();

    /**
     * Set when the operation found the pair already split (it did not split it): its first read showing the
     * split, the latest moment the frozen copy can be from. Split statuses are then not recorded in
     * {@link #statusObservedAt()}, which would read as the moment of the split.
     */
    private Instant splitNotLaterThan;
    /** Group split: the pairs that were already split when the operation first decided. */
    private final ArrayList<String> alreadySplitMembers = new ArrayList<>();
    /** A create with autoSplit that found its pair in PAIR: it goes on with a split of that pair. */
    private boolean splitExisting;

    private PairInfo result;
    private String failureMessage;
    private ShadowImageException.Category failureCategory;
    private Phase failedInPhase;
    /** Since when failed jobs have reported a retryable error (lock, busy), across submits; and how many. */
    private Instant jobRetryingSince;
    private int jobRetries;

    private WorkingState(OperationType type, PairRequest request, Instant startedAt, Instant deadline) {
        this.type = type;
        this.request = request;
        this.startedAt = startedAt;
        this.deadline = deadline;
    }

    /** A new operation of {@code type}, validated; see {@link OperationState#start}. */
    static WorkingState start(OperationType type, PairRequest request, Instant now) throws ValidationException {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(request, "request");
        request.validate(type);
        Duration timeout = request.timeout() != null ? request.timeout() : EngineOptions.defaultTimeout(type);
        return new WorkingState(type, request, now, now.plus(timeout));
    }

    /** A new wait; see {@link OperationState#startWait}. */
    static WorkingState startWait(PairRequest request, WaitTarget target, Instant now) throws ValidationException {
        Objects.requireNonNull(target, "target");
        OperationType type = request.copyPairName() == null ? OperationType.GROUP_WAIT : OperationType.WAIT;
        WorkingState st = start(type, request, now);
        st.targetStatus = target.targetStatus();
        return st;
    }

    /**
     * An independent copy: the persisted facts as they would load again, plus what this process knows beyond them
     * (whether it is a dry run, its plan) and the same in-memory {@link Pacing}.
     */
    WorkingState copy() {
        WorkingState c = fromJson(toJson());
        c.dryRun = dryRun;
        c.dryRunPlan = dryRunPlan;
        c.pacing = pacing;
        return c;
    }

    void dryRun(boolean b) { this.dryRun = b; }
    public boolean isDryRun() { return dryRun; }
    Pacing pacing() { return pacing; }

    /** What the real run would do, once a dry run has ended with outcome DRY_RUN; otherwise {@code null}. */
    public DryRunPlan dryRunPlan() { return dryRunPlan; }

    void dryRunPlan(DryRunPlan plan) { this.dryRunPlan = plan; }

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
    public Outcome outcome() { return outcome; }
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
    /** When the operation found the pair already split (not by itself), or {@code null}; see {@link PairInfo#splitNotLaterThan()}. */
    public Instant splitNotLaterThan() { return splitNotLaterThan; }
    /** Group split: the pairs that were split before the operation. */
    public List<String> alreadySplitMembers() { return Collections.unmodifiableList(alreadySplitMembers); }
    /** The request this operation sends: a split for a create that goes on to split its existing pair. */
    public OperationType action() { return splitExisting ? OperationType.SPLIT : type; }

    @Override
    public String toString() {
        return type.cliName() + " " + target() + " [phase=" + phase + (jobId == null ? "" : ", job=" + jobId)
                + (lastPvolStatus == null ? "" : ", status=" + lastPvolStatus)
                + (lastProgress == null ? "" : ", progress=" + lastProgress + "%") + ", deadline=" + deadline + "]";
    }

    // ---- compact form ----

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Version of the JSON form; readers accept this and older versions. */
    private static final int FORM = 1;

    /**
     * The state as compact JSON (no secrets: there are none to write). {@link #fromJson(String)} reads it back.
     * Pacing ({@link Pacing}) is not written: forms written before it moved to memory held jobPolls, statusPolls,
     * rateBaseProgress, rateBaseAt, retryingSince and skippedListEntries, which loading ignores.
     */
    String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("form", FORM);
        n.put("type", type.name());
        ObjectNode r = n.putObject("request");
        put(r, "copyGroupName", request.copyGroupName());
        put(r, "copyPairName", request.copyPairName());
        put(r, "pvolDeviceGroupName", request.pvolDeviceGroupName());
        put(r, "svolDeviceGroupName", request.svolDeviceGroupName());
        put(r, "pvolLdevId", request.pvolLdevId());
        put(r, "svolLdevId", request.svolLdevId());
        put(r, "pvolMuNumber", request.pvolMuNumber());
        put(r, "copyPace", request.copyPace());
        put(r, "quickMode", request.quickMode());
        put(r, "autoSplit", request.autoSplit());
        put(r, "consistencyGroupId", request.consistencyGroupId());
        put(r, "dataReductionForceCopy", request.dataReductionForceCopy());
        put(r, "waitFor", request.waitFor() == WaitFor.COMPLETION ? null : request.waitFor().name());
        put(r, "timeout", request.timeout() == null ? null : request.timeout().toString());
        put(n, "startedAt", startedAt);
        put(n, "deadline", deadline);
        put(n, "arrayKey", arrayKey);
        put(n, "storageDeviceId", storageDeviceId);
        put(n, "phase", phase.name());
        put(n, "submitAttempts", submitAttempts == 0 ? null : submitAttempts);
        put(n, "jobId", jobId);
        if (!jobIds.isEmpty()) {
            jobIds.forEach(n.putArray("jobIds")::add);
        }
        put(n, "jobSubmittedAt", jobSubmittedAt);
        put(n, "targetStatus", targetStatus);
        put(n, "outcome", outcome == null ? null : outcome.name());
        put(n, "newGroup", newGroup);
        put(n, "forceCopy", forceCopy);
        put(n, "statusBeforeSubmit", statusBeforeSubmit);
        put(n, "lastPvolStatus", lastPvolStatus);
        put(n, "lastSvolStatus", lastSvolStatus);
        put(n, "lastProgress", lastProgress);
        put(n, "lastObservedAt", lastObservedAt);
        if (!statusObservedAt.isEmpty()) {
            ObjectNode m = n.putObject("statusObservedAt");
            statusObservedAt.forEach((k, v) -> m.put(k, v.toString()));
        }
        put(n, "waitStartedAt", waitStartedAt);
        if (memberStatusBefore != null && !memberStatusBefore.isEmpty()) {
            ObjectNode m = n.putObject("memberStatusBefore");
            memberStatusBefore.forEach(m::put);
        }
        if (!memberStatus.isEmpty()) {
            ObjectNode m = n.putObject("memberStatus");
            memberStatus.forEach(m::put);
        }
        put(n, "splitNotLaterThan", splitNotLaterThan);
        if (!alreadySplitMembers.isEmpty()) {
            alreadySplitMembers.forEach(n.putArray("alreadySplitMembers")::add);
        }
        put(n, "splitExisting", splitExisting ? Boolean.TRUE : null);
        if (result != null) {
            n.set("result", JSON.valueToTree(result.toMap()));
        }
        put(n, "failureMessage", failureMessage);
        put(n, "failureCategory", failureCategory == null ? null : failureCategory.name());
        put(n, "failedInPhase", failedInPhase == null ? null : failedInPhase.name());
        put(n, "jobRetryingSince", jobRetryingSince);
        put(n, "jobRetries", jobRetries == 0 ? null : jobRetries);
        return n.toString();
    }

    /**
     * Reads a state written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException when the text is not such a state
     */
    static WorkingState fromJson(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.has("type") || !n.has("request") || n.path("form").asInt(0) > FORM) {
                throw new IllegalArgumentException("not an operation state of a supported form");
            }
            JsonNode r = n.get("request");
            PairRequest request = PairRequest.builder().copyGroupName(text(r, "copyGroupName"))
                    .copyPairName(text(r, "copyPairName")).pvolDeviceGroupName(text(r, "pvolDeviceGroupName"))
                    .svolDeviceGroupName(text(r, "svolDeviceGroupName")).pvolLdevId(integer(r, "pvolLdevId"))
                    .svolLdevId(integer(r, "svolLdevId")).pvolMuNumber(integer(r, "pvolMuNumber"))
                    .copyPace(integer(r, "copyPace")).quickMode(bool(r, "quickMode")).autoSplit(bool(r, "autoSplit"))
                    .consistencyGroupId(integer(r, "consistencyGroupId"))
                    .dataReductionForceCopy(bool(r, "dataReductionForceCopy"))
                    .waitFor(r.hasNonNull("waitFor") ? WaitFor.valueOf(r.get("waitFor").asText()) : WaitFor.COMPLETION)
                    .timeout(r.hasNonNull("timeout") ? Duration.parse(r.get("timeout").asText()) : null).build();
            OperationType type = OperationType.valueOf(n.get("type").asText());
            if (type == OperationType.CREATE && (request.pvolLdevId() == null || request.svolLdevId() == null)) {
                throw new IllegalArgumentException("a create without pvolLdevId or svolLdevId");
            }
            WorkingState st = new WorkingState(type, request,
                    instant(n, "startedAt"), instant(n, "deadline"));
            st.arrayKey = text(n, "arrayKey");
            st.storageDeviceId = text(n, "storageDeviceId");
            st.phase = Phase.valueOf(n.get("phase").asText());
            st.submitAttempts = n.path("submitAttempts").asInt(0);
            st.jobId = n.hasNonNull("jobId") ? n.get("jobId").asLong() : null;
            n.path("jobIds").forEach(id -> st.jobIds.add(id.asLong()));
            st.jobSubmittedAt = instant(n, "jobSubmittedAt");
            st.targetStatus = text(n, "targetStatus");
            st.outcome = n.hasNonNull("outcome") ? Outcome.valueOf(n.get("outcome").asText()) : null;
            st.newGroup = bool(n, "newGroup");
            st.forceCopy = bool(n, "forceCopy");
            st.statusBeforeSubmit = text(n, "statusBeforeSubmit");
            st.lastPvolStatus = text(n, "lastPvolStatus");
            st.lastSvolStatus = text(n, "lastSvolStatus");
            st.lastProgress = integer(n, "lastProgress");
            st.lastObservedAt = instant(n, "lastObservedAt");
            n.path("statusObservedAt").properties().forEach(e ->
                    st.statusObservedAt.put(e.getKey(), Instant.parse(e.getValue().asText())));
            st.waitStartedAt = instant(n, "waitStartedAt");
            n.path("memberStatusBefore").properties().forEach(e ->
                    st.memberStatusBefore.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
            n.path("memberStatus").properties().forEach(e ->
                    st.memberStatus.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
            st.splitNotLaterThan = instant(n, "splitNotLaterThan");
            n.path("alreadySplitMembers").forEach(m -> st.alreadySplitMembers.add(m.asText()));
            st.splitExisting = n.path("splitExisting").asBoolean(false);
            if (n.hasNonNull("result")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = JSON.treeToValue(n.get("result"), Map.class);
                st.result = PairInfo.fromMap(m);
            }
            st.failureMessage = text(n, "failureMessage");
            st.failureCategory = n.hasNonNull("failureCategory")
                    ? ShadowImageException.Category.valueOf(n.get("failureCategory").asText()) : null;
            st.failedInPhase = n.hasNonNull("failedInPhase") ? Phase.valueOf(n.get("failedInPhase").asText()) : null;
            st.jobRetryingSince = instant(n, "jobRetryingSince");
            st.jobRetries = n.path("jobRetries").asInt(0);
            return st;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable operation state: " + e.getMessage(), e);
        }
    }

    private static void put(ObjectNode n, String k, Object v) {
        if (v == null) {
            return;
        }
        if (v instanceof Integer i) {
            n.put(k, i);
        } else if (v instanceof Long l) {
            n.put(k, l);
        } else if (v instanceof Boolean b) {
            n.put(k, b);
        } else {
            n.put(k, v.toString());
        }
    }

    private static String text(JsonNode n, String k) {
        return n.hasNonNull(k) ? n.get(k).asText() : null;
    }

    /**
     * A whole number, or null when absent. Jackson's {@code asInt()} would read "", "abc" or 1.5 as a number
     * (0, 0, 1): an LDEV id that was never given must not come back as LDEV 0.
     */
    private static Integer integer(JsonNode n, String k) {
        if (!n.hasNonNull(k)) {
            return null;
        }
        JsonNode v = n.get(k);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(k + " is not a whole number: " + v);
        }
        return v.intValue();
    }

    private static Boolean bool(JsonNode n, String k) {
        return n.hasNonNull(k) ? n.get(k).asBoolean() : null;
    }

    private static Instant instant(JsonNode n, String k) {
        return n.hasNonNull(k) ? Instant.parse(n.get(k).asText()) : null;
    }

    // ---- mutators used by the driver (package-private) ----

    void bindArray(String key, String sdid) { this.arrayKey = key; this.storageDeviceId = sdid; }
    void phase(Phase p) { this.phase = p; }
    void submitAttempted() { this.submitAttempts++; }
    void job(Long id, Instant now) {
        this.jobId = id;
        pacing.jobPolls = 0;
        this.jobSubmittedAt = now;
        if (id != null && !jobIds.contains(id)) {
            jobIds.add(id);
        }
    }
    int jobPolls() { return pacing.jobPolls; }
    void jobPolled() { pacing.jobPolls++; }
    Instant jobSubmittedAt() { return jobSubmittedAt; }
    void targetStatus(String s) { this.targetStatus = s; }
    void outcome(Outcome o) { this.outcome = o; }
    Boolean newGroup() { return newGroup; }
    void newGroup(Boolean b) { this.newGroup = b; }
    Boolean forceCopy() { return forceCopy; }
    void forceCopy(Boolean b) { this.forceCopy = b; }
    /** The pair's P-VOL status when the operation decided to submit (null for a create, or before CHECK). */
    public String statusBeforeSubmit() { return statusBeforeSubmit; }
    void statusBeforeSubmit(String s) { this.statusBeforeSubmit = s; }
    Instant waitStartedAt() { return waitStartedAt; }
    int statusPolls() { return pacing.statusPolls; }
    void startWait(Instant now) {
        this.waitStartedAt = now;
        pacing.statusPolls = 0;
        pacing.rateBaseProgress = null;
        pacing.rateBaseAt = null;
    }
    void statusPolled() { pacing.statusPolls++; }
    Integer rateBaseProgress() { return pacing.rateBaseProgress; }
    Instant rateBaseAt() { return pacing.rateBaseAt; }
    void rateBase(Integer progress, Instant at) { pacing.rateBaseProgress = progress; pacing.rateBaseAt = at; }

    void observed(String pvolStatus, String svolStatus, Integer progress, Instant now) {
        this.lastPvolStatus = pvolStatus;
        this.lastSvolStatus = svolStatus;
        this.lastProgress = progress;
        this.lastObservedAt = now;
        if (pvolStatus != null && !(splitNotLaterThan != null && type.isPairLevel() && PairStatus.isSplit(pvolStatus))) {
            statusObservedAt.putIfAbsent(pvolStatus, now);
        }
    }

    /** The pair was split before this operation: first seen so at {@code at} (kept if already set). */
    void foundSplit(Instant at) {
        if (splitNotLaterThan == null) {
            splitNotLaterThan = at;
        }
    }
    void alreadySplitMember(String pair) {
        if (!alreadySplitMembers.contains(pair)) {
            alreadySplitMembers.add(pair);
        }
    }
    void splitExisting() { this.splitExisting = true; }
    int skippedListEntries() { return pacing.skippedListEntries; }
    void skippedListEntries(int n) { pacing.skippedListEntries = n; }

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
    int permitWaited() { return pacing.permitWaits++; }
    void justChecked(boolean b) { pacing.justChecked = b; }
    /** Returns and clears the just-checked mark. */
    boolean takeJustChecked() {
        boolean b = pacing.justChecked;
        pacing.justChecked = false;
        return b;
    }
    Instant retryingSince() { return pacing.retryingSince; }
    void retryingSince(Instant t) { pacing.retryingSince = t; }
    void permitGranted() { pacing.permitWaits = 0; }
    Instant jobRetryingSince() { return jobRetryingSince; }
    int jobRetries() { return jobRetries; }
    /** Counts one more retry of a failed job's request; the first one starts the budget. */
    void jobRetried(Instant now) {
        if (jobRetryingSince == null) {
            jobRetryingSince = now;
        }
        jobRetries++;
    }
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
    void resumeAfterFailure(Instant newDeadline) {
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
        // Running it again gives failed jobs' lock or busy retries a new budget.
        this.jobRetryingSince = null;
        this.jobRetries = 0;
    }
}
