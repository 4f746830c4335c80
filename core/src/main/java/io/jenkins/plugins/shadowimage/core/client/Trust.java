package io.jenkins.plugins.shadowimage.core.client;

import java.io.Serializable;
import java.util.Objects;

/**
 * How the client verifies the array's TLS certificate.
 *
 * <p>Verification is always on (JVM trust store, hostname verification) unless {@link #insecure()} was
 * chosen explicitly. A PEM bundle (a CA certificate or the array's own self-signed certificate) is
 * trusted in addition to the JVM trust store. Immutable; holds no secret.
 */
public final class Trust implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String pemBundle;
    private final boolean insecure;

    private Trust(String pemBundle, boolean insecure) {
        this.pemBundle = pemBundle;
        this.insecure = insecure;
    }

    /** The JVM trust store with hostname verification. */
    public static Trust systemDefault() {
        return new Trust(null, false);
    }

    /** The JVM trust store plus the certificates of {@code pemBundle}, with hostname verification. */
    public static Trust pem(String pemBundle) {
        if (pemBundle == null || pemBundle.isBlank()) {
            throw new IllegalArgumentException("PEM bundle is empty");
        }
        try {
            TlsSupport.parsePem(pemBundle);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException("the PEM bundle holds no readable X.509 certificate ("
                    + e.getMessage() + "); paste the array's certificate or its CA, -----BEGIN CERTIFICATE----- "
                    + "included", e);
        }
        return new Trust(pemBundle, false);
    }

    /**
     * Why a PEM bundle cannot be trusted now, in one line: a certificate that is expired or not yet valid,
     * named with its validity window; {@code null} when every certificate is within its dates. Connections
     * refuse such a certificate anyway; this lets a form or a command say so before any connection.
     *
     * @throws IllegalArgumentException when the text holds no readable certificate (as {@link #pem(String)})
     */
    public static String validityProblem(String pemBundle) {
        return validityProblem(pemBundle, java.time.Instant.now());
    }

    /** Same as {@link #validityProblem(String)} at {@code now}. */
    public static String validityProblem(String pemBundle, java.time.Instant now) {
        pem(pemBundle);
        try {
            java.util.List<java.security.cert.X509Certificate> certs = new java.util.ArrayList<>();
            for (java.security.cert.Certificate c : TlsSupport.parsePem(pemBundle)) {
                if (c instanceof java.security.cert.X509Certificate x) {
                    certs.add(x);
                }
            }
            return CertificateValidity.problem(certs, now);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException("the PEM bundle holds no readable X.509 certificate", e);
        }
    }

    /** No certificate or hostname verification. Every connection made this way logs a warning. */
    public static Trust insecure() {
        return new Trust(null, true);
    }

    /** PEM text with one or more certificates, or {@code null}. */
    public String pemBundle() {
        return pemBundle;
    }

    /** Whether certificate and hostname verification are off. */
    public boolean isInsecure() {
        return insecure;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trust t && insecure == t.insecure && Objects.equals(pemBundle, t.pemBundle);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pemBundle, insecure);
    }

    @Override
    public String toString() {
        return insecure ? "Trust[INSECURE]" : pemBundle == null ? "Trust[system]" : "Trust[system+PEM]";
    }
}
