package io.jenkins.plugins.shadowimage.core.report;

import io.jenkins.plugins.shadowimage.core.client.BaseUrl;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.runtime.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pair (or copy group) operation of a run, as its record shows it: enough for a release to prove which
 * frozen copy it used. This class decides what an engine result or failure becomes there (LDEVs, statuses,
 * split facts, group members, the array's error codes) and how it reads.
 *
 * <p>Plain fields, so a surface persists it by reflection (XStream in {@code build.xml}): field names are a
 * persisted form. A field added later is absent ({@code null}) in records of older versions.
 */
public final class PairOperationRecord {

    public enum Outcome { IN_PROGRESS, SUCCESS, FAILED, ABORTED }

    private final String id;
    private final String operation;
    private final String storage;
    private String arrayUrl;
    private final String storageDeviceId;
    private final String copyGroupName;
    private final String copyPairName;
    private Integer pvolLdevId;
    private Integer svolLdevId;
    private String statusBefore;
    private String statusAfter;
    private String splitTime;
    /** Set instead of {@link #splitTime} when the pair was found split. */
    private String splitNotLaterThan;
    /** Copy-group operations: one entry per pair. */
    private List<MemberRecord> members;
    private ArrayErrorRecord arrayError;
    private List<Long> jobIds = new ArrayList<>();
    private final long startedAt;
    private long finishedAt;
    private Outcome outcome = Outcome.IN_PROGRESS;
    private String message;

    public PairOperationRecord(String id, String operation, String storage, String arrayUrl, String storageDeviceId,
            String copyGroupName, String copyPairName, long startedAt) {
        this.id = id;
        this.operation = operation;
        this.storage = storage;
        this.arrayUrl = exportable(arrayUrl);
        this.storageDeviceId = storageDeviceId;
        this.copyGroupName = copyGroupName;
        this.copyPairName = copyPairName;
        this.startedAt = startedAt;
    }

    /** Records written before such URLs were refused must not show them. */
    private Object readResolve() {
        arrayUrl = exportable(arrayUrl);
        return this;
    }

    /** The URL without user-info if it is then an acceptable base URL; else nothing, as a path or query may hold a token. */
    private static String exportable(String arrayUrl) {
        String withoutUser = BaseUrl.withoutUserInfo(arrayUrl);
        return BaseUrl.problem(withoutUser) == null ? withoutUser.strip() : null;
    }

    /** The status found before anything was sent; the first one given stays. */
    public synchronized void statusBefore(String status) {
        if (statusBefore == null) {
            statusBefore = status;
        }
    }

    /** Everything a successful operation reports: LDEVs, status after, split facts, group members, jobs. */
    public synchronized void succeeded(OperationType type, PairInfo result, long now) {
        SplitMoment split = SplitMoment.of(type, result);
        splitNotLaterThan = split == null ? null : split.splitNotLaterThan();
        if (split != null && split.splitTime() != null) {
            splitTime = split.splitTime();
        }
        if (!result.pairs().isEmpty()) {
            List<MemberRecord> list = new ArrayList<>();
            for (PairInfo p : result.pairs()) {
                list.add(new MemberRecord(p.copyPairName(), p.pvolLdevId(), p.svolLdevId(), p.pvolStatus(), p.outcome(),
                        SplitMoment.of(type, p)));
            }
            members = list;
        }
        volumes(result);
        String after = statusAfter(result);
        if (after != null) {
            statusAfter = after;
        }
        finish(Outcome.SUCCESS, result.outcome(), result.jobIds(), now);
    }

    /**
     * A failed or aborted operation: what it last knew of the pair (the partial result's LDEVs and status, else
     * the last status read), its jobs, and what the array said when it refused it.
     */
    public synchronized void failed(boolean aborted, String why, ShadowImageException error, PairInfo partial,
            String lastPvolStatus, List<Long> jobIds, long now) {
        if (partial != null) {
            volumes(partial);
        }
        String after = partial != null && partial.pvolStatus() != null ? partial.pvolStatus() : lastPvolStatus;
        if (after != null) {
            statusAfter = after;
        }
        ArrayErrorRecord facts = error == null ? null : ArrayErrorRecord.of(error.apiError());
        if (facts != null) {
            arrayError = facts;
        }
        finish(aborted ? Outcome.ABORTED : Outcome.FAILED, why, jobIds, now);
    }

    private void volumes(PairInfo result) {
        if (result.pvolLdevId() != null) {
            pvolLdevId = result.pvolLdevId();
        }
        if (result.svolLdevId() != null) {
            svolLdevId = result.svolLdevId();
        }
    }

    private void finish(Outcome end, String text, List<Long> jobs, long now) {
        if (jobs != null && !jobs.isEmpty()) {
            jobIds = new ArrayList<>(jobs);
        }
        outcome = end;
        finishedAt = now;
        if (text != null) {
            message = text;
        }
    }

    /** The pair's P-VOL status, or "pair=status, ..." for a group. */
    private static String statusAfter(PairInfo result) {
        if (result.pvolStatus() != null || result.pairs().isEmpty()) {
            return result.pvolStatus();
        }
        StringBuilder sb = new StringBuilder();
        for (PairInfo p : result.pairs()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(p.copyPairName()).append('=').append(p.pvolStatus());
        }
        return sb.toString();
    }

    public String getId() {
        return id;
    }

    public String getOperation() {
        return operation;
    }

    public String getStorage() {
        return storage;
    }

    public String getArrayUrl() {
        return arrayUrl;
    }

    public String getStorageDeviceId() {
        return storageDeviceId;
    }

    public String getCopyGroupName() {
        return copyGroupName;
    }

    public String getCopyPairName() {
        return copyPairName;
    }

    /** "CG1 / p1", or "DB (whole group)". */
    public String getTarget() {
        return copyPairName == null ? copyGroupName + " (whole group)" : copyGroupName + " / " + copyPairName;
    }

    public synchronized Integer getPvolLdevId() {
        return pvolLdevId;
    }

    public synchronized Integer getSvolLdevId() {
        return svolLdevId;
    }

    public synchronized String getStatusBefore() {
        return statusBefore;
    }

    public synchronized String getStatusAfter() {
        return statusAfter;
    }

    /**
     * When the split was first observed on the array (ISO-8601): the latest moment the frozen copy can be from.
     * {@code null} when the operation did not split the pair.
     */
    public synchronized String getSplitTime() {
        return splitTime;
    }

    /**
     * When the pair (for a group: every pair) was found split before this run, the first read that showed it
     * (ISO-8601): the frozen copy is older than that. {@link #getSplitTime()} is then {@code null}.
     */
    public synchronized String getSplitNotLaterThan() {
        return splitNotLaterThan;
    }

    /** The "Split" cell: the freeze time of this run, or that the pair was split before it. */
    public synchronized String getSplitText() {
        return SplitMoment.text(splitTime, splitNotLaterThan);
    }

    /** Copy-group operations: the pairs, each with its own outcome and split facts; empty otherwise. */
    public synchronized List<MemberRecord> getMembers() {
        return members == null ? List.of() : List.copyOf(members);
    }

    /** What the array said when it refused the operation, or {@code null}. */
    public synchronized ArrayErrorRecord getArrayError() {
        return arrayError;
    }

    public synchronized List<Long> getJobIds() {
        return jobIds == null ? List.of() : List.copyOf(jobIds);
    }

    public long getStartedAt() {
        return startedAt;
    }

    /** Epoch milliseconds, 0 while in progress. */
    public synchronized long getFinishedAt() {
        return finishedAt;
    }

    public synchronized long getDurationMillis() {
        return finishedAt == 0 ? 0 : finishedAt - startedAt;
    }

    /** "2 min 5 s", or "running". */
    public synchronized String getDurationText() {
        return finishedAt == 0 ? "running" : Durations.words(Duration.ofMillis(finishedAt - startedAt));
    }

    public synchronized Outcome getOutcome() {
        return outcome;
    }

    public synchronized String getMessage() {
        return message;
    }

    /** Every fact as plain values (names sorted), for a surface's machine-readable export. */
    public synchronized Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arrayError", arrayError == null ? null : arrayError.toMap());
        m.put("arrayUrl", arrayUrl);
        m.put("copyGroupName", copyGroupName);
        m.put("copyPairName", copyPairName);
        m.put("durationMillis", getDurationMillis());
        m.put("finishedAt", finishedAt);
        m.put("id", id);
        m.put("jobIds", getJobIds());
        m.put("members", getMembers().stream().map(MemberRecord::toMap).toList());
        m.put("message", message);
        m.put("operation", operation);
        m.put("outcome", outcome.name());
        m.put("pvolLdevId", pvolLdevId);
        m.put("splitNotLaterThan", splitNotLaterThan);
        m.put("splitTime", splitTime);
        m.put("startedAt", startedAt);
        m.put("statusAfter", statusAfter);
        m.put("statusBefore", statusBefore);
        m.put("storage", storage);
        m.put("storageDeviceId", storageDeviceId);
        m.put("svolLdevId", svolLdevId);
        return m;
    }
}
