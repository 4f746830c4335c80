package io.jenkins.plugins.shadowimage.core.client;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where an array's Configuration Manager REST API is and how to reach it. Holds no secret, so it may be
 * persisted with an operation's state.
 *
 * @param baseUrl scheme, host and optional port, e.g. {@code https://array:443} or {@code https://rest:23451};
 *     no user-info, path, query or fragment (see {@link BaseUrl})
 * @param urlForm embedded or REST-server URL layout
 * @param storageDeviceId the 12-character storage device id ([0-9A-Z]), or {@code null} to discover it with
 *     {@code GET .../storages} (the array must then list exactly one storage)
 * @param connectTimeout TCP/TLS connect timeout, 1 s to 5 min
 * @param readTimeout socket read timeout of one request, 1 s to 1 h
 * @param trust TLS verification settings
 */
public record Endpoint(URI baseUrl, UrlForm urlForm, String storageDeviceId, Duration connectTimeout,
        Duration readTimeout, Trust trust) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default connect timeout: long enough for a busy SVP, short enough to fail over quickly. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Default read timeout: above the server-side job wait we request ({@code Response-Max-Wait}). */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);

    /**
     * The array's storage device id: 12 characters, a model prefix and the serial, e.g. {@code 886000123456}.
     * Digits, except VSP One Block, whose prefix {@code A34000} has a letter; nothing that could change a URL path.
     */
    private static final java.util.regex.Pattern STORAGE_DEVICE_ID = java.util.regex.Pattern.compile("[0-9A-Z]{12}");
    /** Bounds of the connect timeout: below 1 s a healthy SVP fails; above 5 min a dead one hangs a job. */
    public static final Duration MIN_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(5);
    /** Bounds of the read timeout: it must outlast the server-side job wait, yet not hang for hours. */
    public static final Duration MIN_READ_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration MAX_READ_TIMEOUT = Duration.ofHours(1);

    public Endpoint {
        baseUrl = BaseUrl.check(baseUrl);
        urlForm = urlForm == null ? UrlForm.EMBEDDED : urlForm;
        storageDeviceId = storageDeviceId == null || storageDeviceId.isBlank() ? null : storageDeviceId.trim();
        String idProblem = storageDeviceIdProblem(storageDeviceId);
        if (idProblem != null) {
            throw new IllegalArgumentException(idProblem);
        }
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
        requireWithin("connect timeout", connectTimeout, MIN_CONNECT_TIMEOUT, MAX_CONNECT_TIMEOUT, "5 minutes");
        requireWithin("read timeout", readTimeout, MIN_READ_TIMEOUT, MAX_READ_TIMEOUT, "1 hour");
        trust = trust == null ? Trust.systemDefault() : trust;
    }

    /** Why {@code id} is not a storage device id, in one line, or {@code null}; blank means "discover it". */
    public static String storageDeviceIdProblem(String id) {
        if (id == null || id.isBlank() || STORAGE_DEVICE_ID.matcher(id.trim()).matches()) {
            return null;
        }
        return "the storage device id must be the array's 12 characters (digits, e.g. 886000123456; "
                + "A34000810045 for VSP One Block), not '" + printable(id.trim()) + "'";
    }

    private static void requireWithin(String what, Duration value, Duration min, Duration max, String maxText) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("the " + what + " must be from 1 second to " + maxText + ", not "
                    + value.toMillis() + " ms");
        }
    }

    /** At most 40 characters of a bad id, control characters replaced, so a message stays one readable line. */
    private static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** A builder with the defaults: embedded URL form, discovered storage id, system trust. */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /** Same as {@link #builder(URI)} with a string URL. */
    public static Builder builder(String baseUrl) {
        return new Builder(BaseUrl.parse(baseUrl));
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
