package io.jenkins.plugins.shadowimage.bench.sample;

import java.time.Duration;

/**
 * The job-polling schedule of Hitachi's published ShadowImage sample: sleep {@code FIRST_WAIT_TIME}
 * (1 s) before the first poll, double the sleep after every poll while the double stays below
 * 120 s (else use 120 s), and give up after {@code MAX_RETRY_COUNT} (10) polls. The sample always
 * sleeps and polls at least once, even when the 202 answer already carries a completed job.
 */
public final class SampleBackoff {

    public static final Duration FIRST_WAIT_TIME = Duration.ofSeconds(1);
    public static final Duration CAP = Duration.ofSeconds(120);
    public static final int MAX_RETRY_COUNT = 10;

    private Duration wait = FIRST_WAIT_TIME;
    private int retryCount = 1;

    /** True while the sample would still poll once more. */
    public boolean mayPoll() {
        return retryCount <= MAX_RETRY_COUNT;
    }

    /** The sleep before the next poll; advances the schedule as the sample's loop does. */
    public Duration nextWait() {
        if (!mayPoll()) {
            throw new IllegalStateException("Timeout Error! Operation was not completed.");
        }
        Duration current = wait;
        Duration doubled = wait.multipliedBy(2);
        wait = doubled.compareTo(CAP) < 0 ? doubled : CAP;
        retryCount++;
        return current;
    }

    /** Polls made so far. */
    public int polls() {
        return retryCount - 1;
    }
}
