package io.jenkins.plugins.shadowimage.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS key and certificate. A generated certificate is made by the JDK's own {@code keytool}
 * (the JDK has no public API to issue certificates), self-signed, with SAN IP:127.0.0.1 and DNS:localhost so
 * clients can verify the host name; it is made once per JVM and key algorithm and reused.
 */
final class TlsMaterial {
    private static final char[] PASSWORD = "vsp-simulator".toCharArray();
    private static final Map<String, KeyStore> GENERATED = new ConcurrentHashMap<>();

    private final KeyStore keyStore;
    private final char[] keyPassword;
    private final X509Certificate certificate;

    private TlsMaterial(KeyStore keyStore, char[] keyPassword) throws GeneralSecurityException {
        this.keyStore = keyStore;
        this.keyPassword = keyPassword;
        X509Certificate cert = null;
        for (Enumeration<String> e = keyStore.aliases(); e.hasMoreElements();) {
            String alias = e.nextElement();
            if (keyStore.isKeyEntry(alias)) {
                cert = (X509Certificate) keyStore.getCertificate(alias);
                break;
            }
        }
        if (cert == null) {
            throw new GeneralSecurityException("the key store holds no private key entry");
        }
        this.certificate = cert;
    }

    static TlsMaterial load(SimulatorConfig.Tls tls) throws IOException, GeneralSecurityException {
        return load(tls, SimulatorConfig.CertificateValidity.VALID);
    }

    static TlsMaterial load(SimulatorConfig.Tls tls, SimulatorConfig.CertificateValidity validity)
            throws IOException, GeneralSecurityException {
        if (tls instanceof SimulatorConfig.Tls.Generated g) {
            String alg = g.keyAlgorithm() == null ? "EC" : g.keyAlgorithm().toUpperCase(java.util.Locale.ROOT);
            String key = alg + "/" + validity;
            KeyStore ks = GENERATED.get(key);
            if (ks == null) {
                synchronized (GENERATED) {
                    ks = GENERATED.get(key);
                    if (ks == null) {
                        ks = generate(alg, validity);
                        GENERATED.put(key, ks);
                    }
                }
            }
            return new TlsMaterial(ks, PASSWORD);
        }
        if (tls instanceof SimulatorConfig.Tls.Pkcs12 p) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p.file())) {
                ks.load(in, p.password());
            }
            return new TlsMaterial(ks, p.password());
        }
        SimulatorConfig.Tls.Pem pem = (SimulatorConfig.Tls.Pem) tls;
        return fromPem(Files.readString(pem.certificateFile(), StandardCharsets.US_ASCII),
                Files.readString(pem.privateKeyFile(), StandardCharsets.US_ASCII));
    }

    static TlsMaterial fromPem(String certificatePem, String privateKeyPem) throws GeneralSecurityException, IOException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Collection<? extends Certificate> chain = cf.generateCertificates(
                new java.io.ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate in the PEM file");
        }
        Matcher m = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----")
                .matcher(privateKeyPem);
        if (!m.find()) {
            throw new GeneralSecurityException(
                    "the key file must hold an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); "
                            + "convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key8.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        PrivateKey key = null;
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            try {
                key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                break;
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        if (key == null) {
            throw new GeneralSecurityException("unsupported private key algorithm");
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", key, PASSWORD, chain.toArray(new Certificate[0]));
        return new TlsMaterial(ks, PASSWORD);
    }

    private static KeyStore generate(String alg, SimulatorConfig.CertificateValidity validity)
            throws IOException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("vsp-simulator-tls");
        Path file = dir.resolve("server.p12");
        try {
            Path keytool = Path.of(System.getProperty("java.home"), "bin",
                    System.getProperty("os.name").startsWith("Windows") ? "keytool.exe" : "keytool");
            List<String> cmd = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "server",
                    "-keyalg", alg));
            if (alg.equals("RSA")) {
                cmd.addAll(List.of("-keysize", "2048"));
            } else if (alg.equals("EC")) {
                cmd.addAll(List.of("-groupname", "secp256r1"));
            }
            switch (validity) {
                case EXPIRED -> cmd.addAll(List.of("-startdate", "-400d", "-validity", "30"));
                case NOT_YET_VALID -> cmd.addAll(List.of("-startdate", "+365d", "-validity", "3650"));
                default -> cmd.addAll(List.of("-validity", "3650"));
            }
            cmd.addAll(List.of("-dname", "CN=localhost, OU=VSP REST API simulator", "-ext",
                    "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore",
                    file.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD),
                    "-noprompt"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool failed: " + new String(out, StandardCharsets.UTF_8));
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, PASSWORD);
            }
            return ks;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating the certificate", e);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    SSLContext sslContext() throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, keyPassword);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    X509Certificate certificate() {
        return certificate;
    }

    String certificatePem() {
        try {
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
