package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {

    private static int status(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void generatedCertificateIsTrustedExplicitlyAndNamesLoopbackAndLocalhost() throws Exception {
        try (VspSimulator sim = VspSimulator.start(SimulatorConfig.defaults().toBuilder().port(0).build())) {
            assertThat(sim.baseUrl().getScheme()).isEqualTo("https");
            assertThat(sim.baseUrl().getHost()).isEqualTo("127.0.0.1");
            String pem = sim.certificatePem();
            assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----").contains("-----END CERTIFICATE-----");
            X509Certificate cert = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            assertThat(cert.getSubjectAlternativeNames()).extracting(l -> l.get(1).toString())
                    .contains("127.0.0.1", "localhost");

            HttpClient trusting = Rest.client(pem);
            assertThat(status(trusting, sim.baseUrl().resolve("/ConfigurationManager/configuration/version"))).isEqualTo(200);
            URI byName = URI.create("https://localhost:" + sim.port() + "/ConfigurationManager/configuration/version");
            assertThat(status(trusting, byName)).isEqualTo(200);

            HttpClient defaultTrust = HttpClient.newHttpClient();
            assertThatThrownBy(() -> status(defaultTrust, sim.baseUrl().resolve("/ConfigurationManager/configuration/version")))
                    .isInstanceOf(SSLHandshakeException.class);
            // The admin API exports the same certificate.
            String exported = trusting.send(HttpRequest.newBuilder(sim.baseUrl().resolve("/simulator/certificate")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(Rest.MAPPER.readTree(exported).asText()).isEqualTo(pem);
        }
    }

    @Test
    void rsaKeysCanBeGenerated() throws Exception {
        try (VspSimulator sim = VspSimulator.start(SimulatorConfig.builder()
                .tls(new SimulatorConfig.Tls.Generated("RSA")).build())) {
            assertThat(status(Rest.client(sim.certificatePem()),
                    sim.baseUrl().resolve("/ConfigurationManager/configuration/version"))).isEqualTo(200);
        }
    }

    static Path keytoolStore(Path dir, String password) throws Exception {
        Path store = dir.resolve("supplied.p12");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "mine", "-keyalg", "EC", "-dname", "CN=supplied", "-ext",
                "san=ip:127.0.0.1,dns:localhost", "-validity", "30", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", password, "-keypass", password, "-noprompt"))
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return store;
    }

    @Test
    void suppliedPkcs12AndPemAreServed(@TempDir Path dir) throws Exception {
        Path store = keytoolStore(dir, "secret-pw");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "secret-pw".toCharArray());
        }
        X509Certificate cert = (X509Certificate) ks.getCertificate("mine");
        try (VspSimulator sim = VspSimulator.start(SimulatorConfig.builder()
                .tls(new SimulatorConfig.Tls.Pkcs12(store, "secret-pw".toCharArray())).build())) {
            assertThat(sim.certificatePem()).contains(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded()));
            assertThat(status(Rest.client(sim.certificatePem()),
                    sim.baseUrl().resolve("/ConfigurationManager/configuration/version"))).isEqualTo(200);
        }

        PrivateKey key = (PrivateKey) ks.getKey("mine", "secret-pw".toCharArray());
        Path certPem = dir.resolve("cert.pem");
        Path keyPem = dir.resolve("key.pem");
        Files.writeString(certPem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        try (OutputStream out = Files.newOutputStream(keyPem)) {
            out.write(("-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII));
        }
        try (VspSimulator sim = VspSimulator.start(SimulatorConfig.builder()
                .tls(new SimulatorConfig.Tls.Pem(certPem, keyPem)).build())) {
            assertThat(status(Rest.client(sim.certificatePem()),
                    sim.baseUrl().resolve("/ConfigurationManager/configuration/version"))).isEqualTo(200);
        }
    }

    @Test
    void badTlsMaterialFailsFast(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "not a key");
        assertThatThrownBy(() -> VspSimulator.start(SimulatorConfig.builder()
                .tls(new SimulatorConfig.Tls.Pem(junk, junk)).build()))
                .hasMessageContaining("VSP simulator");
    }

    @Test
    void plainHttpHasNoCertificate() throws Exception {
        try (VspSimulator sim = VspSimulator.start(SimulatorConfig.builder().http().build())) {
            assertThat(sim.baseUrl().getScheme()).isEqualTo("http");
            assertThat(sim.certificatePem()).isNull();
            assertThat(status(HttpClient.newHttpClient(),
                    sim.baseUrl().resolve("/ConfigurationManager/configuration/version"))).isEqualTo(200);
        }
    }
}
