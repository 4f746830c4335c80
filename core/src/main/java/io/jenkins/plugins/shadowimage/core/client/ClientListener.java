package io.jenkins.plugins.shadowimage.core.client;

/** Receives {@link ClientEvent}s. Must be fast and must not throw. */
@FunctionalInterface
public interface ClientListener {
    ClientListener NONE = e -> { };

    void onEvent(ClientEvent event);
}
