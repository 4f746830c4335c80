package io.jenkins.plugins.shadowimage.cli.options;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How long and for what the command waits. */
public final class WaitOptions {
    /** What to wait for. */
    public enum WaitForOption { COMPLETION, ACCEPTED }

    @Option(names = "--wait-for", paramLabel = "WHAT",
            description = "COMPLETION (default): wait until the pair reaches its target status (PAIR, PSUS, "
                    + "deleted). ACCEPTED: return once the array has accepted the request (create: the pair is in "
                    + "COPY).")
    public WaitForOption waitFor;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up (exit code 4) when the target status is not reached within DURATION, e.g. "
                    + "30m, 2h, PT45M. Default: the engine's default for the operation.")
    public Duration timeout;
}
