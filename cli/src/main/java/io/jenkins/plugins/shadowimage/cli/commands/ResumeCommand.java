package io.jenkins.plugins.shadowimage.cli.commands;

import io.jenkins.plugins.shadowimage.cli.CliContext;
import io.jenkins.plugins.shadowimage.cli.CliException;
import io.jenkins.plugins.shadowimage.cli.ExitCodes;
import io.jenkins.plugins.shadowimage.cli.ShadowImageCli;
import io.jenkins.plugins.shadowimage.cli.options.ConnectionOptions;
import io.jenkins.plugins.shadowimage.cli.options.DurationConverter;
import io.jenkins.plugins.shadowimage.cli.options.OutputOptions;
import io.jenkins.plugins.shadowimage.cli.output.Output;
import io.jenkins.plugins.shadowimage.cli.output.StatusTable;
import io.jenkins.plugins.shadowimage.cli.run.ConnectionSettings;
import io.jenkins.plugins.shadowimage.cli.run.OperationExecution;
import io.jenkins.plugins.shadowimage.cli.run.WithSplitPipeline;
import io.jenkins.plugins.shadowimage.cli.state.EngineStateCodec;
import io.jenkins.plugins.shadowimage.cli.state.StateFile;
import io.jenkins.plugins.shadowimage.cli.state.StateFileLock;
import io.jenkins.plugins.shadowimage.cli.state.StateFileStore;
import io.jenkins.plugins.shadowimage.core.client.UrlForm;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code shadowimage resume}: finishes the operation saved in a state file. */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Finish an interrupted operation from its --state-file.",
            "For operations stopped by Ctrl-C, a crash or kill -9. The array, user and operation come from the "
                    + "file; the password is asked for the same way as for the other commands. Connection options "
                    + "given here override the file.",
            "An operation that ended with a timeout or a connection failure goes on (with --timeout for a new "
                    + "deadline); one that succeeded or was rejected is reported again, with its exit code.",
        })
public final class ResumeCommand implements Callable<Integer> {
    @ParentCommand
    ShadowImageCli root;

