package io.jenkins.plugins.shadowimage.bench.measure;

import io.jenkins.plugins.shadowimage.bench.subject.ArrayFactory;
import io.jenkins.plugins.shadowimage.bench.subject.ArraySettings;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTest;
import io.jenkins.plugins.shadowimage.bench.subject.Engine;
import io.jenkins.plugins.shadowimage.bench.subject.Operation;
import io.jenkins.plugins.shadowimage.bench.subject.OperationOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Measurement 3: N concurrent operations (a third creates that wait for PAIR, a third splits that
 * wait for PSUS, a third status reads) on one simulated array with the 64-session cap, submitted at
 * once to the engine's scheduler. Pairs for the splits and status reads are created beforehand on a
 * sped-up array; the measured run is at real time. Also collects the serialized state sizes of
 * waiting operations for measurement 4.
 */
public final class ScaleBenchmark {

    private static final int FIRST_LDEV = 1000;
    private static final double PREPARATION_SCALE = 100;

    private final ArrayFactory arrays;
    private final Engine engine;
    private final ArraySettings realistic;
    private final List<String> notes = new ArrayList<>();
    private final Map<Operation.Kind, List<Integer>> stateSizes = new LinkedHashMap<>();

    public ScaleBenchmark(ArrayFactory arrays, Engine engine, ArraySettings realistic) {
        this.arrays = arrays;
        this.engine = engine;
        this.realistic = realistic;
    }

    public List<String> notes() {
        return notes;
    }

    /** Serialized state sizes seen while operations were waiting, by kind, from the largest run. */
    public Map<Operation.Kind, List<Integer>> stateSizes() {
        return stateSizes;
    }

    public ScaleResult run(int n) throws InterruptedException {
        int creates = n / 3;
        int splits = n / 3;
        int statuses = n - creates - splits;
        int prepared = splits + statuses + 2; // +2: the lone split and status that set the ideal
        int pairs = prepared + creates + 1;    // +1: the lone create
        ArraySettings settings = new ArraySettings(realistic.timeScale(), realistic.jobDurationMin(),
                realistic.jobDurationMax(), realistic.copyMiBPerSecondPace(), FIRST_LDEV, 2 * pairs,
                realistic.ldevGiB(), realistic.sessionLimit());
        try (ArrayUnderTest array = arrays.start(settings)) {
            // Pairs 0..prepared-1 exist in PAIR before the measurement.
            array.timeScale(PREPARATION_SCALE);
            List<Operation> preparation = new ArrayList<>();
            for (int i = 0; i < prepared; i++) {
                preparation.add(create(i));
            }
            List<OperationOutcome> prep = engine.runConcurrently(array, preparation);
            long prepFailed = prep.stream().filter(o -> !o.succeeded()).count();
            if (prepFailed > 0) {
                throw new IllegalStateException(prepFailed + " of " + prepared + " pairs could not be prepared: "
                        + prep.stream().filter(o -> !o.succeeded()).findFirst().map(OperationOutcome::failure).orElse(""));
            }
            array.timeScale(realistic.timeScale());

            // The ideal: each kind of operation alone.
            double ideal = 0;
            for (Operation lone : List.of(create(pairs - 1), split(prepared - 2), status(prepared - 1))) {
                OperationOutcome o = engine.runConcurrently(array, List.of(lone)).get(0);
                if (!o.succeeded()) {
                    throw new IllegalStateException("lone " + lone.kind() + " failed: " + o.failure());
                }
                ideal = Math.max(ideal, o.seconds());
            }

            List<Operation> operations = new ArrayList<>(n);
            for (int i = 0; i < splits; i++) {
                operations.add(split(i));
            }
            for (int i = splits; i < splits + statuses; i++) {
                operations.add(status(i));
            }
            for (int i = prepared; i < prepared + creates; i++) {
                operations.add(create(i));
            }
            // Interleave kinds so that creates, splits and reads compete from the first moment.
            java.util.Collections.shuffle(operations, new java.util.Random(n));

            System.gc();
            int baselineClientThreads = (int) java.util.Arrays.stream(ResourceSampler.liveThreads())
                    .filter(t -> !array.isSimulatorThread(t)).count();
            array.settle();
            long callsBefore = array.requestCount();
            long mark = array.logMark();
            int openAtMark = array.openSessions();
            long start = System.nanoTime();
            List<OperationOutcome> outcomes;
            ResourceSampler.Peaks peaks;
            try (ResourceSampler sampler = new ResourceSampler(array::openSessions, array::isSimulatorThread, 5)) {
                outcomes = engine.runConcurrently(array, operations);
                sampler.close();
                peaks = sampler.peaks();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            engine.release(array);
            array.settle();
            long calls = array.requestCount() - callsBefore;
            int peakSessions = Math.max(peaks.sessions(), array.peakSessionsSince(mark, openAtMark));

            int ok = (int) outcomes.stream().filter(OperationOutcome::succeeded).count();
            String failures = outcomes.stream().filter(o -> !o.succeeded())
                    .collect(Collectors.groupingBy(o -> o.operation().kind() + ": " + o.failure(), Collectors.counting()))
                    .entrySet().stream().limit(3).map(e -> e.getValue() + "× " + e.getKey())
                    .collect(Collectors.joining("; "));
            stateSizes.clear();
            for (OperationOutcome o : outcomes) {
                stateSizes.computeIfAbsent(o.operation().kind(), k -> new ArrayList<>()).addAll(o.stateSizes());
            }
            String mix = String.format(Locale.ROOT, "%d create, %d split, %d status", creates, splits, statuses);
            return new ScaleResult(n, mix, ok, failures, peakSessions, realistic.sessionLimit(), engine.sessionBudget(),
                    peaks.threads(), peaks.clientThreads(), baselineClientThreads, peaks.heapBytes(), wall, ideal,
                    calls / (double) n);
        }
    }

    private static Operation create(int i) {
        return Operation.create(group(i), pair(i), FIRST_LDEV + 2 * i, FIRST_LDEV + 2 * i + 1, true);
    }

    private static Operation split(int i) {
        return Operation.split(group(i), pair(i), true);
    }

    private static Operation status(int i) {
        return Operation.status(group(i), pair(i));
    }

    private static String group(int i) {
        return String.format(Locale.ROOT, "BENCH_%05d", i);
    }

    private static String pair(int i) {
        return String.format(Locale.ROOT, "p%05d", i);
    }
}
