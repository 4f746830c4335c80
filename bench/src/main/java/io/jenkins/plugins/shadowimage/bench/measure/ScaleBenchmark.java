package io.jenkins.plugins.shadowimage.bench.measure;

import io.jenkins.plugins.shadowimage.bench.TimeScale;
import io.jenkins.plugins.shadowimage.bench.sample.SampleClient;
import io.jenkins.plugins.shadowimage.bench.sample.SampleFailure;
import io.jenkins.plugins.shadowimage.bench.sample.SampleHttp;
import io.jenkins.plugins.shadowimage.bench.sample.SampleOperations;
import io.jenkins.plugins.shadowimage.bench.sample.SampleUrls;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayFactory;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTestSettings;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTest;
import io.jenkins.plugins.shadowimage.bench.subject.Engine;
import io.jenkins.plugins.shadowimage.bench.subject.Operation;
import io.jenkins.plugins.shadowimage.bench.subject.OperationOutcome;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Measurement 3: N concurrent operations (a third creates that wait for PAIR, a third splits that
 * wait for PSUS, a third status reads) on one simulated array with the 64-session cap. Pairs for the
 * splits and status reads are created beforehand on a sped-up array; the measured run is at real
 * time. Ours submits everything at once to the engine's runtime; the sample's algorithm runs one
 * copy of the sample per operation, each on its own thread with its own session, as independent
 * scripts would. Also collects the serialized state sizes of our waiting operations (measurement 4).
 */
public final class ScaleBenchmark {

    private static final int FIRST_LDEV = 1000;
    private static final double PREPARATION_SCALE = 100;

    private final ArrayFactory arrays;
    private final Engine engine;
    private final ArrayUnderTestSettings realistic;
    private final List<String> notes = new ArrayList<>();
    private final Map<Operation.Kind, List<Integer>> stateSizes = new LinkedHashMap<>();

    /** Which pairs an N-operation run uses. */
    private record Layout(int n, int creates, int splits, int statuses) {

        static Layout of(int n) {
            return new Layout(n, n / 3, n / 3, n - 2 * (n / 3));
        }

        /** Pairs that exist before the run: the splits', the reads', and one each for the lone split and read. */
        int prepared() {
            return splits + statuses + 2;
        }

        /** All pairs: the prepared ones, the creates', and one for the lone create. */
        int pairs() {
            return prepared() + creates + 1;
        }

        String mix() {
            return String.format(Locale.ROOT, "%d create, %d split, %d status", creates, splits, statuses);
        }

        /** The measured operations, kinds interleaved so that they compete from the first moment. */
        List<Operation> operations() {
            List<Operation> operations = new ArrayList<>(n);
            for (int i = 0; i < splits; i++) {
                operations.add(split(i));
            }
            for (int i = splits; i < splits + statuses; i++) {
                operations.add(status(i));
            }
            for (int i = prepared(); i < prepared() + creates; i++) {
                operations.add(create(i));
            }
            Collections.shuffle(operations, new Random(n));
            return operations;
        }
    }

    /** How one operation of a run ended. */
    private record Ended(Operation operation, boolean ok, String failure) { }

    public ScaleBenchmark(ArrayFactory arrays, Engine engine, ArrayUnderTestSettings realistic) {
        this.arrays = arrays;
        this.engine = engine;
        this.realistic = realistic;
    }

    public List<String> notes() {
        return notes;
    }

    /** Serialized state sizes seen while our operations were waiting, by kind, from the last run of ours. */
    public Map<Operation.Kind, List<Integer>> stateSizes() {
        return stateSizes;
    }

    /** Our engine: every operation submitted at once to its runtime. */
    public ScaleResult run(int n) throws InterruptedException {
        return run(n, "ours");
    }

    /** Our engine, labelled (e.g. for a variant of it). */
    public ScaleResult run(int n, String label) throws InterruptedException {
        Layout layout = Layout.of(n);
        try (ArrayUnderTest array = prepare(layout)) {
            double ideal = 0;
            for (Operation lone : List.of(create(layout.pairs() - 1), split(layout.prepared() - 2),
                    status(layout.prepared() - 1))) {
                OperationOutcome o = engine.runConcurrently(array, List.of(lone)).get(0);
                if (!o.succeeded()) {
                    throw new IllegalStateException("lone " + lone.kind() + " failed: " + o.failure());
                }
                ideal = Math.max(ideal, o.seconds());
            }
            List<OperationOutcome> outcomes = new ArrayList<>();
            ScaleResult result = measure(label, array, layout, ideal, engine.sessionBudget(), () -> {
                outcomes.addAll(engine.runConcurrently(array, layout.operations()));
                return outcomes.stream().map(o -> new Ended(o.operation(), o.succeeded(), o.failure())).toList();
            });
            engine.release(array);
            stateSizes.clear();
            for (OperationOutcome o : outcomes) {
                stateSizes.computeIfAbsent(o.operation().kind(), k -> new ArrayList<>()).addAll(o.stateSizes());
            }
            return result;
        }
    }