    @Option(names = "--state-file", paramLabel = "FILE", required = true,
            description = "The state file written by create, split, resync, restore or delete.")
    Path stateFile;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "For an operation that ended with a timeout or a connection failure: keep going until now + "
                    + "DURATION (e.g. 30m, 2h). Default: the operation's own timeout.")
    Duration timeout;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    OutputOptions outputOptions = new OutputOptions();

    @SuppressWarnings("try") // the lock is held for the duration of the block
    @Override
    public Integer call() {
        CliContext ctx = root.context();
        StateFileStore store = new StateFileStore(stateFile);
        if (!store.exists()) {
            throw CliException.usage("state file " + store.file() + " does not exist");
        }
        try (StateFileLock lock = StateFileLock.acquire(store)) {
            StateFile saved = store.read().orElseThrow(() -> CliException.usage("state file " + store.file()
                    + " does not exist"));
            boolean continuable = StateFile.FAILED.equals(saved.outcome()) && saved.result() != null
                    && CONTINUABLE.contains(String.valueOf(saved.result().get("category")));
            if (saved.finished() && !continuable) {
                try (Output output = new Output(ctx, outputOptions)) {
                    return reportFinished(ctx, output, saved);
                }
            }
            OperationState state = EngineStateCodec.decode(saved.engineState(), OperationState.class);
            if (state.phase() == Phase.FAILED) {
                // A timeout or a lost connection: the same operation goes on (same job ids, the pair is read
                // before anything is sent again), with a new deadline.
                Duration t = timeout != null ? timeout : state.request().timeout() != null ? state.request().timeout()
                        : EngineOptions.defaultTimeout(state.type());
                state = state.resumeAfterFailure(ctx.clock().instant().plus(t));
            }
            ConnectionSettings conn = ConnectionSettings.fromState(saved.connection(), connection, ctx.env());
            requireSameArray(state, conn, store);
            if (saved.withSplit() != null) {
                try (Output output = new Output(ctx, outputOptions)) {
                    return WithSplitPipeline.resume(ctx, output, conn, OperationCommand.passwords(ctx, connection), store,
                            saved, state);
                }
            }
            try (Output output = new Output(ctx, outputOptions)) {
                output.info("resuming " + state.type().cliName() + " of " + state.target() + " from phase "
                        + state.phase() + (state.jobId() == null ? "" : " (job " + state.jobId() + ")")
                        + ", saved at " + saved.savedAt());
                return new OperationExecution(ctx, output, conn, OperationCommand.passwords(ctx, connection), store,
                        saved.command()).run(state);
            }
        }
    }

    /**
     * The engine refuses to resume an operation against another array too, but only in its first step, after
     * the state file has been rewritten with the settings given here; the file would then name the wrong
     * array. Checked here first, without a REST call, so the file keeps the settings that work.
     */
    private static void requireSameArray(OperationState state, ConnectionSettings conn, StateFileStore store) {
        String bound = state.arrayKey();
        if (bound == null) {
            return;
        }
        String key = conn.endpoint().arrayKey();
        boolean discovered = conn.urlForm() == UrlForm.REST_SERVER && conn.storageDeviceId() == null;
        if (discovered ? !bound.startsWith(key + "/") : !bound.equals(key)) {
            throw CliException.usage("the operation in " + store.file() + " was started on " + bound + ", but these "
                    + "settings reach " + key + (discovered ? "/..." : "") + "; resume it without --url, --url-form and "
                    + "--storage-device-id, or with the values it was started with");
        }
    }

    /** Failures after which the operation can go on (see OperationState.resumeAfterFailure). */
    private static final Set<String> CONTINUABLE = Set.of("TIMEOUT", "CONNECTION", "INTERNAL", "INTERRUPTED");

    private int reportFinished(CliContext ctx, Output output, StateFile saved) {
        Map<String, Object> result = saved.result() == null ? Map.of() : saved.result();
        if (StateFile.SUCCEEDED.equals(saved.outcome())) {
            if (output.json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("command", saved.command());
                doc.put("exitCode", 0);
                doc.put("result", result);
                doc.put("stateFile", stateFile.toAbsolutePath().toString());
                doc.put("alreadyFinished", true);
                output.printJson(doc);
            } else {
                ctx.out().println(saved.command() + " of " + saved.summary().get("target") + " had already finished ("
                        + result.getOrDefault("outcome", "SUCCEEDED") + ") at " + saved.savedAt() + ":");
                ctx.out().print(StatusTable.render(result.containsKey("pvolStatus") ? List.of(result) : List.of()));
                ctx.out().flush();
            }
            return ExitCodes.SUCCESS;
        }
        int code = exitCodeOf(String.valueOf(result.get("category")));
        String message = saved.command() + " of " + saved.summary().get("target") + " had already failed at "
                + saved.savedAt() + ": " + result.get("message");
        String hint = "Nothing to resume. Check with 'shadowimage status', then run the " + saved.command()
                + " command again if it is still wanted (it checks the pair before sending anything).";
        output.failure(saved.command(), code, new ShadowImageException(category(result), message), store(), hint);
        return code;
    }

    private Path store() {
        return stateFile.toAbsolutePath();
    }

    private static ShadowImageException.Category category(Map<String, Object> result) {
        try {
            return ShadowImageException.Category.valueOf(String.valueOf(result.get("category")));
        } catch (IllegalArgumentException e) {
            return ShadowImageException.Category.INTERNAL;
        }
    }

    private static int exitCodeOf(String category) {
        try {
            return ShadowImageException.Category.valueOf(category).exitCode();
        } catch (IllegalArgumentException e) {
            return ExitCodes.INTERNAL;
        }
    }
}
