package io.jenkins.plugins.shadowimage.bench.measure;

import io.jenkins.plugins.shadowimage.bench.TimeScale;
import io.jenkins.plugins.shadowimage.bench.sample.PythonSample;
import io.jenkins.plugins.shadowimage.bench.sample.SampleFlow;
import io.jenkins.plugins.shadowimage.bench.sample.SampleUrls;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayFactory;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTestSettings;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTest;
import io.jenkins.plugins.shadowimage.bench.subject.Engine;
import io.jenkins.plugins.shadowimage.bench.subject.Operation;
import io.jenkins.plugins.shadowimage.bench.subject.OperationOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * Measurement 1: the sample's flow (version check, create, split, status) on a fresh simulated array
 * per run, by our engine and by the sample's algorithm (the Python sample itself when it can run
 * here, and our Java re-implementation of its requests and polling).
 */
public final class SeedFlowBenchmark {

    /** What one run of one algorithm did. */
    private record Run(boolean ok, String failure, long calls, double seconds, String finalStatus, List<String> sequence) { }

    /** One way of running the flow on an array. */
    @FunctionalInterface
    private interface Algorithm {
        Run run(ArrayUnderTest array) throws InterruptedException;
    }

    private final ArrayFactory arrays;
    private final Engine engine;
    private final ArrayUnderTestSettings settings;
    private final int runs;
    private final PythonSample python;
    private final List<String> notes = new ArrayList<>();

    public SeedFlowBenchmark(ArrayFactory arrays, Engine engine, ArrayUnderTestSettings settings, int runs, PythonSample python) {
        this.arrays = arrays;
        this.engine = engine;
        this.settings = settings;
        this.runs = runs;
        this.python = python;
    }

    public List<String> notes() {
        return notes;
    }

    public List<SeedFlowResult> run() throws InterruptedException {
        List<SeedFlowResult> results = new ArrayList<>();
        results.add(measure("ours, same semantics as the sample (create returns at COPY, split at job end)",
                array -> ours(array, false)));
        results.add(measure("ours, default (create waits for PAIR, split for PSUS)", array -> ours(array, true)));
        if (python != null && python.available()) {
            results.add(measure("Hitachi sample, Python (" + python.describe() + ")", this::python));
            notes.add(String.format(java.util.Locale.ROOT, "The Python row's wall time includes starting python3 and "
                    + "importing requests (%.2f s on this machine) and a new TLS connection per request (the sample "
                    + "uses requests without a Session); the Java re-implementation reuses one connection.",
                    python.startupSeconds()));
        } else {
            notes.add("The Python sample did not run: " + (python == null ? "not configured" : python.whyUnavailable())
                    + ". The Java re-implementation of its requests and polling stands in for it.");
        }
        results.add(measure("Hitachi sample algorithm, Java re-implementation", this::sampleJava));
        return results;
    }

    private SeedFlowResult measure(String name, Algorithm algorithm) throws InterruptedException {
        // One unmeasured run first: class loading and JIT would otherwise count against the first algorithm.
        try (ArrayUnderTest warm = arrays.start(settings)) {
            algorithm.run(warm);
        }
        List<Double> calls = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        int ok = 0;
        String finalStatus = "";
        String failure = null;
        List<String> sequence = List.of();
        for (int i = 0; i < runs; i++) {
            try (ArrayUnderTest array = arrays.start(settings)) {
                Run run = algorithm.run(array);
                calls.add((double) run.calls());
                seconds.add(run.seconds());
                finalStatus = run.finalStatus();
                sequence = run.sequence();
                if (run.ok()) {
                    ok++;
                } else if (failure == null) {
                    failure = run.failure();
                }
            }
        }
        String note = "requests of the last run, in order: " + compact(sequence);
        if (failure != null) {
            note = "failed: " + failure + "; " + note;
        }
        return new SeedFlowResult(name, runs, ok, Stats.of(calls), Stats.of(seconds), finalStatus, sequence, note);
    }

    private Run ours(ArrayUnderTest array, boolean waitForTarget) throws InterruptedException {
        String group = "SI_347";
        String pair = "p_347-348";
        long start = System.nanoTime();
        List<OperationOutcome> outcomes = new ArrayList<>();
        outcomes.add(engine.run(array, Operation.create(group, pair, ArrayUnderTestSettings.SAMPLE_PVOL, ArrayUnderTestSettings.SAMPLE_SVOL,
                waitForTarget), TimeScale.REAL));
        if (outcomes.get(0).succeeded()) {
            outcomes.add(engine.run(array, Operation.split(group, pair, waitForTarget), TimeScale.REAL));
        }
        if (outcomes.get(outcomes.size() - 1).succeeded()) {
            outcomes.add(engine.run(array, Operation.status(group, pair), TimeScale.REAL));
        }
        engine.release(array);
        double seconds = (System.nanoTime() - start) / 1e9;
        array.settle();
        leaks(array, "ours");
        OperationOutcome last = outcomes.get(outcomes.size() - 1);
        boolean ok = outcomes.size() == 3 && last.succeeded();
        String failure = outcomes.stream().filter(o -> !o.succeeded()).map(OperationOutcome::failure).findFirst().orElse(null);
        return new Run(ok, failure, array.requestCount(), seconds, last.pvolStatus() + "/" + last.svolStatus(),
                array.requestSequence());
    }

    private Run sampleJava(ArrayUnderTest array) throws InterruptedException {
        SampleFlow flow = new SampleFlow(new SampleUrls(array.baseUrl(), array.storageDeviceId()), TimeScale.REAL);
        SampleFlow.Result r = flow.run(new SampleFlow.Parameters(array.user(), array.password(), "SI_347", "p_347-348",
                ArrayUnderTestSettings.SAMPLE_PVOL, ArrayUnderTestSettings.SAMPLE_SVOL));
        array.settle();
        leaks(array, "Java sample");
        if (r.restCalls() != array.requestCount()) {
            notes.add("Java sample: the client counted " + r.restCalls() + " requests, the simulator logged "
                    + array.requestCount() + ".");
        }
        return new Run(r.succeeded(), r.failure(), array.requestCount(), r.wall().toNanos() / 1e9,
                r.pvolStatus() + "/" + r.svolStatus(), array.requestSequence());
    }

    private Run python(ArrayUnderTest array) throws InterruptedException {
        PythonSample.Result r = python.run(array);
        array.settle();
        leaks(array, "Python sample");
        return new Run(r.succeeded(), r.failure(), array.requestCount(), r.seconds(),
                r.pvolStatus() + "/" + r.svolStatus(), array.requestSequence());
    }

    private void leaks(ArrayUnderTest array, String who) {
        int open = array.openSessions();
        if (open > 0) {
            notes.add(who + " left " + open + " REST session(s) open on the array after its run.");
        }
    }

    /** "A, B ×3, C": consecutive repeats folded. */
    static String compact(List<String> sequence) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sequence.size(); ) {
            int j = i;
            while (j < sequence.size() && sequence.get(j).equals(sequence.get(i))) {
                j++;
            }
            out.append(out.length() == 0 ? "" : ", ").append('`').append(sequence.get(i)).append('`');
            if (j - i > 1) {
                out.append(" ×").append(j - i);
            }
            i = j;
        }
        return out.toString();
    }
}
