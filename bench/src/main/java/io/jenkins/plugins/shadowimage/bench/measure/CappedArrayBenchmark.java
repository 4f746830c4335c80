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
import io.jenkins.plugins.shadowimage.bench.subject.ServedRequest;
import io.jenkins.plugins.shadowimage.bench.subject.ServerLimits;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Measurement 5: N concurrent operations spread over copy groups of {@code pairsPerGroup} pairs, as CI runs them
 * (each group holds creates, splits and status reads), on an array whose REST server is capped: requests per
 * second, slow logins, the 64-session cap. The pairs the splits and reads need are made beforehand on the same
 * array, sped up and unthrottled; the measured run is at real time and at the cap. Compares, each on a fresh
 * array, our engine on the plugin's runtime, the same with batched status reads off, and Hitachi's sample
 * algorithm (a copy per operation, each with its own session).
 */
public final class CappedArrayBenchmark {

    private static final int FIRST_LDEV = 2000;
    private static final double PREPARATION_SCALE = 100;
    /** A wait longer than this must be noticed within max(1 s, 10 %) of it. */
    public static final double LONG_WAIT_SECONDS = 60;

    /**
     * One run's shape.
     *
     * @param copySeconds the initial copy of one pair at copyPace 3, in array seconds (real time here)
     */
    public record Plan(int operations, int pairsPerGroup, ServerLimits limits, int sessionLimit, double copySeconds) {

        int groups() {
            return (operations + pairsPerGroup - 1) / pairsPerGroup;
        }

        String mix() {
            int creates = (operations + 2) / 3;
            int splits = (operations + 1) / 3;
            return String.format(Locale.ROOT, "%d create, %d split, %d status in %d groups of %d", creates, splits,
                    operations - creates - splits, groups(), pairsPerGroup);
        }
    }

    private final ArrayFactory arrays;
    private final Plan plan;
    private final List<String> notes = new ArrayList<>();
    private double loneSeconds = Double.NaN;

    public CappedArrayBenchmark(ArrayFactory arrays, Plan plan) {
        this.arrays = arrays;
        this.plan = plan;
    }

    public Plan plan() {
        return plan;
    }

    public List<String> notes() {
        return notes;
    }

    /** Our engine (or a variant of it), every operation submitted at once to its runtime. */
    public CappedRunResult run(Engine engine, String label) throws InterruptedException {
        try (ArrayUnderTest array = prepare(engine)) {
            if (Double.isNaN(loneSeconds)) {
                loneSeconds = lone(engine, array);
            }
            List<Operation> operations = operations();
            return measure(label, array, engine, () -> engine.runConcurrently(array, operations));
        }
    }

    /** Hitachi's sample algorithm: a copy of the sample per operation, each on its own thread and session. */
    public CappedRunResult runSample(Engine preparation) throws InterruptedException {
        ExecutorService pool = Executors.newCachedThreadPool();
        try (ArrayUnderTest array = prepare(preparation)) {
            HttpClient shared = SampleHttp.newClient(pool);
            SampleUrls urls = new SampleUrls(array.baseUrl(), array.storageDeviceId());
            List<Operation> operations = operations();
            return measure("Hitachi sample algorithm", array, null, () -> List.copyOf(SampleThreads.runEach(operations,
                    "sample-op", op -> sample(op, array, urls, shared))));
        } finally {
            pool.shutdownNow();
        }
    }

