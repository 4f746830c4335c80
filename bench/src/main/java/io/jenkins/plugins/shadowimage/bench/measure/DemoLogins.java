package io.jenkins.plugins.shadowimage.bench.measure;

import io.jenkins.plugins.shadowimage.cli.CliContext;
import io.jenkins.plugins.shadowimage.cli.Interruption;
import io.jenkins.plugins.shadowimage.cli.ShadowImageCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measurement 7: the logins of the CLI's demo (version check, create, split, status), run in this JVM exactly as
 * {@code ./shadowimage demo} runs it, counted by the demo's own report of the simulated array's request log.
 */
public final class DemoLogins {

    /** The demo's last report, which its CLI test pins too. */
    private static final Pattern REPORT = Pattern.compile(
            "The commands opened (\\d+) REST session\\(s\\) and discarded (\\d+)");
    public static final String COMMAND = "./shadowimage demo --copy-seconds 2";

    /**
     * @param logins    sessions the array opened for the four commands; -1 if the demo did not say
     * @param discarded sessions the commands discarded
     * @param openAfter whether the demo saw a session still open at its end
     */
    public record Result(int exitCode, int logins, int discarded, boolean openAfter, double wallSeconds,
            String failure) {
        public boolean succeeded() {
            return exitCode == 0 && logins >= 0;
        }
    }

    private DemoLogins() { }

    public static Result run() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), Map.of(),
                () -> null, Clock.systemUTC(), Interruption.none());
        long start = System.nanoTime();
        int code = ShadowImageCli.execute(ctx, "demo", "--copy-seconds", "2", "--progress", "none");
        double wall = (System.nanoTime() - start) / 1e9;
        String text = out.toString(StandardCharsets.UTF_8);
        Matcher m = REPORT.matcher(text);
        if (!m.find()) {
            String why = (text + err.toString(StandardCharsets.UTF_8)).strip();
            return new Result(code, -1, -1, true, wall, "the demo printed no session report (exit " + code + "): "
                    + why.substring(Math.max(0, why.length() - 300)));
        }
        return new Result(code, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                !text.contains("reports 0 open sessions"), wall, code == 0 ? null : "exit " + code);
    }
}
