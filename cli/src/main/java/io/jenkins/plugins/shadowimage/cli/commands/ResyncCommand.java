package io.jenkins.plugins.shadowimage.cli.commands;

import io.jenkins.plugins.shadowimage.cli.options.CopyOptions;
import io.jenkins.plugins.shadowimage.cli.options.LdevGuardOptions;
import io.jenkins.plugins.shadowimage.cli.options.PairIdentityOptions;
import io.jenkins.plugins.shadowimage.cli.options.WaitOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code shadowimage resync}. */
@Command(name = "resync", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Resynchronize a split pair (or a copy group) and wait for PAIR.",
            "The P-VOL's changes since the split are copied to the S-VOL. Without --copy-pair-name, every pair of "
                    + "the copy group is resynchronized.",
            "Resynchronizing a pair that is already in COPY or PAIR changes nothing and succeeds.",
        })
public final class ResyncCommand extends OperationCommand {
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
        return pair.copyPairName == null ? OperationType.GROUP_RESYNC : OperationType.RESYNC;
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
