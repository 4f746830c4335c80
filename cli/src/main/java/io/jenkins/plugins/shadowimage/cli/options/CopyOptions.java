package io.jenkins.plugins.shadowimage.cli.options;

import picocli.CommandLine.Option;

/** Copy speed and quick mode of split, resync and restore. */
public final class CopyOptions {
    @Option(names = "--copy-pace", paramLabel = "1-15",
            description = "Copy pace (copyPace): 1-2 slow, 3 medium, up to 15 fastest. Default: the array's.")
    public Integer copyPace;

    @Option(names = "--quick-mode", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Quick split/resync/restore (quickMode): the status changes at once and data is "
                    + "copied in the background.")
    public Boolean quickMode;
}
