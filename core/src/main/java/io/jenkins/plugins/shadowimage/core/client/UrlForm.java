package io.jenkins.plugins.shadowimage.core.client;

/**
 * Which of the two URL layouts of the Configuration Manager REST API an endpoint uses.
 *
 * <p>The embedded REST API (SVP or controller GUM) serves unscoped object URLs such as
 * {@code /ConfigurationManager/v1/objects/local-clone-copypairs}; the separate REST server needs the
 * storage-scoped form {@code /ConfigurationManager/v1/objects/storages/{storageDeviceId}/...}. The
 * embedded API also accepts the scoped form, so {@link #REST_SERVER} works against both.
 */
public enum UrlForm {
    /** Unscoped object URLs; the embedded API on the SVP or the controllers (port 443). */
    EMBEDDED,
    /** Storage-scoped object URLs; the Configuration Manager REST server (port 23451). */
    REST_SERVER;

    /** How a settings form names it. */
    public String description() {
        return this == EMBEDDED ? "Embedded in the array (SVP / GUM), e.g. https://svp:443"
                : "REST API server, e.g. https://rest-server:23451";
    }
}
