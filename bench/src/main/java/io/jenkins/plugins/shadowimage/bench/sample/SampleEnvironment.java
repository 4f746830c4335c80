package io.jenkins.plugins.shadowimage.bench.sample;

import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTest;
import java.util.Map;

/** The environment through which the sample's support modules learn where the simulator listens. */
final class SampleEnvironment {

    private SampleEnvironment() { }

    static Map<String, String> of(ArrayUnderTest array) {
        return Map.of(
                "VSP_REST_HOST", array.baseUrl().getHost(),
                "VSP_REST_PORT", String.valueOf(array.baseUrl().getPort()),
                "VSP_REST_SCHEME", array.baseUrl().getScheme(),
                "VSP_STORAGE_MODEL", array.model(),
                "VSP_SERIAL_NUMBER", String.valueOf(array.serialNumber()));
    }
}
