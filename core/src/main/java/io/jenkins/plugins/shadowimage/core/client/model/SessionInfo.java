package io.jenkins.plugins.shadowimage.core.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer of {@code POST .../sessions}. The token is a secret: this record's {@link #toString()}
 * redacts it, and it must never be logged or persisted.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionInfo(String token, long sessionId) {
    @Override
    public String toString() {
        return "SessionInfo[sessionId=" + sessionId + ", token=****]";
    }
}
