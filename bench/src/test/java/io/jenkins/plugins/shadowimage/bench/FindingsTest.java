package io.jenkins.plugins.shadowimage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.bench.measure.DetectionResult;
import io.jenkins.plugins.shadowimage.bench.measure.ScaleResult;
import io.jenkins.plugins.shadowimage.bench.measure.SeedFlowResult;
import io.jenkins.plugins.shadowimage.bench.measure.StateSizeResult;
import io.jenkins.plugins.shadowimage.bench.measure.Stats;
import io.jenkins.plugins.shadowimage.bench.report.PerformanceReport.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingsTest {

    private static final List<String> SAMPLE = List.of("GET /configuration/version", "POST /sessions",
            "POST /local-clone-copypairs", "GET /jobs/{id}", "GET /local-clone-copypairs/{id}/actions/split",
            "PUT /local-clone-copypairs/{id}/actions/split/invoke", "GET /jobs/{id}", "GET /local-clone-copypairs/{id}",
            "DELETE /sessions/{id}");

    private static SeedFlowResult seed(String name, double calls) {
        List<String> sequence = new java.util.ArrayList<>(SAMPLE);
        while (sequence.size() < calls) {
            sequence.add("GET /ldevs/{id}");
        }
        return new SeedFlowResult(name, 3, 3, Stats.of(List.of(calls, calls, calls)), Stats.of(List.of(2.0, 2.0, 2.0)),
                "PSUS/SSUS", sequence, null);
    }

    private static DetectionResult detection(String algorithm, double delay) {
        return new DetectionResult("job 2 s", 2, false, 1, algorithm, Stats.of(List.of(delay)), Stats.of(List.of(4.0)), 0, null);
    }

    private static ScaleResult scale(int n, int ok, int peakSessions, int peakThreads) {
        return new ScaleResult("ours", n, "mix", ok, "", peakSessions, 64, 8, 30, peakThreads, 12, 1L << 27, 8, 10, 9, 5);
    }

    private static Verdict verdict(Findings f, String startsWith) {
        return f.verdicts().stream().filter(v -> v.target().startsWith(startsWith)).findFirst().orElseThrow();
    }

    @Test
    void restCallsAreJudgedAgainstTheSampleWithTheSameSemanticsAndTheDetectionTable() {
        Findings within = new Findings(
                List.of(seed("ours, same semantics as the sample", 9), seed("Hitachi sample algorithm, Java", 9)),
                List.of(detection("ours", 0.01), detection("Hitachi sample algorithm", 1.0)), List.of(), List.of());
        assertThat(verdict(within, "REST calls").met()).isTrue();

        Findings over = new Findings(
                List.of(seed("ours, same semantics as the sample", 15), seed("Hitachi sample algorithm, Java", 9)),
                List.of(detection("ours", 0.01), detection("Hitachi sample algorithm", 1.0)), List.of(), List.of());
        Verdict v = verdict(over, "REST calls");
        assertThat(v.met()).isFalse();
        assertThat(v.measured()).contains("15 vs 9").contains("1.67×");
        assertThat(v.why()).contains("where 1.1× allows 9").contains("`GET /ldevs/{id}` ×6").doesNotContain("saves");

        Findings later = new Findings(
                List.of(seed("ours, same semantics as the sample", 9), seed("Hitachi sample algorithm, Java", 9)),
                List.of(detection("ours", 1.5), detection("Hitachi sample algorithm", 1.0)), List.of(), List.of());
        assertThat(verdict(later, "REST calls").met()).isFalse();
    }

    @Test
    void aSplitInvokedWithPostIsTheSamplesPutAndTheTemplateGetIsASaving() {
        List<String> ours = List.of("POST /sessions", "GET /ldevs/{id}", "POST /local-clone-copypairs/{id}/actions/split/invoke");
        List<String> sample = List.of("POST /sessions", "GET /local-clone-copypairs/{id}/actions/split",
                "PUT /local-clone-copypairs/{id}/actions/split/invoke");
        assertThat(Findings.difference(ours, sample)).isEqualTo("`GET /ldevs/{id}`");
        assertThat(Findings.difference(sample, ours)).isEqualTo("`GET /local-clone-copypairs/{id}/actions/split`");
    }

    @Test
    void scaleVerdictsNeedAThousandOperationsAllSucceedingWithinTheBudgetAndFlatThreads() {
        Findings good = new Findings(List.of(), List.of(), List.of(scale(1000, 1000, 8, 20)), List.of());
        assertThat(verdict(good, "1,000").met()).isTrue();
        assertThat(verdict(good, "Peak sessions").met()).isTrue();
        assertThat(verdict(good, "No thread").met()).isTrue();

        Findings bad = new Findings(List.of(), List.of(), List.of(scale(1000, 999, 9, 1012)), List.of());
        assertThat(verdict(bad, "1,000").met()).isFalse();
        assertThat(verdict(bad, "Peak sessions").met()).isFalse();
        assertThat(verdict(bad, "No thread").met()).isFalse();

        Findings small = new Findings(List.of(), List.of(), List.of(scale(60, 60, 4, 20)), List.of());
        assertThat(verdict(small, "1,000").met()).isFalse();
    }

    @Test
    void stateSizeIgnoresOperationsThatNeverWaitAndSaysByHowMuchItIsOver() {
        Findings f = new Findings(List.of(), List.of(), List.of(), List.of(
                new StateSizeResult("status", 0, 0, 0, "Java serialization"),
                new StateSizeResult("create", 10, 2300, 2476, "Java serialization")));
        Verdict v = verdict(f, "Serialized state");
        assertThat(v.met()).isFalse();
        assertThat(v.measured()).isEqualTo("largest 2476 B");
        assertThat(v.why()).contains("428 B");

        Findings ok = new Findings(List.of(), List.of(), List.of(), List.of(
                new StateSizeResult("status", 0, 0, 0, "Java serialization"),
                new StateSizeResult("create", 10, 700, 800, "Java serialization")));
        assertThat(verdict(ok, "Serialized state").met()).isTrue();
    }
}
