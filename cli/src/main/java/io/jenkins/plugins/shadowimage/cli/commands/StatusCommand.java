package io.jenkins.plugins.shadowimage.cli.commands;

import io.jenkins.plugins.shadowimage.cli.CliContext;
import io.jenkins.plugins.shadowimage.cli.CliException;
import io.jenkins.plugins.shadowimage.cli.ExitCodes;
import io.jenkins.plugins.shadowimage.cli.ShadowImageCli;
import io.jenkins.plugins.shadowimage.cli.options.ConnectionOptions;
import io.jenkins.plugins.shadowimage.cli.options.LdevGuardOptions;
import io.jenkins.plugins.shadowimage.cli.options.OutputOptions;
import io.jenkins.plugins.shadowimage.cli.output.Output;
import io.jenkins.plugins.shadowimage.cli.output.StatusTable;
import io.jenkins.plugins.shadowimage.cli.password.PasswordSource;
import io.jenkins.plugins.shadowimage.cli.run.ConnectionSettings;
import io.jenkins.plugins.shadowimage.cli.run.OperationExecution;
import io.jenkins.plugins.shadowimage.core.client.UserCredentials;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroupId;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairListing;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code shadowimage status}: the siPairStatus step, plus listings of a copy group or of all groups. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Show the status of a pair, of a copy group, or of all pairs.",
            "A pair: --copy-group-name and --copy-pair-name. Every pair of a copy group: --copy-group-name only. "
                    + "Every pair of every copy group: no names.",
            "Read-only. A pair that does not exist is reported with outcome NOT_FOUND and exit code 0.",
        })
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    ShadowImageCli root;

    @Option(names = "--copy-group-name", paramLabel = "NAME", description = "Copy group (copyGroupName).")
    String copyGroupName;

    @Option(names = "--copy-pair-name", paramLabel = "NAME", description = "Copy pair (copyPairName).")
    String copyPairName;

    @Option(names = "--pvol-device-group-name", paramLabel = "NAME",
            description = "P-VOL device group (pvolDeviceGroupName). Default: <copy group name>P_.")
    String pvolDeviceGroupName;

    @Option(names = "--svol-device-group-name", paramLabel = "NAME",
            description = "S-VOL device group (svolDeviceGroupName). Default: <copy group name>S_.")
    String svolDeviceGroupName;

    @Mixin
    LdevGuardOptions guard = new LdevGuardOptions();

    @Option(names = "--refresh", description = "Ask the array to refresh its pair information first "
            + "(refresh=true; use when another tool may have changed the pairs).")
    boolean refresh;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    OutputOptions outputOptions = new OutputOptions();

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.context();
        if (copyPairName != null && copyGroupName == null) {
            throw CliException.usage("--copy-pair-name needs --copy-group-name");
        }
        if (copyPairName == null && (guard.pvolLdevId != null || guard.svolLdevId != null)) {
            throw CliException.usage("--pvol-ldev-id/--svol-ldev-id check one pair: give --copy-pair-name too");
        }
        ConnectionSettings conn = ConnectionSettings.fromOptions(connection, ctx.env());
        PasswordSource passwords = OperationCommand.passwords(ctx, connection);
        try (Output output = new Output(ctx, outputOptions)) {
            return run(ctx, conn, passwords, output);
        }
    }

    private int run(CliContext ctx, ConnectionSettings conn, PasswordSource passwords, Output output)
            throws InterruptedException {
        if (copyPairName != null) {
            PairRequest request = PairRequest.builder().copyGroupName(copyGroupName).copyPairName(copyPairName)
                    .pvolDeviceGroupName(pvolDeviceGroupName).svolDeviceGroupName(svolDeviceGroupName)
                    .pvolLdevId(guard.pvolLdevId).svolLdevId(guard.svolLdevId).build();
            OperationState state;
            try {
                state = OperationState.start(OperationType.STATUS, request, ctx.clock().instant());
            } catch (ValidationException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
            return new OperationExecution(ctx, output, conn, passwords, null, "status").run(state);
        }
        try {
            PairListing.validate(copyGroupName, pvolDeviceGroupName, svolDeviceGroupName);
        } catch (ValidationException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        return listPairs(ctx, conn, passwords, output);
    }

    private int listPairs(CliContext ctx, ConnectionSettings conn, PasswordSource passwords, Output output)
            throws InterruptedException {
        char[] probe = passwords.password(conn.user(), conn.url().toString());
        Arrays.fill(probe, '\0');
        conn.warnIfInsecure(ctx.err());
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        // One short unit of work; Ctrl-C lets it finish so that its session is discarded.
        ctx.interruption().clean(() -> {
            try {
                fetch(conn, passwords, output, rows, groups);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.INTERRUPTED, "status stopped by Ctrl-C");
            }
            return null;
        });
        output.closeProgress();
        if (output.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("command", "status");
            doc.put("exitCode", 0);
            doc.put("copyGroups", groups);
            doc.put("pairs", rows);
            output.printJson(doc);
        } else {
            ctx.out().print(StatusTable.render(rows));
            ctx.out().flush();
        }
        return ExitCodes.SUCCESS;
    }

    private void fetch(ConnectionSettings conn, PasswordSource passwords, Output output, List<Map<String, Object>> rows,
            List<String> groups) throws InterruptedException {
        try (ArrayAccess access = new ArrayAccess(conn.endpoint(), () -> {
            char[] pw = passwords.password(conn.user(), conn.url().toString());
            try {
                return new UserCredentials(conn.user(), pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
        }, OperationExecution.clientOptions(conn.sessionAliveTime()))) {
            CopyGroupId group = copyGroupName == null ? null
                    : new CopyGroupId(copyGroupName, pvolDeviceGroupName, svolDeviceGroupName);
            PairListing.Result listing = PairListing.read(access, group, refresh, e -> output.clientEvent(e.message()));
            groups.addAll(listing.copyGroups());
            for (PairInfo p : listing.pairs()) {
                rows.add(p.toMap());
            }
        } finally {
            passwords.wipe();
        }
    }
}
