package io.jenkins.plugins.shadowimage.core.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** An asynchronous job ({@code 202} answers and {@code GET .../jobs/{jobId}}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Job(long jobId, String self, String userId, String status, String state, String createdTime,
        String updatedTime, String completedTime, List<String> affectedResources, ApiError error,
        Request request) {

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
}
