package io.jenkins.plugins.shadowimage.cli.commands;

import io.jenkins.plugins.shadowimage.cli.options.DryRunOptions;
import io.jenkins.plugins.shadowimage.cli.options.CopyOptions;
import io.jenkins.plugins.shadowimage.cli.options.LdevGuardOptions;
import io.jenkins.plugins.shadowimage.cli.options.PairIdentityOptions;
import io.jenkins.plugins.shadowimage.cli.options.WaitOptions;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import picocli.CommandLine.Mixin;

/**
 * split, resync and restore take the same options (pair identity, LDEV guards, copyPace/quickMode, waiting) and
 * differ only in the operation they ask of the engine.
 */
abstract class CopyActionCommand extends OperationCommand {
    @Mixin
    PairIdentityOptions pair = new PairIdentityOptions();

    @Mixin
    LdevGuardOptions guard = new LdevGuardOptions();

    @Mixin
    CopyOptions copy = new CopyOptions();

    @Mixin
    WaitOptions wait = new WaitOptions();

    @Mixin
    DryRunOptions dryRunOptions = new DryRunOptions();

    @Override
    final boolean dryRun() {
        return dryRunOptions.dryRun;
    }

    @Override
    final PairRequest.Builder request() {
        return PairRequest.builder()
                .copyGroupName(pair.copyGroupName).copyPairName(pair.copyPairName)
                .pvolDeviceGroupName(pair.pvolDeviceGroupName).svolDeviceGroupName(pair.svolDeviceGroupName)
                .pvolLdevId(guard.pvolLdevId).svolLdevId(guard.svolLdevId)
                .copyPace(copy.copyPace).quickMode(copy.quickMode)
                .waitFor(waitFor(wait)).timeout(wait.timeout);
    }
}
