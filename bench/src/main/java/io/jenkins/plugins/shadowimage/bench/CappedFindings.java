package io.jenkins.plugins.shadowimage.bench;

import io.jenkins.plugins.shadowimage.bench.measure.CappedRunResult;
import io.jenkins.plugins.shadowimage.bench.measure.DemoLogins;
import io.jenkins.plugins.shadowimage.bench.measure.LongWaitBenchmark;
import io.jenkins.plugins.shadowimage.bench.report.Format;
import io.jenkins.plugins.shadowimage.bench.report.PerformanceReport.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The targets of the capped-array run, the long create and the demo's logins (issue 12), from their results. */
final class CappedFindings {

    static final double WALL_OVER_IDEAL = 1.2;
    /** The row of our engine with the request rate configured at the cap (its label starts so). */
    static final String CEILING_ROW = "ours, request rate configured at the cap";
    /** Refusals up to this long after the start are the budget learning the cap (no rate configured). */
    static final double LEARNING_SECONDS = 10;
    /** The shortest gap between two status polls of a long copy (statusPollMax): a session open longer was kept. */
    static final double HELD_BETWEEN_POLLS_SECONDS = 30;
    /** The demo's four commands (version check, create, split, status) log in at most this often. */
    static final int DEMO_LOGINS = 5;

    private final List<CappedRunResult> capped;
    private final LongWaitBenchmark.Result longWait;
    private final int cap;
    private final DemoLogins.Result demo;

    CappedFindings(List<CappedRunResult> capped, LongWaitBenchmark.Result longWait, int cap, DemoLogins.Result demo) {
        this.capped = capped;
        this.longWait = longWait;
        this.cap = cap;
        this.demo = demo;
    }

    List<Verdict> verdicts() {
        List<Verdict> verdicts = new ArrayList<>();
        Optional<CappedRunResult> ours = capped.stream().filter(r -> r.algorithm().equals("ours")).findFirst();
        if (ours.isPresent()) {
            CappedRunResult r = ours.get();
            String size = String.format(Locale.ROOT, "%,d operations at %d requests/s", r.operations(), cap);
            verdicts.add(new Verdict(size + ": all succeed", r.succeeded() + "/" + r.operations() + " succeeded",
                    r.operations() >= 1000 && r.succeeded() == r.operations(),
                    r.operations() < 1000 ? "only " + r.operations() + " operations were run (quick mode)"
                            : r.failures()));
            Optional<CappedRunResult> ceiling = capped.stream().filter(c -> c.algorithm().startsWith(CEILING_ROW))
                    .findFirst();
            boolean learntOnly = r.busy() == 0 || r.lastRefusalSeconds() <= LEARNING_SECONDS;
            verdicts.add(new Verdict(size + ": the array's request rate never exceeds its cap",
                    String.format(Locale.ROOT, "%d requests beyond the cap (the array's 503s), the last %s after the "
                            + "start; busiest second of answers %d (%d served)%s", r.busy(),
                            Double.isNaN(r.lastRefusalSeconds()) ? "-" : Format.seconds(r.lastRefusalSeconds()),
                            r.peakPerSecond(), r.peakServedPerSecond(),
                            ceiling.map(c -> String.format(Locale.ROOT, "; with the rate configured at the cap %d "
                                    + "beyond it", c.busy())).orElse("")),
                    learntOnly && ceiling.map(c -> c.busy() == 0).orElse(true),
                    !learntOnly ? "the array refused requests after the budget had learnt its cap (the last "
                            + Format.seconds(r.lastRefusalSeconds()) + " after the start)"
                            : "with the rate configured at the cap the array still refused requests"));
            verdicts.add(new Verdict(size + ": wall time ≤ " + WALL_OVER_IDEAL + "× the ideal the cap allows",
                    Format.seconds(r.wallSeconds()) + " against " + Format.seconds(r.idealSeconds()) + " = "
                            + Format.ratio(r.wallOverIdeal()),
                    r.wallOverIdeal() <= WALL_OVER_IDEAL,
                    "see part 5: the ideal counts neither the pacing while the budget learns the cap nor the "
                            + "creates' queue before their copies start"));
            long longWaits = r.longWaits().size();
            verdicts.add(new Verdict(size + ": completion noticed within max(1 s, 10 %) of every wait longer than "
                            + "a minute",
                    r.longWaitsMet() + "/" + longWaits + " waits (the creates' copies)",
                    longWaits > 0 && r.longWaitsMet() == longWaits,
                    longWaits == 0 ? "no wait was longer than a minute"
                            : (longWaits - r.longWaitsMet()) + " waits were noticed later"));
        }
        if (longWait != null) {
            verdicts.add(new Verdict("A 3-hour create (time-scaled) holds no session while it waits",
                    longWait.succeeded() ? String.format(Locale.ROOT, "longest stretch with a session open %s of a "
                            + "%s wait; %d logins, %s session-seconds while waiting",
                            Format.seconds(longWait.longestSessionSeconds()), Format.seconds(longWait.waitSeconds()),
                            longWait.logins(), Format.seconds(longWait.waitSessionSeconds()))
                            : "failed: " + longWait.failure(),
                    longWait.succeeded() && longWait.longestSessionSeconds() < HELD_BETWEEN_POLLS_SECONDS,
                    "a session stayed open for longer than the shortest gap between two polls of a long copy "
                            + "(30 s): it was kept from one poll to the next"));
        }
        if (demo != null) {
            verdicts.add(new Verdict("The demo's four commands log in at most " + DEMO_LOGINS + " times",
                    demo.logins() < 0 ? "failed: " + demo.failure() : String.format(Locale.ROOT,
                            "%d logins, %d sessions discarded, %s at the end (`%s`, exit %d, %s)", demo.logins(),
                            demo.discarded(), demo.openAfter() ? "a session still open" : "none open",
                            DemoLogins.COMMAND, demo.exitCode(), Format.seconds(demo.wallSeconds())),
                    demo.succeeded() && demo.logins() <= DEMO_LOGINS && !demo.openAfter(),
                    demo.succeeded() ? "the commands logged in more often, or left a session open"
                            : "the demo did not complete: " + demo.failure()));
        }
        return verdicts;
    }
}
