package io.jenkins.plugins.shadowimage.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.config.FieldCheck.Kind;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig.CertificateValidity;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which PEM text may be trusted for an array, as the settings form and {@code --ca-cert} both ask. */
class TrustedCertificatesTest {

    private static String cached;

    /** A certificate within its dates: the simulator's own. */
    static synchronized String pem() {
        if (cached == null) {
            cached = certificateOf(CertificateValidity.VALID);
        }
        return cached;
    }

    private static String certificateOf(CertificateValidity validity) {
        try (VspSimulator sim = VspSimulator.start(SimSupport.config().certificateValidity(validity).build())) {
            return sim.certificatePem();
        }
    }

    @Test
    void aValidCertificateIsListedWithItsSubjectAndEndDate() {
        FieldCheck c = TrustedCertificates.check(pem(), Instant.now());
        assertThat(c.kind()).isEqualTo(Kind.OK);
        assertThat(c.message()).startsWith("1 certificate(s): CN=localhost").contains("(valid until ");
        assertThat(TrustedCertificates.problem(pem(), Instant.now())).isNull();
        assertThat(TrustedCertificates.check("  ", Instant.now())).isEqualTo(FieldCheck.ok());
    }

    @Test
    void aCertificateOutsideItsDatesIsRefusedNotJustFlagged() {
        FieldCheck expired = TrustedCertificates.check(certificateOf(CertificateValidity.EXPIRED), Instant.now());
        assertThat(expired.kind()).isEqualTo(Kind.ERROR);
        assertThat(expired.message()).startsWith("Refused: the certificate CN=localhost,OU=VSP REST API simulator is expired: valid from ");
        assertThat(TrustedCertificates.problem(certificateOf(CertificateValidity.NOT_YET_VALID), Instant.now()))
                .contains("is not yet valid");
        assertThat(TrustedCertificates.problem(pem(), Instant.now().plusSeconds(11L * 365 * 86400))).contains("is expired");
        assertThat(TrustedCertificates.formatProblem(certificateOf(CertificateValidity.EXPIRED)))
                .as("the command line leaves the dates to the connection's TLS error").isNull();
    }

    @Test
    void textWithoutACertificateOrWithAPrivateKeyIsRefused() {
        assertThat(TrustedCertificates.problem("hello", Instant.now()))
                .isEqualTo("no '-----BEGIN CERTIFICATE-----' block found; give the certificate in PEM form");
        assertThat(TrustedCertificates.problem(pem() + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                Instant.now())).isEqualTo("it contains a private key; give the certificate only");
        assertThat(TrustedCertificates.problem("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n",
                Instant.now())).startsWith("no certificate could be read");
    }

    @Test
    void aKeyStoresCertificatesBecomePemTextThatReadsBackTheSame() throws Exception {
        Certificate cert = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem().getBytes(StandardCharsets.US_ASCII)));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        assertThatThrownBy(() -> TrustedCertificates.pemOf(ks)).isInstanceOf(KeyStoreException.class)
                .hasMessage("it holds no certificate");
        ks.setCertificateEntry("array", cert);
        String out = TrustedCertificates.pemOf(ks);
        assertThat(TrustedCertificates.problem(out, Instant.now())).isNull();
        Certificate back = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(out.getBytes(StandardCharsets.US_ASCII)));
        assertThat(back).isEqualTo(cert);
    }

    @Test
    void joiningSkipsEmptyBundles() {
        assertThat(TrustedCertificates.join(null, " ")).isNull();
        assertThat(TrustedCertificates.join("A", null)).isEqualTo("A");
        assertThat(TrustedCertificates.join(null, "B")).isEqualTo("B");
        assertThat(TrustedCertificates.join(" A \n", "B")).isEqualTo("A\nB\n");
    }
}
