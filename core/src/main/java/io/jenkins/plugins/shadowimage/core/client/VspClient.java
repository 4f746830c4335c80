package io.jenkins.plugins.shadowimage.core.client;

import io.jenkins.plugins.shadowimage.core.client.model.ApiVersion;
import io.jenkins.plugins.shadowimage.core.client.model.StorageSystem;
import java.util.List;
import java.util.Optional;

/**
 * The REST client of one array endpoint. Thread-safe; one per endpoint and credentials source. Holds a
 * pooled Apache HttpClient 5 and must be {@link #close() closed}, which also discards sessions kept for
 * sharing.
 *
 * <p>Unauthenticated calls ({@link #apiVersion()}, {@link #storages()}) are made directly; everything else
 * goes through a {@link VspSession}, a short unit of work that opens a session lazily, holds a permit of
 * the array's {@link io.jenkins.plugins.shadowimage.core.session.SessionBudget}, and discards the session
 * when closed.
 */
public final class VspClient implements AutoCloseable {

    public VspClient(Endpoint endpoint, CredentialsSource credentials, ClientOptions options) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The endpoint, with the storage device id once it is known. */
    public Endpoint endpoint() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public ClientOptions options() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * The API version, fetched once per endpoint and cached.
     *
     * @throws VspApiException when the server is older than 1.2 (naming the version found) or answers an error
     */
    public ApiVersion apiVersion() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code GET .../storages} (unauthenticated where the server allows it, Basic otherwise). */
    public List<StorageSystem> storages() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * The storage device id: the configured one, or the only one listed by {@link #storages()}. Cached.
     */
    public String storageDeviceId() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Starts a unit of work, waiting (blocking, up to {@link ClientOptions#permitWait()}) for a session permit
     * of this array; a {@link ClientEvent.Kind#PERMIT_WAIT} event reports the wait.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public VspSession openSession(ClientListener listener) throws InterruptedException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Starts a unit of work if a session permit is free now; never blocks. Callers that get empty come back
     * later with the same {@code waiter} object, which keeps their place in the queue (first come, first
     * served).
     */
    public Optional<VspSession> tryOpenSession(ClientListener listener, Object waiter) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Discards the sessions this client keeps for sharing and closes the HTTP connection pool. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
