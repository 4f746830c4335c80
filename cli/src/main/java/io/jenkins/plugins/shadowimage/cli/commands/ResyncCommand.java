package io.jenkins.plugins.shadowimage.cli.commands;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import picocli.CommandLine.Command;

/** {@code shadowimage resync}. */
@Command(name = "resync", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Resynchronize a split pair (or a copy group) and wait for PAIR.",
            "The P-VOL's changes since the split are copied to the S-VOL. Without --copy-pair-name, every pair of "
                    + "the copy group is resynchronized.",
            "Resynchronizing a pair that is already in COPY or PAIR changes nothing and succeeds.",
        })
public final class ResyncCommand extends CopyActionCommand {
    @Override
    OperationType type() {
        return pair.copyPairName == null ? OperationType.GROUP_RESYNC : OperationType.RESYNC;
    }
}
