package io.jenkins.plugins.shadowimage.core.client.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of {@code POST .../local-clone-copypairs} (null fields are omitted on the wire).
 * {@code replicationType} is always {@code SI}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreatePairSpec(String copyGroupName, String copyPairName, String replicationType, Integer pvolLdevId,
        Integer svolLdevId, Boolean isNewGroupCreation, String pvolDeviceGroupName, String svolDeviceGroupName,
        Integer pvolMuNumber, Integer copyPace, Boolean autoSplit, Boolean quickMode, Boolean isConsistencyGroup,
        Integer consistencyGroupId, Boolean isDataReductionForceCopy) {
}
