package io.jenkins.plugins.shadowimage.core.config;

import io.jenkins.plugins.shadowimage.core.client.Trust;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Certificates a user trusts for an array: PEM text (pasted in a form, or a {@code --ca-cert} file) or the
 * certificates of a key store (a certificate credential). Both surfaces ask here whether the text is usable.
 */
public final class TrustedCertificates {

    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

    private TrustedCertificates() {}

    /**
     * Why this text is not PEM certificates, in one line, or {@code null}: no certificate block, a private key
     * (which must never be given where a certificate goes), or unreadable. The command line asks this; its
     * connection then refuses a certificate outside its dates with the TLS error.
     */
    public static String formatProblem(String pem) {
        if (pem == null || !pem.contains(BEGIN)) {
            return "no '" + BEGIN + "' block found; give the certificate in PEM form";
        }
        if (pem.contains("PRIVATE KEY")) {
            return "it contains a private key; give the certificate only";
        }
        try {
            parse(pem);
            return null;
        } catch (CertificateException e) {
            return "no certificate could be read (" + e.getMessage() + ")";
        }
    }

    /**
     * As {@link #formatProblem}, and also a certificate outside its validity window: every connection would
     * refuse it, so a form says so at once instead of deferring the failure.
     */
    public static String problem(String pem, Instant now) {
        String format = formatProblem(pem);
        return format != null ? format : Trust.validityProblem(pem, now);
    }

    /** The verdict of a form: each certificate's subject and end date when usable; else why not, as an error. */
    public static FieldCheck check(String pem, Instant now) {
        if (pem == null || pem.isBlank()) {
            return FieldCheck.ok();
        }
        String problem = problem(pem, now);
        if (problem != null) {
            return FieldCheck.error("Refused: " + problem + ". Connections would fail; give the array's current "
                    + "certificate or its CA (or fix this machine's clock).");
        }
        List<String> each = new ArrayList<>();
        try {
            for (X509Certificate c : parse(pem)) {
                each.add(c.getSubjectX500Principal().getName() + " (valid until " + c.getNotAfter().toInstant() + ")");
            }
        } catch (CertificateException e) {
            throw new IllegalStateException("read a moment ago", e);
        }
        return FieldCheck.ok(each.size() + " certificate(s): " + String.join("; ", each));
    }

    private static List<X509Certificate> parse(String pem) throws CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            if (c instanceof X509Certificate x) {
                out.add(x);
            }
        }
        if (out.isEmpty()) {
            throw new CertificateException("no X.509 certificate in it");
        }
        return out;
    }

    /**
     * Every certificate of a key store (its chains and trusted entries) as PEM text.
     *
     * @throws KeyStoreException also when the key store holds no certificate
     */
    public static String pemOf(KeyStore keyStore) throws GeneralSecurityException {
        Set<Certificate> certs = new LinkedHashSet<>();
        Enumeration<String> aliases = keyStore.aliases();
        while (aliases.hasMoreElements()) {
            String alias = aliases.nextElement();
            Certificate[] chain = keyStore.getCertificateChain(alias);
            if (chain != null) {
                certs.addAll(List.of(chain));
            } else if (keyStore.getCertificate(alias) != null) {
                certs.add(keyStore.getCertificate(alias));
            }
        }
        if (certs.isEmpty()) {
            throw new KeyStoreException("it holds no certificate");
        }
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder sb = new StringBuilder();
        for (Certificate c : certs) {
            sb.append(BEGIN).append('\n').append(b64.encodeToString(c.getEncoded())).append("\n-----END CERTIFICATE-----\n");
        }
        return sb.toString();
    }

    /**
     * The certificates of a certificate credential as PEM ({@link #pemOf}).
     *
     * @throws IllegalArgumentException naming the credential and why it cannot be read
     */
    public static String pemOfCredential(String id, KeyStore keyStore) {
        try {
            return pemOf(keyStore);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Certificate credential '" + id + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /** Two PEM bundles as one, skipping empty ones; {@code null} when both are empty. */
    public static String join(String a, String b) {
        boolean hasA = a != null && !a.isBlank();
        boolean hasB = b != null && !b.isBlank();
        if (hasA && hasB) {
            return a.strip() + "\n" + b.strip() + "\n";
        }
        return hasA ? a : hasB ? b : null;
    }
}
