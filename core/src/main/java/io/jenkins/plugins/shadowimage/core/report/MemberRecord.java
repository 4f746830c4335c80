package io.jenkins.plugins.shadowimage.core.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** One pair of a copy-group operation, shown under the group's row. Plain fields, persisted by reflection. */
public final class MemberRecord {

    private final String copyPairName;
    private final Integer pvolLdevId;
    private final Integer svolLdevId;
    private final String statusAfter;
    private final String outcome;
    private final String splitTime;
    private final String splitNotLaterThan;

    MemberRecord(String copyPairName, Integer pvolLdevId, Integer svolLdevId, String statusAfter, String outcome,
            SplitMoment split) {
        this.copyPairName = copyPairName;
        this.pvolLdevId = pvolLdevId;
        this.svolLdevId = svolLdevId;
        this.statusAfter = statusAfter;
        this.outcome = outcome;
        this.splitTime = split == null ? null : split.splitTime();
        this.splitNotLaterThan = split == null ? null : split.splitNotLaterThan();
    }

    public String getCopyPairName() {
        return copyPairName;
    }

    public Integer getPvolLdevId() {
        return pvolLdevId;
    }

    public Integer getSvolLdevId() {
        return svolLdevId;
    }

    public String getStatusAfter() {
        return statusAfter;
    }

    /** The engine's outcome of this pair, e.g. {@code SPLIT}, {@code ALREADY_SPLIT}, {@code FAILED}. */
    public String getOutcome() {
        return outcome;
    }

    /** When this run split the pair (ISO-8601); {@code null} when it did not. */
    public String getSplitTime() {
        return splitTime;
    }

    /** When the pair was found split by someone before this run (ISO-8601): its copy is older. */
    public String getSplitNotLaterThan() {
        return splitNotLaterThan;
    }

    /** The "Split" cell: this run's freeze time, or that the pair was split before it. */
    public String getSplitText() {
        return SplitMoment.text(splitTime, splitNotLaterThan);
    }

    /** The facts as plain values, for a surface's machine-readable export. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("copyPairName", copyPairName);
        m.put("outcome", outcome);
        m.put("pvolLdevId", pvolLdevId);
        m.put("splitNotLaterThan", splitNotLaterThan);
        m.put("splitTime", splitTime);
        m.put("statusAfter", statusAfter);
        m.put("svolLdevId", svolLdevId);
        return m;
    }
}