    private static OperationOutcome sample(Operation op, ArrayUnderTest array, SampleUrls urls, HttpClient shared) {
        SampleOperations sample = new SampleOperations(new SampleClient(urls, TimeScale.REAL, new SampleHttp(shared)),
                array.user(), array.password());
        long start = System.nanoTime();
        try {
            switch (op.kind()) {
                // The groups exist: the one change a user of the sample makes is isNewGroupCreation false.
                case CREATE -> sample.create(op.copyGroupName(), op.copyPairName(), op.pvolLdevId(), op.svolLdevId(),
                        false);
                case SPLIT -> sample.split(op.copyGroupName(), op.copyPairName());
                case STATUS -> sample.status(op.copyGroupName(), op.copyPairName());
            }
            return new OperationOutcome(op, true, null, start, System.nanoTime(), null, null, List.of());
        } catch (SampleFailure e) {
            return new OperationOutcome(op, false, e.getMessage(), start, System.nanoTime(), null, null, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new OperationOutcome(op, false, "interrupted", start, System.nanoTime(), null, null, List.of());
        }
    }

    @FunctionalInterface
    private interface Work {
        List<OperationOutcome> run() throws InterruptedException;
    }

    private CappedRunResult measure(String label, ArrayUnderTest array, Engine engine, Work work)
            throws InterruptedException {
        System.gc();
        array.settle();
        long mark = array.logMark();
        Instant anchor = Instant.now();
        long anchorNanos = System.nanoTime();
        List<OperationOutcome> outcomes;
        SessionMeter sessions = new SessionMeter(array::openSessions, 20);
        double wall;
        try {
            outcomes = work.run();
            wall = (System.nanoTime() - anchorNanos) / 1e9;
            if (engine != null) {
                engine.release(array);
            }
            array.settle();
        } finally {
            sessions.close();
        }
        List<ServedRequest> log = array.requestsAfter(mark);
        Map<String, Instant> since = array.pairStatusSince();
        List<CappedRunResult.Wait> waits = new ArrayList<>();
        for (OperationOutcome o : outcomes) {
            Operation op = o.operation();
            Instant reached = since.get(op.copyGroupName() + "/" + op.copyPairName());
            if (!o.succeeded() || op.kind() == Operation.Kind.STATUS || reached == null) {
                continue;
            }
            Instant noticed = anchor.plusNanos(o.doneAtNanos() - anchorNanos);
            waits.add(new CappedRunResult.Wait(op.kind(), arrayWait(op.kind()), seconds(reached, noticed)));
        }
        Instant lastRefusal = log.stream().filter(ServedRequest::busy).map(ServedRequest::time).max(Instant::compareTo)
                .orElse(null);
        int ok = (int) outcomes.stream().filter(OperationOutcome::succeeded).count();
        long served = log.stream().filter(r -> !r.busy()).count();
        long busy = log.stream().filter(ServedRequest::busy).count();
        long logins = log.stream().filter(r -> !r.busy() && r.endpoint().equals("POST /sessions")).count();
        int cap = plan.limits().requestsPerSecond();
        double ideal = Math.max(loneSeconds, cap == 0 ? 0 : served / (double) cap);
        return new CappedRunResult(label, plan.operations(), plan.mix(), ok, failures(outcomes), served, busy,
                lastRefusal == null ? Double.NaN : seconds(anchor, lastRefusal),
                peakPerSecond(log, false), peakPerSecond(log, true), logins, sessions.sessionSeconds(),
                sessions.peak(), wall, ideal, loneSeconds, waits, requestList(log));
    }

    /**
     * How long the array takes for the change an operation waits for: a create's initial copy, a split's flush of
     * the differential data (1 % of the volume, the simulator's default) of a pair in PAIR. That, not the time the
     * operation queued for the request budget before sending it, is the wait whose end must be noticed promptly.
     */
    private double arrayWait(Operation.Kind kind) {
        return kind == Operation.Kind.CREATE ? plan.copySeconds() : plan.copySeconds() * 0.01;
    }

    /** The most requests the array answered within any one second (sliding), refused ones too or not. */
    static int peakPerSecond(List<ServedRequest> log, boolean servedOnly) {
        List<Instant> times = log.stream().filter(r -> !servedOnly || !r.busy()).map(ServedRequest::time).sorted()
                .toList();
        int peak = 0;
        int first = 0;
        for (int last = 0; last < times.size(); last++) {
            while (!times.get(first).plusSeconds(1).isAfter(times.get(last))) {
                first++;
            }
            peak = Math.max(peak, last - first + 1);
        }
        return peak;
    }

    private static Map<String, Long> requestList(List<ServedRequest> log) {
        return log.stream().collect(Collectors.groupingBy(r -> r.busy() ? r.endpoint() + " (503)" : r.endpoint(),
                java.util.TreeMap::new, Collectors.counting()));
    }

    private static String failures(List<OperationOutcome> outcomes) {
        return outcomes.stream().filter(o -> !o.succeeded())
                .collect(Collectors.groupingBy(o -> o.operation().kind().name().toLowerCase(Locale.ROOT) + ": "
                        + shorten(o.failure()), Collectors.counting()))
                .entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .map(e -> e.getValue() + "× " + e.getKey()).collect(Collectors.joining("; "));
    }

    private static String shorten(String message) {
        if (message == null) {
            return "";
        }
        String oneLine = message.replaceAll("\\s+", " ");
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"messageId\":\"([^\"]+)\"").matcher(oneLine);
        int body = oneLine.indexOf(" {");
        String head = body > 0 ? oneLine.substring(0, body) : oneLine;
        if (head.length() > 100) {
            head = head.substring(0, 97) + "...";
        }
        return id.find() ? head + " (" + id.group(1) + ")" : head;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    /**
     * The longest of one create (it waits for the initial copy) and one split run alone on the capped array: the
     * floor no concurrency can beat.
     */
    private double lone(Engine engine, ArrayUnderTest array) throws InterruptedException {
        int i = plan.operations();
        double longest = 0;
        for (Operation op : List.of(Operation.create(group(i), pair(i), FIRST_LDEV + 2 * i, FIRST_LDEV + 2 * i + 1,
                true), Operation.split(group(i), pair(i), true))) {
            OperationOutcome o = engine.runConcurrently(array, List.of(op)).get(0);
            if (!o.succeeded()) {
                throw new IllegalStateException("lone " + op.kind() + " failed: " + o.failure());
            }
            longest = Math.max(longest, o.seconds());
        }
        engine.release(array);
        return longest;
    }

    /** The measured operations: pair i of the run is in group i / pairsPerGroup; kinds take turns. */
    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>(plan.operations());
        for (int i = 0; i < plan.operations(); i++) {
            operations.add(switch (kind(i)) {
                case CREATE -> Operation.create(group(i), pair(i), FIRST_LDEV + 2 * i, FIRST_LDEV + 2 * i + 1, true);
                case SPLIT -> Operation.split(group(i), pair(i), true);
                case STATUS -> Operation.status(group(i), pair(i));
            });
        }
        Collections.shuffle(operations, new Random(plan.operations()));
        return operations;
    }

