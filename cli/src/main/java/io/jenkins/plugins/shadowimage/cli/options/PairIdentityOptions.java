package io.jenkins.plugins.shadowimage.cli.options;

import picocli.CommandLine.Option;

/** Names one ShadowImage pair: its copy group and copy pair (and, if not the defaults, device groups). */
public final class PairIdentityOptions {
    @Option(names = "--copy-group-name", paramLabel = "NAME", required = true,
            description = "Copy group of the pair (copyGroupName; 1-29 characters, case-sensitive).")
    public String copyGroupName;

    @Option(names = "--copy-pair-name", paramLabel = "NAME",
            description = "Copy pair name within the group (copyPairName; 1-31 characters, case-sensitive).")
    public String copyPairName;

    @Option(names = "--pvol-device-group-name", paramLabel = "NAME",
            description = "P-VOL device group (pvolDeviceGroupName). Default: <copy group name>P_.")
    public String pvolDeviceGroupName;

    @Option(names = "--svol-device-group-name", paramLabel = "NAME",
            description = "S-VOL device group (svolDeviceGroupName). Default: <copy group name>S_.")
    public String svolDeviceGroupName;
}
