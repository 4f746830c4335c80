package io.jenkins.plugins.shadowimage.core.client;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;

/** Builds the SSL context and hostname verifier of a {@link Trust}. */
final class TlsSupport {
    private TlsSupport() {
    }

    static SSLContext sslContext(Trust trust) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            X509TrustManager tm = trust.isInsecure() ? new TrustAll() : trustManager(trust.pemBundle());
            ctx.init(null, new TrustManager[] {tm}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    static HostnameVerifier hostnameVerifier(Trust trust) {
        return trust.isInsecure() ? NoopHostnameVerifier.INSTANCE : new DefaultHostnameVerifier();
    }

    private static X509TrustManager trustManager(String pem) throws GeneralSecurityException {
        X509TrustManager system = fromKeyStore(null);
        if (pem == null) {
            return system;
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            ks.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        List<X509Certificate> bundle = new ArrayList<>();
        for (Certificate c : parsePem(pem)) {
            ks.setCertificateEntry("pem-" + i++, c);
            if (c instanceof X509Certificate x) {
                bundle.add(x);
            }
        }
        return new Either(system, fromKeyStore(ks), bundle);
    }

    static List<Certificate> parsePem(String pem) throws CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Collection<? extends Certificate> certs =
                cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certs.isEmpty()) {
            throw new CertificateException("the PEM bundle holds no certificate");
        }
        return new ArrayList<>(certs);
    }

    private static X509TrustManager fromKeyStore(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509TrustManager");
    }

    /**
     * Trusts a chain that either the JVM trust store or the PEM bundle trusts. A chain trusted through the
     * bundle must also be within its dates, its anchor from the bundle included (path validation skips it).
     */
    private static final class Either implements X509TrustManager {
        private final X509TrustManager first;
        private final X509TrustManager second;
        private final List<X509Certificate> bundle;

        Either(X509TrustManager first, X509TrustManager second, List<X509Certificate> bundle) {
            this.first = first;
            this.second = second;
            this.bundle = List.copyOf(bundle);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            first.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                second.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                first.checkServerTrusted(chain, authType);
                return;
            }
            CertificateValidity.check(withAnchor(chain), java.time.Instant.now());
        }

        /** The chain and the bundle certificates that issued its top (or are its top). */
        private List<X509Certificate> withAnchor(X509Certificate[] chain) {
            List<X509Certificate> all = new ArrayList<>(List.of(chain));
            if (chain.length > 0) {
                X509Certificate top = chain[chain.length - 1];
                for (X509Certificate b : bundle) {
                    if (b.getSubjectX500Principal().equals(top.getIssuerX500Principal()) && !b.equals(top)) {
                        all.add(b);
                    }
                }
            }
            return all;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }

    /** The explicit insecure mode: accepts any certificate. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
