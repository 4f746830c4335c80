package io.jenkins.plugins.shadowimage.core.engine;

import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.CredentialsSource;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.VspClient;
import java.util.Objects;

/**
 * How a driver reaches an array: endpoint, credentials source and client options. Builds its
 * {@link VspClient} lazily, so creating one after a restart is cheap. Thread-safe; close it when the
 * surface shuts down (or after a CLI command), which discards shared idle sessions.
 */
public final class ArrayAccess implements AutoCloseable {
    private final Endpoint endpoint;
    private final CredentialsSource credentials;
    private final ClientOptions options;
    private final StatusReads statusReads;
    private VspClient client;
    private boolean closed;

    public ArrayAccess(Endpoint endpoint, CredentialsSource credentials, ClientOptions options) {
        this(endpoint, credentials, options, new StatusReads());
    }

    private ArrayAccess(Endpoint endpoint, CredentialsSource credentials, ClientOptions options, StatusReads reads) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.options = options == null ? ClientOptions.defaults() : options;
        this.statusReads = reads;
    }

    /**
     * An access whose operations share no status read: each reads its own pair at its own pace. Only for
     * measuring what {@link StatusReads} saves; the surfaces never use it.
     */
    public static ArrayAccess withPerOperationReads(Endpoint endpoint, CredentialsSource credentials,
            ClientOptions options) {
        return new ArrayAccess(endpoint, credentials, options, StatusReads.perOperation());
    }

    public ArrayAccess(Endpoint endpoint, CredentialsSource credentials) {
        this(endpoint, credentials, ClientOptions.defaults());
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public ClientOptions options() {
        return options;
    }

    /** The pair status reads shared by every driver of this array. */
    StatusReads statusReads() {
        return statusReads;
    }

    /** Whether {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** The client, created at first use. */
    public synchronized VspClient client() {
        if (closed) {
            throw new IllegalStateException("ArrayAccess is closed");
        }
        if (client == null) {
            client = new VspClient(endpoint, credentials, options);
        }
        return client;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
