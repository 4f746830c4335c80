package io.jenkins.plugins.shadowimage.core.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The error object: the body of a synchronous 4xx/5xx answer, or {@code job.error} of a failed job.
 * {@code errorCode} is kept as a tree since it carries either SSB codes ({@code SSB1}, {@code SSB2}) or a
 * CCI return code ({@code errorCode}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiError(String errorSource, String messageId, String message, String cause, String solution,
        String solutionType, JsonNode errorCode, String detailCode) {

    /** SSB1 in upper case, or {@code null} when absent or empty. */
    public String ssb1() {
        return code("SSB1");
    }

    /** SSB2 in upper case, or {@code null} when absent or empty. */
    public String ssb2() {
        return code("SSB2");
    }

    /** The CCI return code such as {@code EX_EACCES}, or {@code null}. */
    public String cciErrorCode() {
        return code("errorCode");
    }

    private String code(String field) {
        if (errorCode == null || !errorCode.isObject()) {
            return null;
        }
        JsonNode n = errorCode.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        String s = n.asText().trim();
        return s.isEmpty() ? null : s.toUpperCase(java.util.Locale.ROOT);
    }
}
