package io.jenkins.plugins.shadowimage.jenkins.action;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** One pair of a copy-group operation, as the build page shows it under the group's row. */
@ExportedBean(defaultVisibility = 3)
public final class MemberRecord {

    private final String copyPairName;
    private final Integer pvolLdevId;
    private final Integer svolLdevId;
    private final String statusAfter;
    private final String outcome;
    private final String splitTime;
    private final String splitNotLaterThan;

    MemberRecord(String copyPairName, Integer pvolLdevId, Integer svolLdevId, String statusAfter, String outcome,
            @CheckForNull SplitMoment split) {
        this.copyPairName = copyPairName;
        this.pvolLdevId = pvolLdevId;
        this.svolLdevId = svolLdevId;
        this.statusAfter = statusAfter;
        this.outcome = outcome;
        this.splitTime = split == null ? null : split.splitTime();
        this.splitNotLaterThan = split == null ? null : split.splitNotLaterThan();
    }

    @Exported
    public String getCopyPairName() {
        return copyPairName;
    }

    @Exported
    @CheckForNull
    public Integer getPvolLdevId() {
        return pvolLdevId;
    }

    @Exported
    @CheckForNull
    public Integer getSvolLdevId() {
        return svolLdevId;
    }

    @Exported
    @CheckForNull
    public String getStatusAfter() {
        return statusAfter;
    }

    /** The engine's outcome of this pair, e.g. {@code SPLIT}, {@code ALREADY_SPLIT}, {@code FAILED}. */
    @Exported
    @CheckForNull
    public String getOutcome() {
        return outcome;
    }

    /** When this run split the pair (ISO-8601); {@code null} when it did not. */
    @Exported
    @CheckForNull
    public String getSplitTime() {
        return splitTime;
    }

    /** When the pair was found split by someone before this run (ISO-8601): its copy is older. */
    @Exported
    @CheckForNull
    public String getSplitNotLaterThan() {
        return splitNotLaterThan;
    }

    public String getSplitText() {
        return new SplitMoment(splitTime, splitNotLaterThan).text();
    }
}
