package io.jenkins.plugins.shadowimage.simulator;

import java.time.Instant;

/**
 * One served request as the admin API reports it. {@code endpoint} is the route template, e.g.
 * {@code POST /local-clone-copypairs/{id}/actions/split/invoke}. No headers or bodies are kept, so no secret
 * can leak through the log.
 */
public record RequestRecord(long sequence, Instant time, String method, String path, String query, String endpoint,
        int status, String userId) {
}
