package io.jenkins.plugins.shadowimage.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A copy group: a P-VOL device group and an S-VOL device group holding named pairs. Guarded by {@link StorageState}. */
final class SimulatedGroup {
    private final String name;
    private final String pvolDeviceGroupName;
    private final String svolDeviceGroupName;
    private final Map<String, SimulatedPair> pairs = new LinkedHashMap<>();

    SimulatedGroup(String name, String pvolDeviceGroupName, String svolDeviceGroupName) {
        this.name = name;
        this.pvolDeviceGroupName = pvolDeviceGroupName;
        this.svolDeviceGroupName = svolDeviceGroupName;
    }

    String name() { return name; }
    String pvolDeviceGroupName() { return pvolDeviceGroupName; }
    String svolDeviceGroupName() { return svolDeviceGroupName; }

    String id() {
        return name + "," + pvolDeviceGroupName + "," + svolDeviceGroupName;
    }

    Map<String, SimulatedPair> pairMap() {
        return pairs;
    }

    List<SimulatedPair> pairs() {
        return new ArrayList<>(pairs.values());
    }
}
