package io.jenkins.plugins.shadowimage.core.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** {@code GET .../ldevs/{ldevId}}; only the fields the pair engine needs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Ldev(int ldevId, String emulationType, Long blockCapacity, String byteFormatCapacity,
        String dataReductionMode, String dataReductionStatus, List<String> attributes, String label, String status) {

    /** Whether the LDEV is defined ({@code emulationType} present and not {@code NOT DEFINED}). */
    public boolean isDefined() {
        return emulationType != null && !emulationType.isBlank() && !"NOT DEFINED".equalsIgnoreCase(emulationType);
    }

    /** Whether capacity saving (compression and/or deduplication) is enabled. */
    public boolean usesCapacitySaving() {
        return dataReductionMode != null && !dataReductionMode.isBlank()
                && !"disabled".equalsIgnoreCase(dataReductionMode);
    }
}
