package io.jenkins.plugins.shadowimage.core.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A ShadowImage copy group ({@code local-clone-copygroups}); {@code copyPairs} only on a single GET. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CopyGroup(String localCloneCopygroupId, String copyGroupName, String pvolDeviceGroupName,
        String svolDeviceGroupName, List<CopyPair> copyPairs) {

    public CopyGroup {
        copyPairs = copyPairs == null ? List.of() : List.copyOf(copyPairs);
    }
}
