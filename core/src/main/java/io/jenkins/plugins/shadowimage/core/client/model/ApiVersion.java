package io.jenkins.plugins.shadowimage.core.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code GET /ConfigurationManager/configuration/version}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiVersion(String productName, String apiVersion) {

    /** Whether {@link #apiVersion()} is at least {@code major.minor}; unparsable versions are not. */
    public boolean atLeast(int major, int minor) {
        if (apiVersion == null) {
            return false;
        }
        String[] parts = apiVersion.trim().split("\\.");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("[^0-9].*$", "")) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
