package io.jenkins.plugins.shadowimage.bench.report;

import io.jenkins.plugins.shadowimage.bench.measure.CappedArrayBenchmark;
import io.jenkins.plugins.shadowimage.bench.measure.CappedRunResult;
import io.jenkins.plugins.shadowimage.bench.measure.LongWaitBenchmark;
import io.jenkins.plugins.shadowimage.bench.measure.Stats;
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
                    "Peak requests/s (served)", "Wall time", "Ideal", "Wall / ideal", "Logins", "Logins per op",
                    "Session-seconds per op", "Peak sessions", "Requests per op");
            for (CappedRunResult r : capped) {
                t.row(r.algorithm(), r.succeeded() + "/" + r.operations(), r.served(), r.busy(),
                        r.peakPerSecond() + " (" + r.peakServedPerSecond() + ")", Format.seconds(r.wallSeconds()),
                        Format.seconds(r.idealSeconds()), Format.ratio(r.wallOverIdeal()), r.logins(),
                        Format.decimal(r.logins() / (double) r.operations(), 3),
                        Format.decimal(r.sessionSeconds() / r.operations(), 2), r.peakSessions(),
                        Format.decimal(r.served() / (double) r.operations(), 1));
            }
            md.append(t.render()).append('\n');

            MarkdownTable d = new MarkdownTable("Algorithm", "Waits", "Longer than a minute",
                    "Within max(1 s, 10 %)", "Delay (median)", "Delay (max)", "Shorter waits: delay (median / max)");
            for (CappedRunResult r : capped) {
                List<CappedRunResult.Wait> longer = r.longWaits();
                Stats longDelay = Stats.of(longer.stream().map(CappedRunResult.Wait::delaySeconds).toList());
                Stats shortDelay = Stats.of(r.waits().stream()
                        .filter(w -> w.waitSeconds() <= CappedArrayBenchmark.LONG_WAIT_SECONDS)
                        .map(CappedRunResult.Wait::delaySeconds).toList());
                d.row(r.algorithm(), r.waits().size(), longer.size(), r.longWaitsMet() + "/" + longer.size(),
                        longDelay.n() == 0 ? "-" : Format.seconds(longDelay.median()),
                        longDelay.n() == 0 ? "-" : Format.seconds(longDelay.max()),
                        shortDelay.n() == 0 ? "-" : Format.seconds(shortDelay.median()) + " / "
                                + Format.seconds(shortDelay.max()));
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
            md.append("- Peak requests/s: the most answers the array gave within any one second (a sliding window "
                    + "over its request log), refused ones included; in brackets the served ones only. The array "
                    + "counts in fixed one-second windows and refuses what is beyond its cap, so the served figure "
                    + "can exceed the cap only when two of its windows meet inside one sliding second.\n");
            md.append("- Waits: each create's wait for PAIR and each split's wait for PSUS, from the operation's "
                    + "start to the moment the array's pair changed (its own record, `statusSince`); the delay is "
                    + "from that moment to the operation's end. Status reads do not wait.\n");
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