    /** Hitachi's sample algorithm: a copy of the sample per operation, each on its own thread. */
    public ScaleResult runSample(int n, double ideal) throws InterruptedException {
        Layout layout = Layout.of(n);
        // The client's worker threads end with this pool, so they do not count against the next run.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        try (ArrayUnderTest array = prepare(layout)) {
            HttpClient shared = SampleHttp.newClient(pool);
            SampleUrls urls = new SampleUrls(array.baseUrl(), array.storageDeviceId());
            // The sample has no session budget of its own: 0 stands for "none".
            return measure("Hitachi sample algorithm", array, layout, ideal, 0, () -> {
                List<Operation> operations = layout.operations();
                return SampleThreads.runEach(operations, "sample-operation",
                        op -> runSampleOperation(op, array, urls, shared));
            });
        } finally {
            pool.shutdownNow();
        }
    }

    private static Ended runSampleOperation(Operation op, ArrayUnderTest array, SampleUrls urls, HttpClient shared) {
        SampleOperations sample = new SampleOperations(new SampleClient(urls, TimeScale.REAL, new SampleHttp(shared)),
                array.user(), array.password());
        try {
            switch (op.kind()) {
                case CREATE -> sample.create(op.copyGroupName(), op.copyPairName(), op.pvolLdevId(), op.svolLdevId());
                case SPLIT -> sample.split(op.copyGroupName(), op.copyPairName());
                case STATUS -> sample.status(op.copyGroupName(), op.copyPairName());
            }
            return new Ended(op, true, null);
        } catch (SampleFailure e) {
            return new Ended(op, false, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ended(op, false, "interrupted");
        }
    }

    @FunctionalInterface
    private interface Work {
        List<Ended> run() throws InterruptedException;
    }

    private ScaleResult measure(String algorithm, ArrayUnderTest array, Layout layout, double ideal, int sessionBudget,
            Work work)
            throws InterruptedException {
        System.gc();
        array.settle();
        int baselineClientThreads = (int) Arrays.stream(ResourceSampler.liveThreads())
                .filter(t -> !array.isSimulatorThread(t)).count();
        long callsBefore = array.requestCount();
        long mark = array.logMark();
        int openAtMark = array.openSessions();
        long start = System.nanoTime();
        List<Ended> ended;
        ResourceSampler.Peaks peaks;
        ResourceSampler sampler = new ResourceSampler(array::openSessions, array::establishedConnections,
                array::isSimulatorThread, 5);
        try {
            ended = work.run();
        } finally {
            sampler.close();
        }
        peaks = sampler.peaks();
        double wall = (System.nanoTime() - start) / 1e9;
        engine.release(array);
        array.settle();
        long calls = array.requestCount() - callsBefore;
        int peakSessions = Math.max(peaks.sessions(), array.peakSessionsSince(mark, openAtMark));

        int ok = (int) ended.stream().filter(Ended::ok).count();
        String failures = ended.stream().filter(e -> !e.ok())
                .collect(Collectors.groupingBy(e -> e.operation().kind().name().toLowerCase(Locale.ROOT) + ": "
                        + shorten(e.failure()), Collectors.counting()))
                .entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .map(e -> e.getValue() + "× " + e.getKey()).collect(Collectors.joining("; "));
        return new ScaleResult(algorithm, layout.n(), layout.mix(), ok, failures, peakSessions, realistic.sessionLimit(),
                sessionBudget, peaks.threads(), peaks.clientThreads(), baselineClientThreads, peaks.heapBytes(),
                peaks.connections(),
                wall, ideal, calls / (double) layout.n());
    }

    /** A fresh array on which the layout's prepared pairs exist in PAIR, back at real time. */
    private ArrayUnderTest prepare(Layout layout) throws InterruptedException {
        ArrayUnderTestSettings settings = new ArrayUnderTestSettings(realistic.timeScale(), realistic.jobDurationMin(),
                realistic.jobDurationMax(), realistic.copyMiBPerSecondPace(), FIRST_LDEV, 2 * layout.pairs(),
                realistic.ldevGiB(), realistic.sessionLimit());
        ArrayUnderTest array = arrays.start(settings);
        try {
            array.timeScale(PREPARATION_SCALE);
            List<Operation> preparation = new ArrayList<>();
            for (int i = 0; i < layout.prepared(); i++) {
                preparation.add(create(i));
            }
            List<OperationOutcome> prep = engine.runConcurrently(array, preparation);
            engine.release(array);
            long failed = prep.stream().filter(o -> !o.succeeded()).count();
            if (failed > 0) {
                throw new IllegalStateException(failed + " of " + layout.prepared() + " pairs could not be prepared: "
                        + prep.stream().filter(o -> !o.succeeded()).findFirst().map(OperationOutcome::failure).orElse(""));
            }
            array.timeScale(realistic.timeScale());
            return array;
        } catch (RuntimeException | InterruptedException e) {
            array.close();
            throw e;
        }
    }

    private static String shorten(String message) {
        if (message == null) {
            return "";
        }
        // Keep the headline and the array's message id; drop the JSON body.
        String oneLine = message.replaceAll("\\s+", " ");
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"messageId\":\"([^\"]+)\"").matcher(oneLine);
        int body = oneLine.indexOf(" {");
        String head = body > 0 ? oneLine.substring(0, body) : oneLine;
        if (head.length() > 100) {
            head = head.substring(0, 97) + "...";
        }
        return id.find() ? head + " (" + id.group(1) + ")" : head;
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
