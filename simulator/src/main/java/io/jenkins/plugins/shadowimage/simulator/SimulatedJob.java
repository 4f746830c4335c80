package io.jenkins.plugins.shadowimage.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An asynchronous job. Its outcome is decided when the request is accepted; what moves with simulated time is
 * only what a client sees: Initializing/Queued, then Running/Started, then Completed/Succeeded or Failed.
 */
final class SimulatedJob {
    private final long jobId;
    private final String self;
    private final String userId;
    private final long createdAt;
    private final long startedAt;
    private final long completedAt;
    private final String requestUrl;
    private final String requestMethod;
    private final String requestBody;
    private final List<String> affectedResources;
    private final ErrorAnswer error;
    private final String errorSource;
    /** The state a completed job reports instead of Succeeded/Failed (e.g. {@code Unknown}), or null. */
    private final String endState;

    SimulatedJob(long jobId, String self, String userId, long createdAt, long startedAt, long completedAt, String requestUrl,
            String requestMethod, String requestBody, List<String> affectedResources, ErrorAnswer error, String endState) {
        this.jobId = jobId;
        this.self = self;
        this.userId = userId;
        this.createdAt = createdAt;
        this.startedAt = startedAt;
        this.completedAt = completedAt;
        this.requestUrl = requestUrl;
        this.requestMethod = requestMethod;
        this.requestBody = requestBody;
        this.affectedResources = List.copyOf(affectedResources);
        this.error = error;
        this.errorSource = requestUrl;
        this.endState = endState;
    }

    long jobId() { return jobId; }
    long completedAt() { return completedAt; }
    long createdAt() { return createdAt; }
    boolean failed() { return error != null; }

    boolean isCompleted(long now) {
        return now >= completedAt;
    }

    String status(long now) {
        return now >= completedAt ? "Completed" : now >= startedAt ? "Running" : "Initializing";
    }

    String state(long now) {
        if (now >= completedAt) {
            return endState != null ? endState : error == null ? "Succeeded" : "Failed";
        }
        return now >= startedAt ? "Started" : "Queued";
    }

    ObjectNode toJson(long now, SimClock clock) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("jobId", jobId);
        n.put("self", self);
        n.put("userId", userId);
        n.put("status", status(now));
        n.put("state", state(now));
        n.put("createdTime", Times.iso(clock.toInstant(createdAt)));
        long updated = now >= completedAt ? completedAt : now >= startedAt ? startedAt : createdAt;
        n.put("updatedTime", Times.iso(clock.toInstant(updated)));
        if (now >= completedAt) {
            n.put("completedTime", Times.iso(clock.toInstant(completedAt)));
        }
        ObjectNode req = n.putObject("request");
        req.put("requestUrl", requestUrl);
        req.put("requestMethod", requestMethod);
        req.put("requestBody", requestBody);
        if (now >= completedAt && error == null && endState == null) {
            // Present only on success, as in the documented samples (spec §3.2, §9.2).
            ArrayNode affected = n.putArray("affectedResources");
            affectedResources.forEach(affected::add);
        }
        if (now >= completedAt && error != null) {
            n.set("error", error.toJson(errorSource));
        }
        return n;
    }
}
