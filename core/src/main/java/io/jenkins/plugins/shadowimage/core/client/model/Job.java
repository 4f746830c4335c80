package io.jenkins.plugins.shadowimage.core.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** An asynchronous job ({@code 202} answers and {@code GET .../jobs/{jobId}}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Job(long jobId, String self, String userId, String status, String state, String createdTime,
        String updatedTime, String completedTime,
        @JsonDeserialize(using = Links.class) List<String> affectedResources, ApiError error, Request request) {

    public Job {
        affectedResources = affectedResources == null ? List.of() : List.copyOf(affectedResources);
    }

    /** The request that created the job. {@code requestBody} is never logged or shown. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Request(String requestUrl, String requestMethod, String requestBody) {
        @Override
        public String toString() {
            return requestMethod + " " + requestUrl;
        }
    }

    /** {@code status == Completed}: the job will not change any more. */
    public boolean isCompleted() {
        return "Completed".equalsIgnoreCase(status);
    }

    /** Completed with {@code state == Succeeded}. */
    public boolean isSucceeded() {
        return isCompleted() && "Succeeded".equalsIgnoreCase(state);
    }

    /** Completed with any other state ({@code Failed}, {@code Unknown}, ...). */
    public boolean isFailed() {
        return isCompleted() && !isSucceeded();
    }

    /**
     * {@code affectedResources} as link strings, whatever shape an array sends: a list of strings (spec §3.2), a
     * single string, or objects with the link in a text field ({@code href}, {@code self}, ... first text wins).
     */
    static final class Links extends JsonDeserializer<List<String>> {
        @Override
        public List<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode n = p.readValueAsTree();
            List<String> links = new ArrayList<>();
            if (n == null || n.isNull()) {
                return links;
            }
            for (JsonNode e : n.isArray() ? n : List.of(n)) {
                String link = link(e);
                if (link != null && !link.isBlank()) {
                    links.add(link);
                }
            }
            return links;
        }

        private static String link(JsonNode e) {
            if (e.isTextual()) {
                return e.asText();
            }
            if (e.isObject()) {
                for (JsonNode v : e) {
                    if (v.isTextual()) {
                        return v.asText();
                    }
                }
            }
            return null;
        }
    }
}
