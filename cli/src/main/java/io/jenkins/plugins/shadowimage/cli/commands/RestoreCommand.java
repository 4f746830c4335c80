package io.jenkins.plugins.shadowimage.cli.commands;

import io.jenkins.plugins.shadowimage.cli.options.CopyOptions;
import io.jenkins.plugins.shadowimage.cli.options.LdevGuardOptions;
import io.jenkins.plugins.shadowimage.cli.options.PairIdentityOptions;
import io.jenkins.plugins.shadowimage.cli.options.WaitOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code shadowimage restore}. */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Copy the S-VOL back onto the P-VOL and wait for PAIR.",
            "Reverse resync of a split pair.",
            "Only a pair in PSUS can be restored; the P-VOL's changes since the split are lost.",
        })
public final class RestoreCommand extends OperationCommand {
    @Mixin
    PairIdentityOptions pair = new PairIdentityOptions();

    @Mixin
    LdevGuardOptions guard = new LdevGuardOptions();

    @Mixin
    CopyOptions copy = new CopyOptions();

    @Mixin
    WaitOptions wait = new WaitOptions();

    @Override
    OperationType type() {
        return OperationType.RESTORE;
    }

    @Override
    PairRequest.Builder request() {
        return PairRequest.builder()
                .copyGroupName(pair.copyGroupName).copyPairName(pair.copyPairName)
                .pvolDeviceGroupName(pair.pvolDeviceGroupName).svolDeviceGroupName(pair.svolDeviceGroupName)
                .pvolLdevId(guard.pvolLdevId).svolLdevId(guard.svolLdevId)
                .copyPace(copy.copyPace).quickMode(copy.quickMode)
                .waitFor(waitFor(wait)).timeout(wait.timeout);
    }
}
