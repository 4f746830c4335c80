package io.jenkins.plugins.shadowimage.core.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A ShadowImage pair ({@code local-clone-copypairs}). Statuses are kept verbatim. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CopyPair(String localCloneCopypairId, String copyGroupName, String copyPairName,
        String replicationType, String copyMode, Integer copyProgressRate, Integer pvolLdevId, Integer pvolMuNumber,
        String pvolStatus, Integer svolLdevId, String svolStatus, Integer consistencyGroupId,
        String pvolDifferenceDataManagement, String svolDifferenceDataManagement, String pvolProcessingStatus,
        String svolProcessingStatus) {
}
