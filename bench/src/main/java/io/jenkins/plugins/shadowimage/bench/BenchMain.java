package io.jenkins.plugins.shadowimage.bench;

import io.jenkins.plugins.shadowimage.bench.measure.CappedArrayBenchmark;
import io.jenkins.plugins.shadowimage.bench.ours.CoreEngine;
import io.jenkins.plugins.shadowimage.bench.measure.CappedRunResult;
import io.jenkins.plugins.shadowimage.bench.measure.DemoLogins;
import io.jenkins.plugins.shadowimage.bench.measure.DetectionCase;
import io.jenkins.plugins.shadowimage.bench.measure.LongWaitBenchmark;
import io.jenkins.plugins.shadowimage.bench.measure.MachineLoad;
import io.jenkins.plugins.shadowimage.bench.measure.DetectionDelayBenchmark;
import io.jenkins.plugins.shadowimage.bench.measure.DetectionResult;
import io.jenkins.plugins.shadowimage.bench.measure.MachineInfo;
import io.jenkins.plugins.shadowimage.bench.measure.ScaleBenchmark;
import io.jenkins.plugins.shadowimage.bench.measure.ScaleResult;
import io.jenkins.plugins.shadowimage.bench.measure.SeedFlowBenchmark;
import io.jenkins.plugins.shadowimage.bench.measure.SeedFlowResult;
import io.jenkins.plugins.shadowimage.bench.measure.StateSizeResult;
import io.jenkins.plugins.shadowimage.bench.measure.StateSizes;
import io.jenkins.plugins.shadowimage.bench.report.DelayPlot;
import io.jenkins.plugins.shadowimage.bench.report.PerformanceReport;
import io.jenkins.plugins.shadowimage.bench.sample.PythonSample;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayFactory;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTestSettings;
import io.jenkins.plugins.shadowimage.bench.subject.Engine;
import io.jenkins.plugins.shadowimage.bench.subject.ServerLimits;
import java.awt.Color;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the four measurements of issue 6 against the in-process simulator and writes
 * {@code docs/performance.md} and {@code docs/detection-delay.png}.
 *
 * <pre>mvn -B -Pbench -DskipTests verify -pl bench -am</pre>
 *
 * Arguments: {@code --out DIR} (default {@code docs}), {@code --mode full|quick} (quick: one repetition
 * and fewer operations, to try the harness). System properties {@code bench.scale} (e.g. {@code 1000})
 * and {@code bench.parts.skip} (e.g. {@code seed,detection}) run one part alone while working on it.
 */
public final class BenchMain {

    public static final String COMMAND = "mvn -B -Pbench -DskipTests verify -pl bench -am";
    static final String PLOT_FILE = "detection-delay.png";
    /**
     * The 3-hour create runs this many times faster than a real array: 90 s of wall time, and a hiccup of 0.1 s
     * (a busy CPU) costs 12 s of array time.
     */
    static final double LONG_WAIT_SCALE = 120;

    /** Job and copy times of a working array, used for the seed flow and the scale runs. */
    static final ArrayUnderTestSettings REALISTIC = new ArrayUnderTestSettings(1.0, Duration.ofMillis(500), Duration.ofMillis(1500),
            ArrayUnderTestSettings.copySpeedFor(1, 8), 1000, 0, 1, 64);
    static final ArrayUnderTestSettings SEED_FLOW = new ArrayUnderTestSettings(1.0, Duration.ofSeconds(1), Duration.ofSeconds(1),
            ArrayUnderTestSettings.copySpeedFor(1, 8), 1000, 0, 1, 64);

    private BenchMain() { }

