package io.jenkins.plugins.shadowimage.core.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of {@code POST .../sessions}. The token is a secret: this record's {@link #toString()}
 * redacts it, Jackson reads it but never writes it, and it must never be logged or persisted.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionInfo(@JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String token, long sessionId) {
    @Override
    public String toString() {
        return "SessionInfo[sessionId=" + sessionId + ", token=****]";
    }
}
