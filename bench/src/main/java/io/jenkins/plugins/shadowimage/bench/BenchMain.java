package io.jenkins.plugins.shadowimage.bench;

import io.jenkins.plugins.shadowimage.bench.measure.DetectionCase;
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

    /** Job and copy times of a working array, used for the seed flow and the scale runs. */
    static final ArrayUnderTestSettings REALISTIC = new ArrayUnderTestSettings(1.0, Duration.ofMillis(500), Duration.ofMillis(1500),
            ArrayUnderTestSettings.copySpeedFor(1, 8), 1000, 0, 1, 64);
    static final ArrayUnderTestSettings SEED_FLOW = new ArrayUnderTestSettings(1.0, Duration.ofSeconds(1), Duration.ofSeconds(1),
            ArrayUnderTestSettings.copySpeedFor(1, 8), 1000, 0, 1, 64);

    private BenchMain() { }

    /** How much of each measurement to run. */
    record Plan(String mode, int seedRuns, int detectionRepetitions, List<DetectionCase> cases, List<Integer> scale) {

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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--mode" -> mode = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Plan plan = Plan.of(mode);
        if (scaleOverride != null) {
            plan = new Plan(plan.mode() + ", scale " + scaleOverride, plan.seedRuns(), plan.detectionRepetitions(),
                    plan.cases(), scaleOverride);
        }
        if (!skip.isEmpty()) {
            plan = new Plan(plan.mode() + ", skipped " + String.join("+", skip),
                    skip.contains("seed") ? 0 : plan.seedRuns(),
                    plan.detectionRepetitions(), skip.contains("detection") ? List.of() : plan.cases(),
                    skip.contains("scale") ? List.of() : plan.scale());
        }
        Path repo = Path.of(System.getProperty("bench.repoDir", "."));
        String sampleDir = System.getProperty("bench.sampleDir", "").trim();
        PythonSample python = new PythonSample(sampleDir.isBlank() ? null : Path.of(sampleDir),
                repo.resolve("simulator/hitachi-sample-support"), System.getProperty("bench.python", "python3"));

        Instant date = Instant.now();
        long start = System.nanoTime();
        ArrayFactory arrays = Integration.arrays();
        try (Engine engine = Integration.engine()) {
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

            log("writing " + out.resolve("performance.md"));
            writePlot(out.resolve(PLOT_FILE), detectionResults);
            double seconds = (System.nanoTime() - start) / 1e9;
            Findings findings = new Findings(seedResults, detectionResults, scaleResults, stateResults);
            // The folder of the sample is this machine's; the report names the property, not the path.
            String command = python.available() ? COMMAND + " -Dbench.sampleDir=DIR" : COMMAND;
            PerformanceReport.write(out.resolve("performance.md"), new PerformanceReport.Content(
                    date, MachineInfo.current(), command, seconds, plan.mode(),
                    findings.setup(SEED_FLOW, REALISTIC),
                    seedResults, concat(findings.seedFlowNotes(), seed.notes()),
                    detectionResults, concat(findings.detectionNotes(), detection.notes()), PLOT_FILE,
                    scaleResults, concat(findings.scaleNotes(), scale.notes()),
                    stateResults, findings.stateNotes(),
                    findings.verdicts()));
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

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static void log(String message) {
        System.out.println("[bench] " + Instant.now() + " " + message);
    }
}
