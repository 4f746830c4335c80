package io.jenkins.plugins.shadowimage.jenkins.action;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import java.time.Instant;

/**
 * What a build can prove about the age of a frozen S-VOL: either this run split it (when the split was
 * observed: the copy is from then at the latest), or it was found split already (the copy is older than the
 * first read that showed it, by an unknown amount). Never both: a pair found split has no freeze time of this
 * run, and showing one would date an older copy as new. Not persisted (XStream cannot restore records): the
 * records keep its two strings.
 */
record SplitMoment(@CheckForNull String splitTime, @CheckForNull String splitNotLaterThan) {

    /** The split facts of an operation's result, or {@code null} when it neither split nor found a split pair. */
    @CheckForNull
    static SplitMoment of(@CheckForNull OperationType type, PairInfo result) {
        if (result.alreadySplit()) {
            return new SplitMoment(null, result.splitNotLaterThan().toString());
        }
        boolean splits = type == OperationType.SPLIT || type == OperationType.GROUP_SPLIT
                || (type == OperationType.CREATE && "PSUS".equals(result.pvolStatus()));
        Instant psus = result.statusObservedAt().get("PSUS");
        return splits && psus != null ? new SplitMoment(psus.toString(), null) : null;
    }

    /** The build page's wording. */
    String text() {
        return splitNotLaterThan != null ? "split before this run, not later than " + splitNotLaterThan
                : splitTime == null ? "" : splitTime;
    }
}
