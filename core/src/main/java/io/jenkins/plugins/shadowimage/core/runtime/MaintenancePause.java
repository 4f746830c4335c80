package io.jenkins.plugins.shadowimage.core.runtime;

import java.util.Optional;

/** The surface's maintenance switch: while an array is paused, nothing new is sent to it. */
@FunctionalInterface
public interface MaintenancePause {

    MaintenancePause NONE = array -> Optional.empty();

    /** Why {@code array} (the surface's name for it) is paused now, or empty when it is not. Read at every check. */
    Optional<String> reason(String array);
}
