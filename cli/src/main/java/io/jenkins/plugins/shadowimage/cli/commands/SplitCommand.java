package io.jenkins.plugins.shadowimage.cli.commands;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import picocli.CommandLine.Command;

/** {@code shadowimage split}. */
@Command(name = "split", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Split a pair (or every pair of a copy group) and wait for PSUS.",
            "P-VOL and S-VOL become independent (PSUS/SSUS). Without --copy-pair-name, every pair of the copy "
                    + "group is split.",
            "Splitting a pair that is already split changes nothing and succeeds.",
        })
public final class SplitCommand extends CopyActionCommand {
    @Override
    OperationType type() {
        return pair.copyPairName == null ? OperationType.GROUP_SPLIT : OperationType.SPLIT;
    }
}
