package io.jenkins.plugins.shadowimage.core.engine;

import java.time.Instant;

/**
 * How one operation is paced in this process: poll counts, the copy-rate sample, waits for a session permit and
 * retries across steps. It stays in memory (a resumed operation starts its pacing afresh) and is shared by the
 * successive states of the operation; it is also the operation's place in the session permit queue.
 */
final class Pacing {
    int jobPolls;
    int statusPolls;
    /** Progress rate estimate: the first sample of the current copy. */
    Integer rateBaseProgress;
    Instant rateBaseAt;
    int permitWaits;
    /** Set by CHECK; the first SUBMIT right after it may skip the read-back. */
    boolean justChecked;
    /** When the current run of retryable errors began (they are retried across steps), or null. */
    Instant retryingSince;
    /** How many degraded entries (without pair name or LDEV ids) the last group list read held. */
    int skippedListEntries;
}
