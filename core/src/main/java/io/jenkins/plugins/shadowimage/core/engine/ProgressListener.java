package io.jenkins.plugins.shadowimage.core.engine;

/** Receives {@link ProgressEvent}s. Must be fast and must not throw; called from the driving thread. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = e -> { };

    void onEvent(ProgressEvent event);
}
