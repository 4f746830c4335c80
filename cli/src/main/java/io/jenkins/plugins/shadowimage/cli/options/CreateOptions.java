package io.jenkins.plugins.shadowimage.cli.options;

import picocli.CommandLine.Option;

/** The parameters of a new pair. */
public final class CreateOptions {
    @Option(names = "--pvol-ldev-id", paramLabel = "LDEV", required = true,
            description = "P-VOL LDEV number, decimal (pvolLdevId).")
    public Integer pvolLdevId;

    @Option(names = "--svol-ldev-id", paramLabel = "LDEV", required = true,
            description = "S-VOL LDEV number, decimal (svolLdevId); same capacity as the P-VOL.")
    public Integer svolLdevId;

    @Option(names = "--pvol-mu-number", paramLabel = "0-2",
            description = "MU number of the P-VOL (pvolMuNumber). Default: the lowest free one.")
    public Integer pvolMuNumber;

    @Option(names = "--copy-pace", paramLabel = "1-15",
            description = "Initial copy pace (copyPace): 1-2 slow, 3 medium, up to 15 fastest.")
    public Integer copyPace;

    @Option(names = "--auto-split", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Split the pair as soon as the initial copy is done (autoSplit); it then ends in PSUS.")
    public Boolean autoSplit;

    @Option(names = "--quick-mode", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "With --auto-split: quick split instead of steady split (quickMode).")
    public Boolean quickMode;

    @Option(names = "--consistency-group-id", paramLabel = "ID",
            description = "Create the pair in this consistency group (consistencyGroupId).")
    public Integer consistencyGroupId;

    @Option(names = "--data-reduction-force-copy", paramLabel = "true|false", arity = "0..1",
            fallbackValue = "true",
            description = "Force the copy of a P-VOL with capacity saving (dataReductionForceCopy). Default: "
                    + "decided from the P-VOL's capacity saving setting.")
    public Boolean dataReductionForceCopy;
}
