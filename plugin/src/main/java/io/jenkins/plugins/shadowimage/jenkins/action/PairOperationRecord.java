package io.jenkins.plugins.shadowimage.jenkins.action;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.shadowimage.core.client.BaseUrl;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One pair (or copy group) operation of a build, as shown on the build page and in {@code api/json}: enough
 * for a release to prove which frozen copy it used. Plain fields, so XStream stores it in {@code build.xml}.
 */
@ExportedBean(defaultVisibility = 2)
public final class PairOperationRecord {

    /** IN_PROGRESS, SUCCESS, FAILED or ABORTED. */
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
    /** Set instead of {@link #splitTime} when the pair was found split: absent in records of older versions. */
    private String splitNotLaterThan;
    /** Copy-group operations: one entry per pair; absent (null) in records of older versions. */
    private List<MemberRecord> members;
    /** What the array said when it refused the operation; absent in records of older versions. */
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

    /** Fills in what the engine reported; {@code null} leaves a value unchanged. */
    synchronized void update(Integer pvolLdevId, Integer svolLdevId, String statusAfter, String splitTime,
            List<Long> jobIds, Outcome outcome, String message, long now) {
        if (pvolLdevId != null) {
            this.pvolLdevId = pvolLdevId;
        }
        if (svolLdevId != null) {
            this.svolLdevId = svolLdevId;
        }
        if (statusAfter != null) {
            this.statusAfter = statusAfter;
        }
        if (splitTime != null) {
            this.splitTime = splitTime;
        }
        if (jobIds != null && !jobIds.isEmpty()) {
            this.jobIds = new ArrayList<>(jobIds);
        }
        if (outcome != null && outcome != Outcome.IN_PROGRESS) {
            this.outcome = outcome;
            this.finishedAt = now;
        }
        if (message != null) {
            this.message = message;
        }
    }

    /** Everything a successful operation reports: volumes, status after, split facts, group members, jobs. */
    synchronized void succeeded(@CheckForNull OperationType type, PairInfo result, long now) {
        SplitMoment split = SplitMoment.of(type, result);
        splitNotLaterThan = split == null ? null : split.splitNotLaterThan();
        String freeze = split == null ? null : split.splitTime();
        if (!result.pairs().isEmpty()) {
            List<MemberRecord> list = new ArrayList<>();
            for (PairInfo p : result.pairs()) {
                list.add(new MemberRecord(p.copyPairName(), p.pvolLdevId(), p.svolLdevId(), p.pvolStatus(), p.outcome(),
                        SplitMoment.of(type, p)));
            }
            members = list;
        }
        update(result.pvolLdevId(), result.svolLdevId(), statusAfter(result), freeze, result.jobIds(), Outcome.SUCCESS,
                result.outcome(), now);
    }

    synchronized void arrayError(@CheckForNull ArrayErrorRecord error) {
        if (error != null) {
            this.arrayError = error;
        }
    }

    /** The pair's P-VOL status, or "pair=status, ..." for a group. */
    @CheckForNull
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

    synchronized void setStatusBefore(String statusBefore) {
        if (this.statusBefore == null) {
            this.statusBefore = statusBefore;
        }
    }

    @Exported
    public String getId() {
        return id;
    }

    @Exported
    public String getOperation() {
        return operation;
    }

    @Exported
    public String getStorage() {
        return storage;
    }

    /** Records written before such URLs were refused must not export them (build.xml, REST API). */
    private Object readResolve() {
        arrayUrl = exportable(arrayUrl);
        return this;
    }

    /**
     * The URL without user-info if the core then accepts it as a base URL; else nothing, as a path or query
     * may hold a token.
     */
    @CheckForNull
    private static String exportable(@CheckForNull String arrayUrl) {
        String withoutUser = BaseUrl.withoutUserInfo(arrayUrl);
        return BaseUrl.problem(withoutUser) == null ? withoutUser.strip() : null;
    }

    @Exported
    public String getArrayUrl() {
        return arrayUrl;
    }

    @Exported
    @CheckForNull
    public String getStorageDeviceId() {
        return storageDeviceId;
    }

    @Exported
    public String getCopyGroupName() {
        return copyGroupName;
    }

    @Exported
    @CheckForNull
    public String getCopyPairName() {
        return copyPairName;
    }

    @Exported
    @CheckForNull
    public synchronized Integer getPvolLdevId() {
        return pvolLdevId;
    }

    @Exported
    @CheckForNull
    public synchronized Integer getSvolLdevId() {
        return svolLdevId;
    }

    @Exported
    @CheckForNull
    public synchronized String getStatusBefore() {
        return statusBefore;
    }

    @Exported
    @CheckForNull
    public synchronized String getStatusAfter() {
        return statusAfter;
    }

    /**
     * When the split was first observed on the array (ISO-8601): the latest moment the frozen copy can be from.
     * {@code null} when the operation did not split the pair.
     */
    @Exported
    @CheckForNull
    public synchronized String getSplitTime() {
        return splitTime;
    }

    /**
     * When the pair (for a group: every pair) was found split before this run, the first read that showed it
     * (ISO-8601): the frozen copy is older than that. {@link #getSplitTime()} is then {@code null}.
     */
    @Exported
    @CheckForNull
    public synchronized String getSplitNotLaterThan() {
        return splitNotLaterThan;
    }

    /** The build page's "Split" cell: the freeze time of this run, or that the pair was split before it. */
    public synchronized String getSplitText() {
        return new SplitMoment(splitTime, splitNotLaterThan).text();
    }

    /** Copy-group operations: the pairs, each with its own outcome and split facts; empty otherwise. */
    @Exported(inline = true)
    public synchronized List<MemberRecord> getMembers() {
        return members == null ? List.of() : List.copyOf(members);
    }

    /** What the array said when it refused the operation (message id, SSB codes, solutionType, detailCode, errorSource). */
    @Exported(inline = true)
    @CheckForNull
    public synchronized ArrayErrorRecord getArrayError() {
        return arrayError;
    }

    @Exported
    public synchronized List<Long> getJobIds() {
        return jobIds == null ? List.of() : List.copyOf(jobIds);
    }

    @Exported
    public long getStartedAt() {
        return startedAt;
    }

    /** Epoch milliseconds, 0 while in progress. */
    @Exported
    public synchronized long getFinishedAt() {
        return finishedAt;
    }

    @Exported
    public synchronized long getDurationMillis() {
        return finishedAt == 0 ? 0 : finishedAt - startedAt;
    }

    @Exported
    public synchronized Outcome getOutcome() {
        return outcome;
    }

    @Exported
    @CheckForNull
    public synchronized String getMessage() {
        return message;
    }

    /** "1 h 02 min" style duration for the build page. */
    public synchronized String getDurationString() {
        return finishedAt == 0 ? "running" : hudson.Util.getTimeSpanString(finishedAt - startedAt);
    }

    public String getTarget() {
        return copyPairName == null ? copyGroupName + " (whole group)" : copyGroupName + " / " + copyPairName;
    }
}
