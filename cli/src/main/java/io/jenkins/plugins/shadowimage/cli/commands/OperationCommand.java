package io.jenkins.plugins.shadowimage.cli.commands;

import io.jenkins.plugins.shadowimage.cli.CliContext;
import io.jenkins.plugins.shadowimage.cli.CliException;
import io.jenkins.plugins.shadowimage.cli.ExitCodes;
import io.jenkins.plugins.shadowimage.cli.ShadowImageCli;
import io.jenkins.plugins.shadowimage.cli.options.ConnectionOptions;
import io.jenkins.plugins.shadowimage.cli.options.OutputOptions;
import io.jenkins.plugins.shadowimage.cli.options.WaitOptions;
import io.jenkins.plugins.shadowimage.cli.output.Output;
import io.jenkins.plugins.shadowimage.cli.password.PasswordSource;
import io.jenkins.plugins.shadowimage.cli.run.ConnectionSettings;
import io.jenkins.plugins.shadowimage.cli.run.OperationExecution;
import io.jenkins.plugins.shadowimage.cli.state.StateFile;
import io.jenkins.plugins.shadowimage.cli.state.StateFileLock;
import io.jenkins.plugins.shadowimage.cli.state.StateFileStore;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** What create, split, resync, restore and delete share: connection, state file, output, run. */
abstract class OperationCommand implements Callable<Integer> {
    @ParentCommand
    ShadowImageCli root;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--state-file", paramLabel = "FILE",
            description = "Write the operation's state to FILE after every step (atomically; no secrets), so that "
                    + "'shadowimage resume --state-file FILE' can finish it after a crash or Ctrl-C.")
    Path stateFile;

    @Mixin
    OutputOptions outputOptions = new OutputOptions();

    @Option(names = "--fail-fast",
            description = "When another shadowimage process on this machine is working on the same pair, S-VOL or "
                    + "copy group, exit at once with code 6 (busy) instead of waiting until it is done. Nothing is "
                    + "sent to the array either way.")
    boolean failFast;

    /** The engine operation this command runs for the given options. */
    abstract OperationType type();

    /** The request from the options. */
    abstract PairRequest.Builder request();

    /** Whether this run only reads and prints the plan; commands that offer --dry-run override it. */
    boolean dryRun() {
        return false;
    }

    /** The operation to run for {@code request}, validated; a command whose operation needs more than the request overrides it. */
    OperationState start(PairRequest request, java.time.Instant now) throws ValidationException {
        return OperationState.start(type(), request, now);
    }

    static WaitFor waitFor(WaitOptions w) {
        return w.waitFor == null ? null : WaitFor.valueOf(w.waitFor.name());
    }

    @SuppressWarnings("try") // the lock is held for the duration of the block
    @Override
    public Integer call() {
        CliContext ctx = root.context();
        OperationType type = type();
        OperationState state;
        try {
            state = start(request().build(), ctx.clock().instant());
        } catch (ValidationException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage()
                    + " (option names are the kebab-case forms: copyGroupName is --copy-group-name)");
        }
        ConnectionSettings conn = ConnectionSettings.fromOptions(connection, ctx.env());
        PasswordSource passwords = passwords(ctx, connection);
        if (dryRun()) {
            if (stateFile != null) {
                throw CliException.usage("--dry-run changes nothing, so it has no state to keep: leave out --state-file");
            }
            try (Output output = new Output(ctx, outputOptions)) {
                return new OperationExecution(ctx, output, conn, passwords, null, type.cliName()).failFast(failFast)
                        .dryRun(state.dryRun());
            }
        }
        if (stateFile == null) {
            try (Output output = new Output(ctx, outputOptions)) {
                return new OperationExecution(ctx, output, conn, passwords, null, type.cliName()).failFast(failFast)
                        .run(state);
            }
        }
        StateFileStore store = new StateFileStore(stateFile);
        try (StateFileLock lock = StateFileLock.acquire(store); Output output = new Output(ctx, outputOptions)) {
            requireNothingUnfinished(store);
            return new OperationExecution(ctx, output, conn, passwords, store, type.cliName()).failFast(failFast)
                    .run(state);
        }
    }

    /** A state file is reused only once what it holds has finished: an unfinished one is for resume. */
    static void requireNothingUnfinished(StateFileStore store) {
        Optional<StateFile> existing = store.read();
        if (existing.isPresent() && !existing.get().finished()) {
            throw CliException.usage(store.file() + " holds an unfinished " + existing.get().command() + " of "
                    + existing.get().summary().get("target") + "; finish it with 'shadowimage resume --state-file "
                    + store.file() + "', or delete the file if that operation is abandoned");
        }
    }

    static PasswordSource passwords(CliContext ctx, ConnectionOptions connection) {
        return new PasswordSource(connection.passwordFile, ctx.env(), ctx.console(), ctx.in(),
                message -> ctx.err().println("WARNING: " + message));
    }
}
