package io.jenkins.plugins.shadowimage.bench.measure;

import io.jenkins.plugins.shadowimage.bench.TimeScale;
import io.jenkins.plugins.shadowimage.bench.sample.SampleClient;
import io.jenkins.plugins.shadowimage.bench.sample.SampleFailure;
import io.jenkins.plugins.shadowimage.bench.sample.SampleFlow;
import io.jenkins.plugins.shadowimage.bench.sample.SampleUrls;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayFactory;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTestSettings;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTest;
import io.jenkins.plugins.shadowimage.bench.subject.Engine;
import io.jenkins.plugins.shadowimage.bench.subject.Operation;
import io.jenkins.plugins.shadowimage.bench.subject.OperationOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measurement 2: how long after the array reached a state the client noticed it. A job wait creates
 * a pair and waits for the create job; a copy wait creates a pair and waits for PAIR. The array's
 * moment is taken in-process by an {@link ArrayWatcher}; the client's moment is when it returned.
 * The sample's algorithm waits for jobs exactly as the sample does and for the copy with the sample's
 * back-off applied to GET pair.
 */
public final class DetectionDelayBenchmark {

    /** Short job of the copy cases, so the copy dominates. */
    private static final Duration COPY_CASE_JOB = Duration.ofMillis(200);
    private static final long COPY_CASE_LDEV_GIB = 16;

    private final ArrayFactory arrays;
    private final Engine engine;
    private final List<DetectionCase> cases;
    private final int repetitions;
    private final List<String> notes = new ArrayList<>();

    /** One run's figures. */
    private record Sample(boolean ok, double delaySeconds, long calls, String failure) { }

    public DetectionDelayBenchmark(ArrayFactory arrays, Engine engine, List<DetectionCase> cases, int repetitions) {
        this.arrays = arrays;
        this.engine = engine;
        this.cases = cases;
        this.repetitions = repetitions;
    }

    public List<String> notes() {
        return notes;
    }

    public List<DetectionResult> run() throws InterruptedException {
        List<DetectionResult> results = new ArrayList<>();
        for (DetectionCase c : cases) {
            results.add(measure(c, "ours", this::ours));
            results.add(measure(c, "Hitachi sample algorithm", this::sample));
        }
        return results;
    }

    @FunctionalInterface
    private interface Algorithm {
        Sample run(DetectionCase c, ArrayUnderTest array, ArrayWatcher watcher) throws InterruptedException;
    }

    private DetectionResult measure(DetectionCase c, String name, Algorithm algorithm) throws InterruptedException {
        List<Double> delays = new ArrayList<>();
        List<Double> calls = new ArrayList<>();
        int failures = 0;
        String failure = null;
        for (int i = 0; i < repetitions; i++) {
            try (ArrayUnderTest array = arrays.start(settings(c)); ArrayWatcher watcher = new ArrayWatcher(array)) {
                Sample s = algorithm.run(c, array, watcher);
                if (s.ok()) {
                    delays.add(s.delaySeconds());
                    calls.add((double) s.calls());
                } else {
                    failures++;
                    failure = failure == null ? s.failure() : failure;
                }
            }
        }
        return new DetectionResult(c.label(), c.waitSeconds(), c.copy(), c.scale().factor(), name,
                Stats.of(delays), Stats.of(calls), failures, failure == null ? null : "failed: " + failure);
    }

    private static ArrayUnderTestSettings settings(DetectionCase c) {
        if (c.copy()) {
            return new ArrayUnderTestSettings(c.scale().factor(), COPY_CASE_JOB, COPY_CASE_JOB,
                    ArrayUnderTestSettings.copySpeedFor(COPY_CASE_LDEV_GIB, c.waitSeconds()), 100, 2, COPY_CASE_LDEV_GIB, 64);
        }
        Duration job = Duration.ofMillis(Math.round(c.waitSeconds() * 1000));
        return new ArrayUnderTestSettings(c.scale().factor(), job, job, 512, 100, 2, 1, 64);
    }

    private Sample ours(DetectionCase c, ArrayUnderTest array, ArrayWatcher watcher) throws InterruptedException {
        OperationOutcome o = engine.run(array, Operation.create("DET", "det-pair", 100, 101, c.copy()), c.scale());
        engine.release(array);
        array.settle();
        if (!o.succeeded()) {
            return new Sample(false, 0, array.requestCount(), o.failure());
        }
        long reached = reachedAt(c, watcher, "det-pair");
        if (reached < 0) {
            return new Sample(false, 0, array.requestCount(), "the watcher never saw the state");
        }
        return new Sample(true, c.scale().toArraySeconds(o.doneAtNanos() - reached), array.requestCount(), null);
    }

    private Sample sample(DetectionCase c, ArrayUnderTest array, ArrayWatcher watcher) throws InterruptedException {
        SampleUrls urls = new SampleUrls(array.baseUrl(), array.storageDeviceId());
        SampleClient client = new SampleClient(urls, c.scale());
        long noticed;
        try {
            client.generateSession(array.user(), array.password());
            SampleClient.AsyncOutcome created = client.invokeAsyncCommand("post", urls.localCopyPairs(),
                    SampleFlow.createBody(new SampleFlow.Parameters(array.user(), array.password(), "DET", "det-pair", 100, 101)));
            noticed = created.noticedAtNanos();
            if (c.copy()) {
                noticed = client.waitForPairStatus(urls.affectedResource(created.affectedResource()), "PAIR").noticedAtNanos();
            }
        } catch (SampleFailure e) {
            client.discardSession();
            return new Sample(false, 0, array.requestCount(), e.getMessage());
        }
        client.discardSession();
        array.settle();
        long reached = reachedAt(c, watcher, "det-pair");
        if (reached < 0) {
            return new Sample(false, 0, array.requestCount(), "the watcher never saw the state");
        }
        return new Sample(true, c.scale().toArraySeconds(noticed - reached), array.requestCount(), null);
    }

    private static long reachedAt(DetectionCase c, ArrayWatcher watcher, String pair) {
        return c.copy() ? watcher.pairStatusAt(pair, "PAIR") : watcher.jobCompletedAt(watcher.lastCompletedJob());
    }
}
