package io.jenkins.plugins.shadowimage.bench.measure;

import io.jenkins.plugins.shadowimage.bench.TimeScale;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayFactory;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTestSettings;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTest;
import io.jenkins.plugins.shadowimage.bench.subject.Engine;
import io.jenkins.plugins.shadowimage.bench.subject.Operation;
import io.jenkins.plugins.shadowimage.bench.subject.OperationOutcome;
import io.jenkins.plugins.shadowimage.bench.subject.ServedRequest;
import io.jenkins.plugins.shadowimage.bench.subject.ServerLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Measurement 6: one create whose initial copy takes hours, on a time-scaled array, driven step by step by our
 * engine at the same scale (its clock and its session linger in array time): how many logins and how many
 * session-seconds the wait costs, and whether a session stays open while it waits.
 */
public final class LongWaitBenchmark {

    private static final int PVOL = 3000;

    private final ArrayFactory arrays;

    public LongWaitBenchmark(ArrayFactory arrays) {
        this.arrays = arrays;
    }

    /** The result of one long create. All durations in array seconds. */
    /**
     * @param sessionSeconds        open sessions over the whole create, submission included
     * @param waitSessionSeconds    the same within the wait for the copy only
     * @param longestSessionSeconds the longest stretch of the wait with a session open
     */
    public record Result(double timeScale, double copySeconds, boolean succeeded, String failure, double waitSeconds,
            double delaySeconds, long logins, long requests, double sessionSeconds, double waitSessionSeconds,
            double longestSessionSeconds, Duration loginLatency) { }

    public Result run(Engine engine, TimeScale scale, double copySeconds) throws InterruptedException {
        Duration login = scale.toWall(Duration.ofSeconds(1));
        ArrayUnderTestSettings settings = new ArrayUnderTestSettings(scale.factor(), Duration.ofMillis(500), Duration.ofMillis(1500),
                ArrayUnderTestSettings.copySpeedFor(1, copySeconds), PVOL, 2, 1, 64);
        try (ArrayUnderTest array = arrays.start(settings, new ServerLimits(0, login, Duration.ZERO))) {
            long mark = array.logMark();
            Instant anchor = Instant.now();
            long anchorNanos = System.nanoTime();
            OperationOutcome o;
            SessionMeter sessions = new SessionMeter(array::openSessions, 2);
            try {
                o = engine.run(array, Operation.create("LONG", "p0", PVOL, PVOL + 1, true)
                        .withTimeout(Duration.ofSeconds((long) (2 * copySeconds))), scale);
                engine.release(array);
                array.settle();
            } finally {
                sessions.close();
            }
            List<ServedRequest> log = array.requestsAfter(mark);
            Instant reached = array.pairStatusSince().get("LONG/p0");
            // The wait: from the create's job (the copy starts when it completes) to the pair turning PAIR.
            Instant copying = array.jobCompletedTimes().values().stream().min(Instant::compareTo).orElse(null);
            double wait = Double.NaN;
            double delay = Double.NaN;
            double waitSessionSeconds = Double.NaN;
            double longest = Double.NaN;
            if (o.succeeded() && reached != null && copying != null) {
                Instant noticed = anchor.plusNanos(o.doneAtNanos() - anchorNanos);
                wait = Duration.between(copying, reached).toNanos() / 1e9 * scale.factor();
                delay = Duration.between(reached, noticed).toNanos() / 1e9 * scale.factor();
                long from = anchorNanos + Duration.between(anchor, copying).toNanos();
                long to = anchorNanos + Duration.between(anchor, reached).toNanos();
                waitSessionSeconds = sessions.sessionSecondsWithin(from, to) * scale.factor();
                longest = sessions.longestOpenSecondsWithin(from, to) * scale.factor();
            }
            long logins = log.stream().filter(r -> !r.busy() && r.endpoint().equals("POST /sessions")).count();
            return new Result(scale.factor(), copySeconds, o.succeeded(), o.failure(), wait, delay, logins, log.size(),
                    sessions.sessionSeconds() * scale.factor(), waitSessionSeconds, longest,
                    Duration.ofSeconds(1));
        }
    }
}
