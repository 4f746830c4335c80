package io.jenkins.plugins.shadowimage.core.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One element of {@code GET .../storages}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StorageSystemInfo(String storageDeviceId, String model, Long serialNumber, String svpIp, String ctl1Ip,
        String ctl2Ip, String dkcMicroVersion) {
}