    /** How much of each measurement to run. */
    record Plan(String mode, int seedRuns, int detectionRepetitions, List<DetectionCase> cases, List<Integer> scale,
            CappedArrayBenchmark.Plan capped, boolean longWait) {

        Plan(String mode, int seedRuns, int detectionRepetitions, List<DetectionCase> cases, List<Integer> scale) {
            this(mode, seedRuns, detectionRepetitions, cases, scale, capped(mode), true);
        }

        /**
         * The capped array of the issue: 20 requests/s, 1 s logins, 64 sessions. Quick: 100 operations in groups of
         * 25 with 70 s copies (every create still waits longer than a minute); full: 1,000 in groups of 25, 150 s.
         */
        static CappedArrayBenchmark.Plan capped(String mode) {
            ServerLimits limits = new ServerLimits(20, Duration.ofSeconds(1), Duration.ZERO);
            return mode.startsWith("quick") ? new CappedArrayBenchmark.Plan(100, 25, limits, 64, 70)
                    : new CappedArrayBenchmark.Plan(1000, 25, limits, 64, 150);
        }

        Plan with(String label, int seed, List<DetectionCase> detection, List<Integer> scaleSizes,
                CappedArrayBenchmark.Plan cappedPlan, boolean longWaitToo) {
            return new Plan(mode + label, seed, detectionRepetitions, detection, scaleSizes, cappedPlan, longWaitToo);
        }


        static Plan of(String mode) {
            return switch (mode) {
                case "quick" -> new Plan(mode, 1, 1, List.of(
                        new DetectionCase(0.2, false, TimeScale.REAL),
                        new DetectionCase(2, false, new TimeScale(4)),
                        new DetectionCase(20, false, new TimeScale(20)),
                        new DetectionCase(10, true, new TimeScale(10)),
                        new DetectionCase(100, true, new TimeScale(50))), List.of(10, 60));
                // Time scales keep every wait at 1-5 s of wall time; a loopback round trip (~3 ms)
                // then costs at most 60 ms of array time.
                case "full" -> new Plan(mode, 3, 5, List.of(
                        new DetectionCase(0.2, false, TimeScale.REAL),
                        new DetectionCase(2, false, new TimeScale(2)),
                        new DetectionCase(20, false, new TimeScale(10)),
                        new DetectionCase(10, true, new TimeScale(5)),
                        new DetectionCase(100, true, new TimeScale(20))), List.of(10, 100, 1000));
                default -> throw new IllegalArgumentException("--mode is full or quick, not " + mode);
            };
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        // Before the first simulator starts: see the bench POM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        Path out = Path.of("docs");
        String mode = "full";
        String scaleProperty = System.getProperty("bench.scale", "").trim();
        List<Integer> scaleOverride = scaleProperty.isEmpty() ? null
                : java.util.Arrays.stream(scaleProperty.split(",")).map(String::trim).map(Integer::valueOf).toList();
        String skipProperty = System.getProperty("bench.parts.skip", "").trim();
        List<String> skip = skipProperty.isEmpty() ? List.of() : List.of(skipProperty.split(","));
        String cappedSkipProperty = System.getProperty("bench.capped.skip", "").trim();
        List<String> cappedSkip = cappedSkipProperty.isEmpty() ? List.of() : List.of(cappedSkipProperty.split(","));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--mode" -> mode = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Plan plan = Plan.of(mode);
        if (scaleOverride != null) {
            plan = plan.with(", scale " + scaleOverride, plan.seedRuns(), plan.cases(), scaleOverride, plan.capped(),
                    plan.longWait());
        }
        String cappedProperty = System.getProperty("bench.capped", "").trim();
        if (!cappedProperty.isEmpty()) {
            CappedArrayBenchmark.Plan c = plan.capped();
            plan = plan.with(", capped " + cappedProperty, plan.seedRuns(), plan.cases(), plan.scale(),
                    new CappedArrayBenchmark.Plan(Integer.parseInt(cappedProperty), c.pairsPerGroup(), c.limits(),
                            c.sessionLimit(), c.copySeconds()), plan.longWait());
        }
        if (!skip.isEmpty()) {
            plan = plan.with(", skipped " + String.join("+", skip),
                    skip.contains("seed") ? 0 : plan.seedRuns(),
                    skip.contains("detection") ? List.of() : plan.cases(),
                    skip.contains("scale") ? List.of() : plan.scale(),
                    skip.contains("capped") ? null : plan.capped(), !skip.contains("long-wait"));
        }
        Path repo = Path.of(System.getProperty("bench.repoDir", "."));
        String sampleDir = System.getProperty("bench.sampleDir", "").trim();
        PythonSample python = new PythonSample(sampleDir.isBlank() ? null : Path.of(sampleDir),
                repo.resolve("simulator/hitachi-sample-support"), System.getProperty("bench.python", "python3"));

        Instant date = Instant.now();
        long start = System.nanoTime();
        MachineLoad load = new MachineLoad(5_000);
        ArrayFactory arrays = Integration.arrays();
        try (Engine engine = Integration.engine()) {
            DemoLogins.Result demo = null;
            if (!skip.contains("demo")) {
                log("the demo's logins: " + DemoLogins.COMMAND);
                demo = DemoLogins.run();
            }
            log("seed flow, " + plan.seedRuns() + " runs per algorithm");
            SeedFlowBenchmark seed = new SeedFlowBenchmark(arrays, engine, SEED_FLOW, plan.seedRuns(), python);
            List<SeedFlowResult> seedResults = plan.seedRuns() == 0 ? List.of() : seed.run();

            log("detection delay, " + plan.cases().size() + " waits x " + plan.detectionRepetitions() + " repetitions");
            DetectionDelayBenchmark detection = new DetectionDelayBenchmark(arrays, engine, plan.cases(),
                    plan.detectionRepetitions());
            List<DetectionResult> detectionResults = detection.run();

            ScaleBenchmark scale = new ScaleBenchmark(arrays, engine, REALISTIC);
            List<ScaleResult> scaleResults = new ArrayList<>();
            for (int n : plan.scale()) {
                log("scale, " + n + " concurrent operations");
                try {
                    ScaleResult ours = scale.run(n);
                    scaleResults.add(ours);
                    log("scale, " + n + " concurrent operations, the sample's algorithm");
                    scaleResults.add(scale.runSample(n, ours.idealSeconds()));
                } catch (RuntimeException e) {
                    // Report what could not be measured instead of losing the other tables.
                    scale.notes().add(n + " concurrent operations could not be measured: " + e.getMessage());
                    log("scale run of " + n + " failed: " + e);
                }
            }
            List<StateSizeResult> stateResults = StateSizes.summarize(scale.stateSizes(), Integration.stateFormat());
            if (!plan.scale().isEmpty()) {
                int largest = plan.scale().stream().mapToInt(Integer::intValue).max().getAsInt();
                log("scale, " + largest + " concurrent operations, one ArrayAccess per operation");
                try (Engine perOperation = Integration.engineWithAccessPerOperation()) {
                    scaleResults.add(new ScaleBenchmark(arrays, perOperation, REALISTIC)
                            .run(largest, "ours, one ArrayAccess per operation (the plugin before d45ad62)"));
                } catch (RuntimeException e) {
                    scale.notes().add("The run with one ArrayAccess per operation failed: " + e.getMessage());
                }
            }

            List<CappedRunResult> cappedResults = new ArrayList<>();
            List<String> cappedNotes = new ArrayList<>();
            if (plan.capped() != null) {
                CappedArrayBenchmark capped = new CappedArrayBenchmark(arrays, plan.capped());
                int cap = plan.capped().limits().requestsPerSecond();
                try {
                    log("capped array, " + plan.capped().operations() + " operations, ours");
                    cappedResults.add(capped.run(engine, "ours"));
                    if (!cappedSkip.contains("ceiling")) {
                        try (Engine ceiling = Integration.engineWithRequestRateLimit(cap)) {
                            log("capped array, ours with the request rate configured at the cap");
                            cappedResults.add(capped.run(ceiling, CappedFindings.CEILING_ROW + " (" + cap + "/s)"));
                        }
                    }
                    if (!cappedSkip.contains("per-operation")) {
                        try (Engine perOperation = Integration.engineWithPerOperationReads()) {
                            log("capped array, ours with batched reads off");
                            cappedResults.add(capped.run(perOperation, "ours, batched reads off (per-operation polling)"));
                        }
                    }
                    if (!cappedSkip.contains("sample")) {
                        log("capped array, the sample's algorithm");
                        cappedResults.add(capped.runSample(engine));
                    }
                } catch (RuntimeException e) {
                    cappedNotes.add("The capped run could not be completed: " + e.getMessage());
                    log("capped run failed: " + e);
                }
                cappedNotes.addAll(capped.notes());
            }
            LongWaitBenchmark.Result longWait = null;
            if (plan.longWait()) {
                TimeScale longScale = new TimeScale(LONG_WAIT_SCALE);
                log("a 3-hour create at time scale " + LONG_WAIT_SCALE);
                try (Engine scaled = Integration.engineAtTimeScale(longScale)) {
                    longWait = new LongWaitBenchmark(arrays).run(scaled, longScale, 3 * 3600);
                } catch (RuntimeException e) {
                    cappedNotes.add("The 3-hour create could not be measured: " + e.getMessage());
                }
            }

            log("writing " + out.resolve("performance.md"));
            writePlot(out.resolve(PLOT_FILE), detectionResults);
            double seconds = (System.nanoTime() - start) / 1e9;
            Findings findings = new Findings(seedResults, detectionResults, scaleResults, stateResults);
            // The folder of the sample is this machine's; the report names the property, not the path.
            String command = python.available() ? COMMAND + " -Dbench.sampleDir=DIR" : COMMAND;
            PerformanceReport.write(out.resolve("performance.md"), new PerformanceReport.Content(
                    date, MachineInfo.current(), command, seconds, plan.mode(),
                    withLoad(findings.setup(SEED_FLOW, REALISTIC), load),
                    seedResults, concat(findings.seedFlowNotes(), seed.notes()),
                    detectionResults, concat(findings.detectionNotes(), detection.notes()), PLOT_FILE,
                    scaleResults, concat(findings.scaleNotes(), scale.notes()),
                    stateResults, findings.stateNotes(),
                    cappedResults, concat(cappedSetup(plan.capped()), cappedNotes), longWait,
                    concat(findings.verdicts(), new CappedFindings(cappedResults, longWait,
                            plan.capped() == null ? 0 : plan.capped().limits().requestsPerSecond(), demo)
                            .verdicts())));
            log("done in " + Math.round(seconds) + " s");
        }
    }

    private static void writePlot(Path png, List<DetectionResult> results) throws java.io.IOException {
        List<DelayPlot.Point> ours = new ArrayList<>();
        List<DelayPlot.Point> sample = new ArrayList<>();
        for (DetectionResult r : results) {
            if (r.delaySeconds().n() == 0) {
                continue;
            }
            DelayPlot.Point p = new DelayPlot.Point(r.waitSeconds(), r.delaySeconds().median(), r.copy());
            (r.algorithm().startsWith("ours") ? ours : sample).add(p);
        }
        new DelayPlot("Completion-detection delay (median, array time)")
                .add(new DelayPlot.Series("ours", new Color(0, 90, 200), ours))
                .add(new DelayPlot.Series("Hitachi sample's algorithm (1, 2, 4 ... s back-off)", new Color(210, 60, 20), sample))
                .target("target: max(1 s, 10 % of the wait)", w -> Math.max(1, 0.1 * w))
                .write(png);
    }

    private static List<String> withLoad(List<String> setup, MachineLoad load) {
        load.close();
        String line = load.describe(Runtime.getRuntime().availableProcessors());
        return line == null ? setup : concat(setup, List.of(line));
    }

    private static List<String> cappedSetup(CappedArrayBenchmark.Plan p) {
        if (p == null) {
            return List.of();
        }
        return List.of(String.format(java.util.Locale.ROOT, "Array: %s, %d-session cap; jobs take 0.5 s to 1.5 s at "
                + "random, a 1 GiB initial copy at copyPace 3 takes %s; real time (no time scale). Each algorithm runs "
                + "on a fresh array whose split and status pairs were made beforehand (sped up, unthrottled).",
                p.limits().describe(), p.sessionLimit(), io.jenkins.plugins.shadowimage.bench.report.Format.seconds(
                        p.copySeconds())),
                "Ours: every operation submitted at once to the plugin's runtime (OperationRuntime, "
                        + CoreEngine.SCHEDULER_THREADS + " threads, one shared ArrayAccess), creates wait for PAIR, "
                        + "splits for PSUS, the engine's defaults (no configured rate: the budget learns the cap "
                        + "from the array's 503s). \"Request rate configured at the cap\": the same with "
                        + "ClientOptions.requestRateLimit at the array's cap from the start (nothing to learn). "
                        + "\"Batched reads off\": the same with every waiting operation "
                        + "polling its own pair at its own pace (ArrayAccess.withPerOperationReads). The sample: one "
                        + "copy per operation, each on its own thread and session, started at once; it does not "
                        + "retry a refused request.");
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static void log(String message) {
        System.out.println("[bench] " + Instant.now() + " " + message);
    }
}
