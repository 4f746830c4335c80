package io.jenkins.plugins.shadowimage.core.engine;

import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The aggregate progress of a group operation from its members' statuses: how many pairs are at the target, how much
 * of the copy is done (a pair at the target counts as done), and about how long is left at the rate seen since the
 * wait began. For example "12 of 40 pairs at PSUS, copy 63 %, about 4 min left".
 *
 * @param eta null until some progress is seen, and once every pair is there
 */
public record GroupProgress(int atTarget, int pairs, String target, int copyPercent, Duration eta) {

    /** The progress of {@code st}'s group as its {@code members} show it at {@code now}. */
    public static GroupProgress of(WorkingState st, List<CopyPair> members, Instant now) {
        int at = 0;
        long sum = 0;
        for (CopyPair p : members) {
            boolean there = st.targetStatus() != null && Outcomes.reached(st, p);
            at += there ? 1 : 0;
            Integer rate = p.copyProgressRate();
            sum += there ? 100 : rate == null ? 0 : Math.max(0, Math.min(100, rate));
        }
        int percent = members.isEmpty() ? 100 : (int) (sum / members.size());
        Duration eta = null;
        Instant since = st.waitStartedAt() != null ? st.waitStartedAt() : st.startedAt();
        long elapsed = Duration.between(since, now).toMillis();
        if (percent > 0 && percent < 100 && at < members.size() && elapsed > 0) {
            eta = Duration.ofMillis(elapsed * (100 - percent) / percent);
        }
        return new GroupProgress(at, members.size(), st.targetStatus(), percent, eta);
    }

    /** "12 of 40 pairs at PSUS, copy 63 %, about 4 min left". */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(atTarget).append(" of ").append(pairs).append(" pairs at ")
                .append(target).append(", copy ").append(copyPercent).append(" %");
        if (eta != null) {
            sb.append(", about ").append(words(eta)).append(" left");
        }
        return sb.toString();
    }

    /** Rounded up to what a person reads at a glance: seconds under a minute, then minutes, then hours and minutes. */
    static String words(Duration d) {
        long s = Math.max(1, (d.toMillis() + 999) / 1000);
        if (s < 60) {
            return s + " s";
        }
        long min = (s + 59) / 60;
        return min < 60 ? min + " min" : min / 60 + " h" + (min % 60 == 0 ? "" : " " + min % 60 + " min");
    }
}
