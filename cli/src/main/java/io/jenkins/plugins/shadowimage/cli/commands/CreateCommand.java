package io.jenkins.plugins.shadowimage.cli.commands;

import io.jenkins.plugins.shadowimage.cli.options.DryRunOptions;
import io.jenkins.plugins.shadowimage.cli.options.CreateOptions;
import io.jenkins.plugins.shadowimage.cli.options.PairIdentityOptions;
import io.jenkins.plugins.shadowimage.cli.options.WaitOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code shadowimage create}: the siCreatePair step. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Create a ShadowImage pair and wait for PAIR.",
            "The copy group is created if it does not exist yet. The command waits for the initial copy to reach "
                    + "PAIR (PSUS with --auto-split; COPY with --wait-for ACCEPTED).",
            "Safe to run again: an existing identical pair is reported, never created twice.",
        })
public final class CreateCommand extends OperationCommand {
    @Mixin
    PairIdentityOptions pair = new PairIdentityOptions();

    @Mixin
    CreateOptions create = new CreateOptions();

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
        return OperationType.CREATE;
    }

    @Override
    PairRequest.Builder request() {
        return PairRequest.builder()
                .copyGroupName(pair.copyGroupName).copyPairName(pair.copyPairName)
                .pvolDeviceGroupName(pair.pvolDeviceGroupName).svolDeviceGroupName(pair.svolDeviceGroupName)
                .pvolLdevId(create.pvolLdevId).svolLdevId(create.svolLdevId).pvolMuNumber(create.pvolMuNumber)
                .copyPace(create.copyPace).autoSplit(create.autoSplit).quickMode(create.quickMode)
                .consistencyGroupId(create.consistencyGroupId)
                .dataReductionForceCopy(create.dataReductionForceCopy)
                .waitFor(waitFor(wait)).timeout(wait.timeout);
    }
}
