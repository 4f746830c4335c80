package io.jenkins.plugins.shadowimage.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.client.CredentialsSource;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.client.UserCredentials;
import io.jenkins.plugins.shadowimage.core.config.FieldCheck.Kind;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import org.junit.jupiter.api.Test;

/** "Test connection": what it sends, what it reports, and that it leaves no session behind. */
class ConnectionCheckTest {

    private static StorageSystemSettings settings(VspSimulator sim) {
        return StorageSystemSettingsTest.system("vsp1", sim.baseUrl().toString());
    }

    private static FieldCheck run(VspSimulator sim, Trust trust, String password) {
        return ConnectionCheck.run(settings(sim), trust, SimSupport.USER,
                CredentialsSource.of(SimSupport.USER, password.toCharArray()));
    }

    @Test
    void aTrustedArrayReportsVersionStorageUserAndTheCertificateAndLogsOut() {
        try (VspSimulator sim = VspSimulator.start(SimSupport.config().build())) {
            FieldCheck c = run(sim, Trust.pem(sim.certificatePem()), SimSupport.PASSWORD);
            assertThat(c.kind()).isEqualTo(Kind.OK);
            assertThat(c.message()).startsWith("Connected. ")
                    .contains("(storageDeviceId " + sim.storageDeviceId() + ")")
                    .contains("logged in as '" + SimSupport.USER + "' and logged out")
                    .contains("TLS: verified against the configured certificate(s) and the Java trust store (TLS")
                    .contains("certificate 'CN=localhost,OU=VSP REST API simulator' issued by").contains("SHA-256 ");
            SimSupport.assertNoSecrets(c.message());
            assertThat(sim.admin().requestCount("POST", ".*/sessions")).as("one login").isEqualTo(1);
            assertThat(sim.admin().requestCount("DELETE", ".*/sessions/.*")).as("and its logout").isEqualTo(1);
            SimSupport.assertNoOpenSessions(sim);
        }
    }

    @Test
    void aWrongPasswordSaysToCheckTheCredentials() {
        try (VspSimulator sim = VspSimulator.start(SimSupport.config().build())) {
            FieldCheck c = run(sim, Trust.pem(sim.certificatePem()), "wrong-Pw-123");
            assertThat(c.kind()).isEqualTo(Kind.ERROR);
            assertThat(c.message()).startsWith("Failed: ")
                    .endsWith(" Check the user name and password of the selected credentials.")
                    .doesNotContain("wrong-Pw-123");
            SimSupport.assertNoOpenSessions(sim);
        }
    }

    @Test
    void anUntrustedCertificateSaysWhatToTrustAndSendsNothing() {
        try (VspSimulator sim = VspSimulator.start(SimSupport.config().build())) {
            FieldCheck c = run(sim, Trust.systemDefault(), SimSupport.PASSWORD);
            assertThat(c.kind()).isEqualTo(Kind.ERROR);
            assertThat(c.message()).startsWith("Failed: TLS failure")
                    .endsWith(" The array's certificate is not trusted: give it (or its CA) as a trusted certificate.");
            assertThat(sim.admin().requestCount("POST", ".*/sessions")).isZero();
        }
    }

    @Test
    void skippedVerificationConnectsWithAWarning() {
        try (VspSimulator sim = VspSimulator.start(SimSupport.config().build())) {
            FieldCheck c = run(sim, Trust.insecure(), SimSupport.PASSWORD);
            assertThat(c.kind()).isEqualTo(Kind.WARNING);
            assertThat(c.message()).contains("TLS: certificate and host name verification DISABLED");
            SimSupport.assertNoOpenSessions(sim);
        }
    }

    @Test
    void plainHttpSaysSoAndARefusedUrlSendsNothing() {
        try (VspSimulator sim = VspSimulator.start(SimSupport.config().http().build())) {
            FieldCheck c = run(sim, Trust.systemDefault(), SimSupport.PASSWORD);
            assertThat(c.kind()).isEqualTo(Kind.OK);
            assertThat(c.message()).contains("TLS: none (plain HTTP).");
        }
        FieldCheck refused = ConnectionCheck.run(StorageSystemSettingsTest.system("vsp1", "https://u:pa/ss@svp"),
                Trust.systemDefault(), "u", CredentialsSource.of("u", "pw".toCharArray()));
        assertThat(refused.kind()).isEqualTo(Kind.ERROR);
        assertThat(refused.message()).startsWith("Refused: ").doesNotContain("pa/ss");
    }

    /** A surface's lookup that knows one REST user and one certificate credential. */
    private static ConnectionCheck.Credentials lookup(String user, String password, String certificateId, KeyStore certificates) {
        return new ConnectionCheck.Credentials() {
            @Override public UserCredentials user(String id) {
                return id.equals(user) ? new UserCredentials(SimSupport.USER, password.toCharArray()) : null;
            }

            @Override public KeyStore certificates(String id) {
                return id.equals(certificateId) ? certificates : null;
            }
        };
    }

    private static StorageSystemSettings typed(VspSimulator sim, String credentialsId, String trustCredentialsId) {
        return StorageSystemSettings.unsaved("vsp1", sim.baseUrl().toString(), "EMBEDDED", null, credentialsId, null,
                trustCredentialsId, false, null);
    }

    @Test
    void aFormsCredentialsAreLookedUpByIdAndOneThatCannotBeFoundOrReadIsNamedBeforeAnythingIsSent() throws Exception {
        try (VspSimulator sim = VspSimulator.start(SimSupport.config().build())) {
            KeyStore certificates = KeyStore.getInstance("PKCS12");
            certificates.load(null, null);
            certificates.setCertificateEntry("array", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(sim.certificatePem().getBytes(StandardCharsets.US_ASCII))));
            ConnectionCheck.Credentials known = lookup("rest", SimSupport.PASSWORD, "array-cert", certificates);

            FieldCheck ok = ConnectionCheck.run(typed(sim, "rest", "array-cert"), known);
            assertThat(ok.kind()).as(ok.message()).isEqualTo(Kind.OK);
            assertThat(ok.message()).contains("logged in as '" + SimSupport.USER + "' and logged out")
                    .contains("verified against the configured certificate(s)");

            sim.admin().clearRequestLog();
            assertThat(ConnectionCheck.run(typed(sim, null, null), known))
                    .isEqualTo(FieldCheck.error(StepSetupWords.noTestCredentials(null)));
            assertThat(ConnectionCheck.run(typed(sim, "other", null), known))
                    .isEqualTo(FieldCheck.error(StepSetupWords.noTestCredentials("other")));
            assertThat(ConnectionCheck.run(typed(sim, "rest", "gone-cert"), known))
                    .isEqualTo(FieldCheck.error("Certificate credential 'gone-cert' was not found."));
            KeyStore empty = KeyStore.getInstance("PKCS12");
            empty.load(null, null);
            assertThat(ConnectionCheck.run(typed(sim, "rest", "empty-cert"), lookup("rest", SimSupport.PASSWORD, "empty-cert", empty)))
                    .isEqualTo(FieldCheck.error("Certificate credential 'empty-cert' cannot be read: it holds no certificate"));
            assertThat(sim.admin().requests()).isEmpty();
            SimSupport.assertNoOpenSessions(sim);
        }
    }
}
