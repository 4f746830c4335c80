package io.jenkins.plugins.shadowimage.core.runtime;

import java.util.Objects;

/**
 * The parts of an operation the surface rebuilds at each start (not persisted by the runtime).
 *
 * @param array the surface's name of the array, as {@link MaintenancePause} knows it
 * @param failFast fail at once instead of waiting for a lock or a pause
 */
public record OperationSpec(String array, ArrayConnector connector, boolean failFast) {
    public OperationSpec {
        Objects.requireNonNull(array, "array");
        Objects.requireNonNull(connector, "connector");
    }
}
