package io.jenkins.plugins.shadowimage.cli.commands;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import picocli.CommandLine.Command;

/** {@code shadowimage restore}. */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Copy the S-VOL back onto the P-VOL and wait for PAIR.",
            "Reverse resync of a split pair.",
            "Only a pair in PSUS can be restored; the P-VOL's changes since the split are lost.",
        })
public final class RestoreCommand extends CopyActionCommand {
    @Override
    OperationType type() {
        return OperationType.RESTORE;
    }
}
