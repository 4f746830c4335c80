package io.jenkins.plugins.shadowimage.cli.commands;

import io.jenkins.plugins.shadowimage.cli.options.DryRunOptions;
import io.jenkins.plugins.shadowimage.cli.options.LdevGuardOptions;
import io.jenkins.plugins.shadowimage.cli.options.PairIdentityOptions;
import io.jenkins.plugins.shadowimage.cli.options.WaitOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code shadowimage delete}. */
@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Delete a pair and wait until it is gone.",
            "Both LDEVs return to SMPL; their data stays.",
            "Deleting a pair that does not exist succeeds with outcome NOT_FOUND.",
        })
public final class DeleteCommand extends OperationCommand {
    @Mixin
    PairIdentityOptions pair = new PairIdentityOptions();

    @Mixin
    LdevGuardOptions guard = new LdevGuardOptions();

    @Mixin
    WaitOptions wait = new WaitOptions();

    @Mixin
    DryRunOptions dryRunOptions = new DryRunOptions();

    @Override
    final boolean dryRun() {
        return dryRunOptions.dryRun;
    }

    @Override
    OperationType type() {
        return OperationType.DELETE;
    }

    @Override
    PairRequest.Builder request() {
        return PairRequest.builder()
                .copyGroupName(pair.copyGroupName).copyPairName(pair.copyPairName)
                .pvolDeviceGroupName(pair.pvolDeviceGroupName).svolDeviceGroupName(pair.svolDeviceGroupName)
                .pvolLdevId(guard.pvolLdevId).svolLdevId(guard.svolLdevId)
                .waitFor(waitFor(wait)).timeout(wait.timeout);
    }
}
