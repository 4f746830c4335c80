package io.jenkins.plugins.shadowimage.core.client.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * The identity of a ShadowImage pair: {@code copyGroupName,pvolDeviceGroupName,svolDeviceGroupName,copyPairName}
 * (the {@code localCloneCopypairId}).
 */
public record PairId(String copyGroupName, String pvolDeviceGroupName, String svolDeviceGroupName,
        String copyPairName) implements Serializable {
    private static final long serialVersionUID = 1L;

    public PairId {
        Objects.requireNonNull(copyGroupName, "copyGroupName");
        Objects.requireNonNull(copyPairName, "copyPairName");
        pvolDeviceGroupName = pvolDeviceGroupName == null ? copyGroupName + "P_" : pvolDeviceGroupName;
        svolDeviceGroupName = svolDeviceGroupName == null ? copyGroupName + "S_" : svolDeviceGroupName;
    }

    /** The copy group this pair belongs to. */
    public CopyGroupId group() {
        return new CopyGroupId(copyGroupName, pvolDeviceGroupName, svolDeviceGroupName);
    }

    /** The object id as used in URLs and {@code localCloneCopypairId}. */
    @Override
    public String toString() {
        return copyGroupName + "," + pvolDeviceGroupName + "," + svolDeviceGroupName + "," + copyPairName;
    }
}
