package io.jenkins.plugins.shadowimage.core.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Describes the TLS connection to an array for the Test connection report: protocol, cipher suite and the
 * certificate the array presents.
 *
 * <p>Runs only after the REST client has connected with full verification (or with verification skipped by
 * the admin). It performs a bare handshake and sends no data at all, so it accepts whatever certificate is
 * presented: its only purpose is to read it.
 */
final class TlsProbe {

    private TlsProbe() {}

    static String describe(URI baseUrl, Duration timeout) {
        if (!"https".equalsIgnoreCase(baseUrl.getScheme())) {
            return "none (plain HTTP)";
        }
        String host = baseUrl.getHost();
        int port = baseUrl.getPort() > 0 ? baseUrl.getPort() : 443;
        int ms = (int) timeout.toMillis();
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new ReadOnlyTrustManager()}, null);
            try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(host, port), ms);
                socket.setSoTimeout(ms);
                if (!host.isEmpty() && !Character.isDigit(host.charAt(0)) && !host.contains(":")) {
                    SSLParameters params = socket.getSSLParameters();
                    params.setServerNames(List.of(new SNIHostName(host)));
                    socket.setSSLParameters(params);
                }
                socket.startHandshake();
                SSLSession session = socket.getSession();
                StringBuilder sb = new StringBuilder(session.getProtocol()).append(", ").append(session.getCipherSuite());
                Certificate[] chain = session.getPeerCertificates();
                if (chain.length > 0 && chain[0] instanceof X509Certificate c) {
                    byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
                    sb.append(", certificate '").append(c.getSubjectX500Principal().getName())
                            .append("' issued by '").append(c.getIssuerX500Principal().getName())
                            .append("', valid until ").append(c.getNotAfter().toInstant())
                            .append(", SHA-256 ").append(HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256));
                }
                return sb.toString();
            }
        } catch (Exception e) {
            return "details unavailable (" + e.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ")";
        }
    }

    /** Accepts any certificate: used only to read it during a handshake that carries no data. */
    private static final class ReadOnlyTrustManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
