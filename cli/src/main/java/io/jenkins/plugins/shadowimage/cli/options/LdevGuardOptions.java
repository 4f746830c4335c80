package io.jenkins.plugins.shadowimage.cli.options;

import picocli.CommandLine.Option;

/**
 * Optional safety check of an existing pair's LDEVs: the operation is refused (exit code 3, nothing changed)
 * unless the named pair really has these volumes. Guards against acting on the wrong pair when names are
 * reused.
 */
public final class LdevGuardOptions {
    @Option(names = "--pvol-ldev-id", paramLabel = "LDEV",
            description = "Safety check (pvolLdevId): refuse unless the pair's P-VOL is this LDEV.")
    public Integer pvolLdevId;

    @Option(names = "--svol-ldev-id", paramLabel = "LDEV",
            description = "Safety check (svolLdevId): refuse unless the pair's S-VOL is this LDEV.")
    public Integer svolLdevId;
}
