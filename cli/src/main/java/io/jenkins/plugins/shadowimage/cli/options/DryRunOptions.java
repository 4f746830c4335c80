package io.jenkins.plugins.shadowimage.cli.options;

import picocli.CommandLine.Option;

/** {@code --dry-run}: the checks of a real run, reading only, and the plan instead of the change. */
public final class DryRunOptions {
    @Option(names = "--dry-run",
            description = "Read and check everything a real run would, change nothing, and print what it would send, "
                    + "what it would wait for and what could still refuse it (with --json: as a 'plan' object). A "
                    + "refusal found by the checks ends with the real run's exit code. Not with --state-file.")
    public boolean dryRun;
}
