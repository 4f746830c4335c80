package io.jenkins.plugins.shadowimage.jenkins.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.FormValidation;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Certificates an admin trusts for an array: pasted PEM text, or the certificates of a certificate credential. */
public final class TrustMaterial {

    private TrustMaterial() {}

    /** Parses PEM text; fails with a readable reason. */
    @NonNull
    public static List<X509Certificate> parsePem(@NonNull String pem) throws CertificateException {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new CertificateException("no '-----BEGIN CERTIFICATE-----' block found; paste the certificate in PEM form");
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Collection<? extends Certificate> certs =
                cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : certs) {
            if (c instanceof X509Certificate x) {
                out.add(x);
            }
        }
        if (out.isEmpty()) {
            throw new CertificateException("no certificate could be read");
        }
        return out;
    }

    static FormValidation checkPem(@NonNull String pem) {
        List<X509Certificate> certs;
        try {
            certs = parsePem(pem);
        } catch (CertificateException e) {
            return FormValidation.error("Not a usable certificate: " + e.getMessage());
        }
        // The core decides, as every connection refuses such a certificate: a warning here would only defer the failure.
        String outOfDate;
        try {
            outOfDate = Trust.validityProblem(pem);
        } catch (IllegalArgumentException e) {
            return FormValidation.error("Not a usable certificate: " + e.getMessage());
        }
        if (outOfDate != null) {
            return FormValidation.error("Refused: " + outOfDate + ". Connections would fail; paste the array's renewed "
                    + "certificate (or fix the controller's clock).");
        }
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certs) {
            sb.append(c.getSubjectX500Principal().getName()).append(" (valid until ").append(c.getNotAfter()).append("); ");
        }
        return FormValidation.ok(certs.size() + " certificate(s): " + sb.substring(0, sb.length() - 2));
    }

    /** The certificates held by a key store (e.g. a certificate credential), as PEM text, or {@code null}. */
    @CheckForNull
    public static String pemOf(@NonNull KeyStore keyStore) throws GeneralSecurityException {
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
            return null;
        }
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder sb = new StringBuilder();
        for (Certificate c : certs) {
            sb.append("-----BEGIN CERTIFICATE-----\n")
                    .append(b64.encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return sb.toString();
    }

    /** Joins PEM bundles, skipping empty ones; {@code null} when all are empty. */
    @CheckForNull
    public static String join(@CheckForNull String a, @CheckForNull String b) {
        boolean hasA = a != null && !a.isBlank();
        boolean hasB = b != null && !b.isBlank();
        if (hasA && hasB) {
            return a.strip() + "\n" + b.strip() + "\n";
        }
        return hasA ? a : hasB ? b : null;
    }
}
