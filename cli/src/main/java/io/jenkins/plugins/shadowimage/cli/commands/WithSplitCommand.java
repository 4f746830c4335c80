package io.jenkins.plugins.shadowimage.cli.commands;

import io.jenkins.plugins.shadowimage.cli.CliContext;
import io.jenkins.plugins.shadowimage.cli.CliException;
import io.jenkins.plugins.shadowimage.cli.ExitCodes;
import io.jenkins.plugins.shadowimage.cli.ShadowImageCli;
import io.jenkins.plugins.shadowimage.cli.options.ConnectionOptions;
import io.jenkins.plugins.shadowimage.cli.options.CopyOptions;
import io.jenkins.plugins.shadowimage.cli.options.DurationConverter;
import io.jenkins.plugins.shadowimage.cli.options.LdevGuardOptions;
import io.jenkins.plugins.shadowimage.cli.options.OutputOptions;
import io.jenkins.plugins.shadowimage.cli.options.PairIdentityOptions;
import io.jenkins.plugins.shadowimage.cli.output.Output;
import io.jenkins.plugins.shadowimage.cli.run.ConnectionSettings;
import io.jenkins.plugins.shadowimage.cli.run.WithSplitPipeline;
import io.jenkins.plugins.shadowimage.cli.state.StateFileLock;
import io.jenkins.plugins.shadowimage.cli.state.StateFileStore;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyState.After;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code shadowimage with-split}: a frozen copy for the length of a command. */
@Command(name = "with-split", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Run COMMAND on a frozen copy: resync (unless --resync-first=false), split and wait for PSUS/SSUS, run "
                    + "COMMAND, then do --after (default resync) however COMMAND ended, and exit with its exit code.",
            "COMMAND comes after '--'. Its environment holds SI_SPLIT_OBSERVED_AT, SI_COPY_GROUP_NAME, "
                    + "SI_COPY_PAIR_NAME, SI_COPY_PAIR_ID, SI_PVOL_LDEV_ID, SI_SVOL_LDEV_ID (for a copy group: "
                    + "SI_COPY_PAIR_NAMES, SI_COPY_PAIR_IDS, SI_PVOL_LDEV_IDS, SI_SVOL_LDEV_IDS), never the password.",
            "On SIGINT/SIGTERM the command gets SIGTERM, the after step runs, and the exit code is 130/143. With "
                    + "--state-file, 'shadowimage resume' after kill -9 finishes the after step; it never runs COMMAND "
                    + "again. Without --copy-pair-name: every pair of the copy group.",
        })
public final class WithSplitCommand implements Callable<Integer> {
    @ParentCommand
    ShadowImageCli root;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    PairIdentityOptions pair = new PairIdentityOptions();

    @Mixin
    LdevGuardOptions guard = new LdevGuardOptions();

    @Mixin
    CopyOptions copy = new CopyOptions();

    @Option(names = "--after", paramLabel = "resync|keep|delete",
            description = "What to do when COMMAND has ended: resync (default; back to PAIR), keep (leave it split), "
                    + "delete (delete the pair; the S-VOL keeps the frozen data).")
    String after;

    @Option(names = "--resync-first", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Resync before the split, so that the copy is of now (default true; a pair in PAIR needs "
                    + "no request). false: a pair found split stays as it is, and its copy is older than this run.")
    Boolean resyncFirst;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Limit for each of the resync, split and after steps (not for COMMAND), e.g. 30m, 2h.")
    Duration timeout;

    @Option(names = "--state-file", paramLabel = "FILE",
            description = "Write where the pipeline is to FILE (atomically; no secrets), so that 'shadowimage resume "
                    + "--state-file FILE' can finish the after step after a crash or kill -9.")
    Path stateFile;

    @Mixin
    OutputOptions outputOptions = new OutputOptions();

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command to run, after '--'.")
    List<String> command;

    @SuppressWarnings("try") // the lock is held for the duration of the block
    @Override
    public Integer call() {
        CliContext ctx = root.context();
        if (command == null || command.isEmpty()) {
            throw CliException.usage("with-split needs a COMMAND after '--', e.g. with-split ... -- ./backup.sh");
        }
        After afterStep = after(after);
        PairRequest request = PairRequest.builder()
                .copyGroupName(pair.copyGroupName).copyPairName(pair.copyPairName)
                .pvolDeviceGroupName(pair.pvolDeviceGroupName).svolDeviceGroupName(pair.svolDeviceGroupName)
                .pvolLdevId(guard.pvolLdevId).svolLdevId(guard.svolLdevId)
                .copyPace(copy.copyPace).quickMode(copy.quickMode).timeout(timeout).build();
        WithSplitPipeline.Plan plan = new WithSplitPipeline.Plan(request, afterStep, !Boolean.FALSE.equals(resyncFirst),
                command);
        try {
            plan.validate(ctx.clock().instant());
        } catch (ValidationException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage()
                    + " (option names are the kebab-case forms: copyGroupName is --copy-group-name)");
        }
        ConnectionSettings conn = ConnectionSettings.fromOptions(connection, ctx.env());
        if (stateFile == null) {
            try (Output output = new Output(ctx, outputOptions)) {
                return WithSplitPipeline.run(ctx, output, conn, OperationCommand.passwords(ctx, connection), null, plan);
            }
        }
        StateFileStore store = new StateFileStore(stateFile);
        try (StateFileLock lock = StateFileLock.acquire(store); Output output = new Output(ctx, outputOptions)) {
            OperationCommand.requireNothingUnfinished(store);
            return WithSplitPipeline.run(ctx, output, conn, OperationCommand.passwords(ctx, connection), store, plan);
        }
    }

    private static After after(String value) {
        if (value == null) {
            return After.RESYNC;
        }
        After a = After.of(value);
        if (a != null) {
            return a;
        }
        throw CliException.usage("--after must be resync, keep or delete (got '" + value + "')");
    }
}
