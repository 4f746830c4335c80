package io.jenkins.plugins.shadowimage.core.runtime;

import java.util.Objects;

/** Who holds a lock and what it is doing, as other operations print it while they wait. */
public record LockHolder(String ownerId, String description) {
    public LockHolder {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(description, "description");
    }
}