    private static Operation.Kind kind(int i) {
        return Operation.Kind.values()[i % 3];
    }

    /**
     * A fresh array on which every split's and status read's pair exists in PAIR; made sped up and unthrottled
     * (each group's first pair before the others, so that only one create makes the group), then set back to real
     * time and the cap.
     */
    private ArrayUnderTest prepare(Engine engine) throws InterruptedException {
        int pairs = plan.operations() + 1;
        ArrayUnderTestSettings settings = new ArrayUnderTestSettings(1.0, Duration.ofMillis(500), Duration.ofMillis(1500),
                ArrayUnderTestSettings.copySpeedFor(1, plan.copySeconds()), FIRST_LDEV, 2 * pairs, 1, plan.sessionLimit());
        ArrayUnderTest array = arrays.start(settings, plan.limits());
        try {
            array.requestRate(0);
            array.timeScale(PREPARATION_SCALE);
            List<Operation> first = new ArrayList<>();
            List<Operation> rest = new ArrayList<>();
            java.util.Set<String> groups = new java.util.HashSet<>();
            for (int i = 0; i < plan.operations(); i++) {
                if (kind(i) != Operation.Kind.CREATE) {
                    Operation op = Operation.create(group(i), pair(i), FIRST_LDEV + 2 * i, FIRST_LDEV + 2 * i + 1, true);
                    (groups.add(group(i)) ? first : rest).add(op);
                }
            }
            for (List<Operation> wave : List.of(first, rest)) {
                List<OperationOutcome> prep = engine.runConcurrently(array, wave);
                long failed = prep.stream().filter(o -> !o.succeeded()).count();
                if (failed > 0) {
                    throw new IllegalStateException(failed + " pairs could not be prepared: " + prep.stream()
                            .filter(o -> !o.succeeded()).findFirst().map(OperationOutcome::failure).orElse(""));
                }
            }
            engine.release(array);
            array.settle();
            array.timeScale(1.0);
            array.requestRate(plan.limits().requestsPerSecond());
            return array;
        } catch (RuntimeException | InterruptedException e) {
            array.close();
            throw e;
        }
    }

    /** Pair i's group; the lone operations' pair (i = operations) has a group of its own. */
    private String group(int i) {
        return i >= plan.operations() ? "CAP_LONE" : String.format(Locale.ROOT, "CAP_%04d", i / plan.pairsPerGroup());
    }

    private static String pair(int i) {
        return String.format(Locale.ROOT, "p%05d", i);
    }
}
