package io.jenkins.plugins.shadowimage.core.client.model;

import java.io.Serializable;
import java.util.Objects;

/** The identity of a copy group: {@code copyGroupName,pvolDeviceGroupName,svolDeviceGroupName}. */
public record CopyGroupId(String copyGroupName, String pvolDeviceGroupName, String svolDeviceGroupName)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public CopyGroupId {
        Objects.requireNonNull(copyGroupName, "copyGroupName");
        pvolDeviceGroupName = pvolDeviceGroupName == null ? copyGroupName + "P_" : pvolDeviceGroupName;
        svolDeviceGroupName = svolDeviceGroupName == null ? copyGroupName + "S_" : svolDeviceGroupName;
    }

    /** The object id as used in URLs and {@code localCloneCopygroupId}. */
    @Override
    public String toString() {
        return copyGroupName + "," + pvolDeviceGroupName + "," + svolDeviceGroupName;
    }
}
