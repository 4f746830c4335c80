package io.jenkins.plugins.shadowimage.core.client;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where an array's Configuration Manager REST API is and how to reach it. Holds no secret, so it may be
 * persisted with an operation's state.
 *
 * @param baseUrl scheme, host and port, e.g. {@code https://array:443} or {@code https://rest:23451}; a path,
 *     if any, is ignored
 * @param urlForm embedded or REST-server URL layout
 * @param storageDeviceId the 12-character storage device id, or {@code null} to discover it with
 *     {@code GET .../storages} (the array must then list exactly one storage)
 * @param connectTimeout TCP/TLS connect timeout
 * @param readTimeout socket read timeout of one request
 * @param trust TLS verification settings
 */
public record Endpoint(URI baseUrl, UrlForm urlForm, String storageDeviceId, Duration connectTimeout,
        Duration readTimeout, Trust trust) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default connect timeout: long enough for a busy SVP, short enough to fail over quickly. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Default read timeout: above the server-side job wait we request ({@code Response-Max-Wait}). */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);

    public Endpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL: " + baseUrl);
        }
        if (baseUrl.getRawUserInfo() != null) {
            // Never echo the URL here: it holds a password.
            throw new IllegalArgumentException("baseUrl must not contain a user or password; use the credentials");
        }
        if (baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl has no host: " + baseUrl);
        }
        urlForm = urlForm == null ? UrlForm.EMBEDDED : urlForm;
        storageDeviceId = storageDeviceId == null || storageDeviceId.isBlank() ? null : storageDeviceId.trim();
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
        trust = trust == null ? Trust.systemDefault() : trust;
    }

    /** A builder with the defaults: embedded URL form, discovered storage id, system trust. */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /** Same as {@link #builder(URI)} with a string URL. */
    public static Builder builder(String baseUrl) {
        return new Builder(URI.create(baseUrl));
    }

    /** This endpoint with the given storage device id (e.g. once discovered). */
    public Endpoint withStorageDeviceId(String id) {
        return new Endpoint(baseUrl, urlForm, id, connectTimeout, readTimeout, trust);
    }

    /**
     * The identity of the array for session budgets and state checks: scheme, host and port, plus (for the
     * REST-server form, which can front several arrays) the storage device id. Never contains credentials.
     */
    public String arrayKey() {
        int port = baseUrl.getPort() >= 0 ? baseUrl.getPort() : baseUrl.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        return baseUrl.getScheme().toLowerCase(java.util.Locale.ROOT) + "://"
                + baseUrl.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port
                + (urlForm == UrlForm.REST_SERVER && storageDeviceId != null ? "/" + storageDeviceId : "");
    }

    /** Builder of {@link Endpoint}. */
    public static final class Builder {
        private final URI baseUrl;
        private UrlForm urlForm = UrlForm.EMBEDDED;
        private String storageDeviceId;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Trust trust = Trust.systemDefault();

        private Builder(URI baseUrl) {
            this.baseUrl = baseUrl;
        }

        public Builder urlForm(UrlForm v) { this.urlForm = v; return this; }
        public Builder storageDeviceId(String v) { this.storageDeviceId = v; return this; }
        public Builder connectTimeout(Duration v) { this.connectTimeout = v; return this; }
        public Builder readTimeout(Duration v) { this.readTimeout = v; return this; }
        public Builder trust(Trust v) { this.trust = v; return this; }

        public Endpoint build() {
            return new Endpoint(baseUrl, urlForm, storageDeviceId, connectTimeout, readTimeout, trust);
        }
    }
}
