package io.jenkins.plugins.shadowimage.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.shadowimage.cli.CliContext;
import io.jenkins.plugins.shadowimage.cli.options.OutputOptions;
import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.engine.DryRunPlan;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.ProgressEvent;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.runtime.DryRunReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a command prints. Humans get progress and a summary on standard output; with
 * {@code --json}, standard output carries exactly one JSON document and progress goes to standard
 * error. Errors and warnings always go to standard error.
 */
public final class Output implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CliContext context;
    private final boolean json;
    private final ProgressRenderer renderer;
    private final LogBridge logs;

    /** Receives a warning line. */
    @FunctionalInterface
    interface Warn {
        void warn(String text);
    }

    public Output(CliContext context, OutputOptions options) {
        this.context = context;
        this.json = options != null && options.json;
        OutputOptions.ProgressStyle style = options == null ? OutputOptions.ProgressStyle.auto : options.progress;
        PrintStream progressOut = json ? context.err() : context.out();
        this.renderer = switch (style) {
            case none -> ProgressRenderer.silent();
            case bar -> ProgressRenderer.bar(progressOut, context.clock(), 30);
            case plain -> ProgressRenderer.lines(progressOut, context.clock());
            case auto -> !json && context.interactiveTerminal()
                    ? ProgressRenderer.bar(progressOut, context.clock(), 30)
                    : ProgressRenderer.lines(progressOut, context.clock());
        };
        this.logs = new LogBridge(renderer, this::warn, options != null && options.verbose);
    }

    /** Stops showing the engine's log lines. */
    @Override
    public void close() {
        renderer.close();
        logs.close();
    }

    public boolean json() {
        return json;
    }

    public CliContext context() {
        return context;
    }

    /** Engine progress: status observations feed the bar, everything else is a line. */
    public void event(ProgressEvent e) {
        if (e.phase() == Phase.FAILED && e.kind() == ProgressEvent.Kind.PHASE) {
            return; // the failure itself is reported once, with its hint, by failure()
        }
        if (logs.alreadyShown(e.message())) {
            return;
        }
        if (e.kind() == ProgressEvent.Kind.STATUS) {
            renderer.progress(new Progress(e.message(), e.status(), e.copyProgressRate(), e.eta()));
        } else {
            renderer.message(e.message());
        }
    }

    /** A wire-layer event (retry, insecure TLS...), unless the engine's log already showed it. */
    public void clientEvent(String message) {
        if (!logs.alreadyShown(message)) {
            renderer.message(message);
        }
    }

    /** A line of human information (not part of the JSON result). */
    public void info(String text) {
        renderer.message(text);
    }

    public void warn(String text) {
        renderer.close();
        context.err().println("WARNING: " + text);
        context.err().flush();
    }

    public void closeProgress() {
        renderer.close();
    }

    /** The successful result of an operation. */
    public void result(String command, PairInfo info, Path stateFile) {
        if (info.exists() && info.pvolStatus() != null) {
            // Complete the bar (or log the final status) before the summary.
            renderer.progress(new Progress(info.toString(), info.pvolStatus(), info.copyProgressRate(), null));
        }
        renderer.close();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("command", command);
            doc.put("exitCode", 0);
            doc.put("result", info.toMap());
            if (stateFile != null) {
                doc.put("stateFile", stateFile.toString());
            }
            printJson(doc);
            return;
        }
        PrintStream out = context.out();
        out.println(command + " " + info);
        out.print(table(info));
        String splitBefore = splitBeforeThisRun(info);
        if (splitBefore != null) {
            out.println(splitBefore);
        }
        out.flush();
    }

    /**
     * The end of a dry run: the plan of the real run, or (when {@code plan} is null) the result the real run
     * would have with nothing to send.
     */
    public void dryRun(String command, DryRunPlan plan, PairInfo info) {
        renderer.close();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("command", command);
            doc.put("exitCode", 0);
            doc.put("dryRun", true);
            doc.put("plan", DryRunReport.plan(plan, info));
            if (plan == null) {
                doc.put("result", info.toMap());
            }
            printJson(doc);
            return;
        }
        PrintStream out = context.out();
        DryRunReport.lines(command, plan, info).forEach(out::println);
        if (plan == null) {
            out.print(table(info));
        }
        out.println(DryRunReport.NOTHING_CHANGED);
        out.flush();
    }

    /**
     * For a group result, the pairs that were split before this run (their frozen copy is older than it), unless
     * the summary line already says so for the whole group; {@code null} when there are none.
     */
    static String splitBeforeThisRun(PairInfo info) {
        if (info.alreadySplit()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        java.time.Instant notLaterThan = null;
        for (PairInfo p : info.pairs()) {
            if (p.alreadySplit()) {
                names.add(p.copyPairName());
                notLaterThan = p.splitNotLaterThan();
            }
        }
        return names.isEmpty() ? null : "split before this run (not later than " + notLaterThan + "), not by it: "
                + String.join(", ", names);
    }

    /** A failure, with the exit code the command ends with. */
    public void failure(String command, int exitCode, ShadowImageException e, Path stateFile, String hint) {
        renderer.close();
        VspApiException api = e == null ? null : e.apiError();
        // The same words the Jenkins build log prints under the array's message.
        String explanation = e == null ? null : e.explanation();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("command", command);
            doc.put("exitCode", exitCode);
            Map<String, Object> error = new LinkedHashMap<>();
            if (e != null) {
                error.put("category", e.category().name());
                error.put("message", e.getMessage());
            }
            if (api != null) {
                putIfPresent(error, "messageId", api.messageId());
                putIfPresent(error, "arrayMessage", api.arrayMessage());
                putIfPresent(error, "cause", api.arrayCause());
                putIfPresent(error, "solution", api.solution());
                putIfPresent(error, "ssb1", api.ssb1());
                putIfPresent(error, "ssb2", api.ssb2());
                putIfPresent(error, "errorCode", api.cciErrorCode());
                putIfPresent(error, "jobId", api.jobId());
                putIfPresent(error, "solutionType", api.solutionType());
                putIfPresent(error, "detailCode", api.detailCode());
                putIfPresent(error, "errorSource", api.errorSource());
                if (api.httpStatus() > 0) {
                    error.put("httpStatus", api.httpStatus());
                }
                putIfPresent(error, "explanation", explanation);
            }
            if (hint != null) {
                error.put("hint", hint);
            }
            doc.put("error", error);
            if (e != null && e.partialResult() != null) {
                doc.put("partialResult", e.partialResult().toMap());
            }
            if (stateFile != null) {
                doc.put("stateFile", stateFile.toString());
            }
            printJson(doc);
        }
        PrintStream err = context.err();
        err.println("shadowimage " + command + ": " + (e == null ? "failed" : e.getMessage()));
        if (explanation != null) {
            err.println(explanation);
        }
        if (hint != null) {
            err.println(hint);
        }
        err.flush();
    }

    /** Any JSON document on standard output. */
    public void printJson(Object doc) {
        try {
            context.out().println(JSON.writeValueAsString(doc));
            context.out().flush();
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The table of a result: a group's members with what the operation did to each, or the pair. */
    public static String table(PairInfo info) {
        return info.pairs().isEmpty() ? StatusTable.render(rows(info)) : StatusTable.renderResults(rows(info));
    }

    /** Table rows: the pairs of a group result, or the pair itself. */
    public static List<Map<String, Object>> rows(PairInfo info) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (!info.pairs().isEmpty()) {
            for (PairInfo p : info.pairs()) {
                rows.add(p.toMap());
            }
        } else if (info.exists()) {
            rows.add(info.toMap());
        }
        return rows;
    }

    private static void putIfPresent(Map<String, Object> m, String k, Object v) {
        if (v != null && !(v instanceof String s && s.isEmpty())) {
            m.put(k, v);
        }
    }
}
