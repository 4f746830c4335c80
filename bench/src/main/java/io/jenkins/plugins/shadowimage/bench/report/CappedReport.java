package io.jenkins.plugins.shadowimage.bench.report;

import io.jenkins.plugins.shadowimage.bench.measure.CappedArrayBenchmark;
import io.jenkins.plugins.shadowimage.bench.measure.CappedRunResult;
import io.jenkins.plugins.shadowimage.bench.measure.LongWaitBenchmark;
import io.jenkins.plugins.shadowimage.bench.measure.Stats;
import io.jenkins.plugins.shadowimage.bench.subject.Operation;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Sections 5 and 6 of docs/performance.md: the capped array, and one create of three hours. */
final class CappedReport {

    private CappedReport() { }

    static String render(List<CappedRunResult> capped, List<String> notes, LongWaitBenchmark.Result longWait) {
        StringBuilder md = new StringBuilder();
        if (!capped.isEmpty()) {
            CappedRunResult first = capped.get(0);
            md.append("## 5. Scale on a capped array: ").append(first.operations()).append(" operations (")
                    .append(first.mix()).append(")\n\n");
            MarkdownTable t = new MarkdownTable("Algorithm", "Succeeded", "Requests served", "503s received",
                    "Last 503 after", "Busiest second of answers (served)", "Wall time", "Ideal", "Wall / ideal",
                    "Logins", "Logins per op", "Session-seconds per op", "Peak sessions", "Requests per op");
            for (CappedRunResult r : capped) {
                t.row(r.algorithm(), r.succeeded() + "/" + r.operations(), r.served(), r.busy(),
                        Double.isNaN(r.lastRefusalSeconds()) ? "-" : Format.seconds(r.lastRefusalSeconds()),
                        r.peakPerSecond() + " (" + r.peakServedPerSecond() + ")", Format.seconds(r.wallSeconds()),
                        Format.seconds(r.idealSeconds()), Format.ratio(r.wallOverIdeal()), r.logins(),
                        Format.decimal(r.logins() / (double) r.operations(), 3),
                        Format.decimal(r.sessionSeconds() / r.operations(), 2), r.peakSessions(),
                        Format.decimal(r.served() / (double) r.operations(), 1));
            }
            md.append(t.render()).append('\n');

            MarkdownTable d = new MarkdownTable("Algorithm", "Wait", "Waits noticed", "Target",
                    "Within target", "Delay (median)", "Delay (max)");
            for (CappedRunResult r : capped) {
                for (Operation.Kind kind : List.of(Operation.Kind.CREATE, Operation.Kind.SPLIT)) {
                    List<CappedRunResult.Wait> waits = r.waits(kind);
                    double arrayWait = waits.isEmpty() ? Double.NaN : waits.get(0).waitSeconds();
                    Stats delay = Stats.of(waits.stream().map(CappedRunResult.Wait::delaySeconds).toList());
                    d.row(r.algorithm(), (kind == Operation.Kind.CREATE ? "create: initial copy " : "split: flush ")
                                    + (waits.isEmpty() ? "" : Format.seconds(arrayWait)),
                            waits.size(), waits.isEmpty() ? "-" : "≤ " + Format.seconds(waits.get(0).targetSeconds()),
                            waits.stream().filter(CappedRunResult.Wait::met).count() + "/" + waits.size(),
                            delay.n() == 0 ? "-" : Format.seconds(delay.median()),
                            delay.n() == 0 ? "-" : Format.seconds(delay.max()));
                }
            }
            md.append(d.render()).append('\n');
            for (CappedRunResult r : capped) {
                if (r.failures() != null && !r.failures().isBlank()) {
                    md.append("- ").append(r.algorithm()).append(", failures: ").append(r.failures()).append('\n');
                }
            }
            for (CappedRunResult r : capped) {
                md.append("- ").append(r.algorithm()).append(", requests: ").append(r.requests().entrySet().stream()
                        .map(e -> "`" + e.getKey() + "` ×" + e.getValue()).collect(Collectors.joining(", ")))
                        .append('\n');
            }
            md.append(String.format(Locale.ROOT, "- Ideal: the larger of the longest lone operation (one create, "
                    + "which waits for its initial copy, and one split, each run alone on the capped array by our "
                    + "engine: %s) and the requests the algorithm had served divided by the cap (what the cap allows "
                    + "for them at best).%n", Format.seconds(first.loneSeconds())));
            md.append("- Busiest second of answers: the most answers the array gave within any one second (a sliding "
                    + "window over the times its log records, which are answer times), refused ones included; in "
                    + "brackets the served ones only. The array serves at most its cap in each of its own fixed "
                    + "one-second windows and refuses the rest, so the requests sent beyond the cap are exactly its "
                    + "503s; answers bunch when the loaded machine's CPU lets the simulator's threads run late, which "
                    + "is why the sliding figure can exceed the cap.\n");
            md.append("- Waits: a create waits for its initial copy (the array's own duration: the size over the copy "
                    + "speed), a split of a pair in PAIR for the flush of its differential data; the delay is from "
                    + "the moment the array's pair changed (its own record, `statusSince`) to the operation's end. "
                    + "Only the creates' waits are longer than a minute. Status reads do not wait.\n");
            md.append("- Session-seconds: the array's open sessions sampled every 20 ms and added up over the run "
                    + "(a session is the array's scarce resource whether a request runs on it or not).\n");
            for (String n : notes) {
                md.append("- ").append(n).append('\n');
            }
            md.append('\n');
        }
        if (longWait != null) {
            md.append("## 6. One create of three hours: sessions while it waits\n\n");
            MarkdownTable t = new MarkdownTable("Initial copy", "Time scale", "Succeeded", "Wait", "Detection delay",
                    "Logins", "Requests", "Session-seconds (all / while waiting)",
                    "Longest stretch of the wait with a session open");
            t.row(Format.seconds(longWait.copySeconds()), "×" + Format.decimal(longWait.timeScale(), 0),
                    longWait.succeeded() ? "yes" : "no: " + longWait.failure(), Format.seconds(longWait.waitSeconds()),
                    Format.seconds(longWait.delaySeconds()), longWait.logins(), longWait.requests(),
                    Format.seconds(longWait.sessionSeconds()) + " / " + Format.seconds(longWait.waitSessionSeconds()),
                    Format.seconds(longWait.longestSessionSeconds()));
            md.append(t.render()).append('\n');
            md.append("- Our engine drives one create step by step at the array's time scale: its clock, its sleeps "
                    + "and the client's idle-session linger (2 s) run in array time, logins take 1 s of array time; "
                    + "no request-rate cap (a cap counted in real seconds would be that many times tighter in array "
                    + "time). All figures are array seconds; sessions sampled every 2 ms of wall time (0.24 s of array time). "
                    + "The wait runs from the create's job completing (the copy starts) to the pair turning PAIR. "
                    + "Whatever costs real time (a TLS handshake, a busy CPU) costs 120 times as much array time "
                    + "here, so the session-seconds of the submission are inflated by the scale.\n\n");
        }
        return md.toString();
    }
}
