package io.jenkins.plugins.shadowimage.bench.sample;

import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs Hitachi's Python sample itself, unchanged, against the simulator, when this machine has it:
 * python3 with {@code requests}, the sample's reconstruction in a local folder (never committed), and
 * its support modules ({@code rest_server_param}, {@code storage_param}, {@code block_storage_api})
 * from {@code simulator/hitachi-sample-support/}, which read the simulator's address from the
 * environment.
 */
public final class PythonSample {

    /** What one run printed. The sample exits 0 even on errors; success is read from its output. */
    public record Result(boolean succeeded, String failure, double seconds, String pvolStatus, String svolStatus) { }

    private static final Pattern PVOL = Pattern.compile("P-VOL STATUS : (\\S+)");
    private static final Pattern SVOL = Pattern.compile("S-VOL STATUS : (\\S+)");
    private static final List<String> SUPPORT_MODULES = List.of("rest_server_param.py", "storage_param.py", "block_storage_api.py");

    private final Path sampleDir;
    private final Path supportDir;
    private final String python;
    private String why;
    private Path script;
    private double startupSeconds = Double.NaN;

    public PythonSample(Path sampleDir, Path supportDir, String python) {
        this.sampleDir = sampleDir;
        this.supportDir = supportDir;
        this.python = python;
    }

    /** True when python3, requests, the sample and its support modules are all here. */
    public boolean available() {
        if (why != null) {
            return false;
        }
        if (script != null) {
            return true;
        }
        if (sampleDir == null) {
            why = "no -Dbench.sampleDir was given";
            return false;
        }
        if (!Files.isDirectory(sampleDir)) {
            why = "no folder " + sampleDir;
            return false;
        }
        if (supportDir == null || !Files.isDirectory(supportDir)) {
            why = "no support modules at " + supportDir;
            return false;
        }
        try (Stream<Path> files = Files.list(sampleDir)) {
            script = files.filter(p -> p.toString().endsWith(".py"))
                    .filter(p -> !SUPPORT_MODULES.contains(p.getFileName().toString()))
                    .sorted().findFirst().orElse(null);
        } catch (IOException e) {
            script = null;
        }
        if (script == null) {
            why = "no sample script (*.py) in " + sampleDir;
            return false;
        }
        try {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(python, "-c", "import requests").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(60, TimeUnit.SECONDS);
            startupSeconds = (System.nanoTime() - start) / 1e9;
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                why = python + " cannot import requests";
                script = null;
                return false;
            }
        } catch (IOException e) {
            why = python + " is not installed";
            script = null;
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
            return false;
        }
        return true;
    }

    /** Seconds to start the interpreter and import requests: part of the sample's wall time, not of its algorithm. */
    public double startupSeconds() {
        return startupSeconds;
    }

    public String whyUnavailable() {
        return why == null ? "available" : why;
    }

    public String describe() {
        return script == null ? "absent" : script.getFileName() + ", unchanged";
    }

    /** Runs the sample once against {@code array}; it uses LDEVs 347/348 and copy group SI_347. */
    public Result run(ArrayUnderTest array) throws InterruptedException {
        if (!available()) {
            throw new IllegalStateException(whyUnavailable());
        }
        List<String> command = new ArrayList<>(List.of(python, "-u", script.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(sampleDir.toFile());
        Map<String, String> env = pb.environment();
        env.put("PYTHONPATH", supportDir.toAbsolutePath().normalize().toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.putAll(SampleEnvironment.of(array));
        long start = System.nanoTime();
        try {
            Path out = Files.createTempFile("sample-out", ".txt");
            Path err = Files.createTempFile("sample-err", ".txt");
            try {
                Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(30, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    return new Result(false, "timed out", (System.nanoTime() - start) / 1e9, null, null);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                String stderr = Files.readString(err, StandardCharsets.UTF_8);
                String pvol = find(PVOL, stdout);
                String svol = find(SVOL, stdout);
                boolean ok = p.exitValue() == 0 && pvol != null && !stderr.contains("Error!") && !stderr.contains("Traceback");
                String failure = ok ? null : "exit " + p.exitValue() + ": " + lastLines(stderr.isBlank() ? stdout : stderr);
                return new Result(ok, failure, seconds, pvol, svol);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(false, e.toString(), (System.nanoTime() - start) / 1e9, null, null);
        }
    }

    private static String find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static String lastLines(String text) {
        String[] lines = text.strip().split("\n");
        StringBuilder b = new StringBuilder();
        for (int i = Math.max(0, lines.length - 3); i < lines.length; i++) {
            b.append(lines[i].strip()).append(' ');
        }
        return b.toString().strip();
    }
}
