package io.jenkins.plugins.shadowimage.cli.options;

import picocli.CommandLine.Option;

/** How results and progress are shown. */
public final class OutputOptions {
    /** Progress display styles. */
    public enum ProgressStyle { auto, bar, plain, none }

    @Option(names = "--json", description = "Print the result as one JSON document on standard output "
            + "(progress goes to standard error).")
    public boolean json;

    @Option(names = "--progress", paramLabel = "STYLE", defaultValue = "auto",
            description = "Progress display: auto (a bar on a terminal, timestamped lines otherwise), bar, plain "
                    + "or none. Default: ${DEFAULT-VALUE}.")
    public ProgressStyle progress;

    @Option(names = {"-v", "--verbose"}, description = "Also show when each REST session is opened and discarded.")
    public boolean verbose;
}
