package io.jenkins.plugins.shadowimage.bench.subject;

import java.time.Instant;

/**
 * One request in the array's log.
 *
 * @param time     when the array answered it
 * @param endpoint its route template ({@code GET /jobs/{id}}), or what refused it
 * @param status   the HTTP status of the answer
 */
public record ServedRequest(long sequence, Instant time, String endpoint, int status) {

    /** Refused as busy (HTTP 503): over the request rate, or the session cap. */
    public boolean busy() {
        return status == 503;
    }
}
