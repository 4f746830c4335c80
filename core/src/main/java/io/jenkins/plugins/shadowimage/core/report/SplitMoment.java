package io.jenkins.plugins.shadowimage.core.report;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import java.time.Instant;

/**
 * What a run can prove about the age of a frozen S-VOL: either this run split it (when the split was
 * observed: the copy is from then at the latest), or it was found split already (the copy is older than the
 * first read that showed it, by an unknown amount). Never both: a pair found split has no freeze time of this
 * run, and showing one would date an older copy as new. The records keep its two strings.
 */
record SplitMoment(String splitTime, String splitNotLaterThan) {

    /** The split facts of an operation's result, or {@code null} when it neither split nor found a split pair. */
    static SplitMoment of(OperationType type, PairInfo result) {
        if (result.alreadySplit()) {
            return new SplitMoment(null, result.splitNotLaterThan().toString());
        }
        boolean splits = type == OperationType.SPLIT || type == OperationType.GROUP_SPLIT
                || (type == OperationType.CREATE && "PSUS".equals(result.pvolStatus()));
        Instant psus = result.statusObservedAt().get("PSUS");
        return splits && psus != null ? new SplitMoment(psus.toString(), null) : null;
    }

    /** The wording of the "Split" column. */
    static String text(String splitTime, String splitNotLaterThan) {
        return splitNotLaterThan != null ? "split before this run, not later than " + splitNotLaterThan
                : splitTime == null ? "" : splitTime;
    }
}
