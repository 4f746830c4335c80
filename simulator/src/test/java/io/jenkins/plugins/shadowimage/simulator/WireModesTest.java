package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** The wire-level modes: a 5xx with a KART body, Retry-After as an HTTP date, out-of-date certificates. */
class WireModesTest {

    @Test
    void kartErrorIsA500WithTheArraysErrorBodyAndChangesNothing() throws Exception {
        try (VspSimulator sim = VspSimulator.start(SimTest.manual(new ManualClock()).http().build())) {
            Rest rest = new Rest(sim);
            rest.login();
            sim.admin().injectFault(Fault.kartError("POST", "/local-clone-copypairs$", 1, 0, null, null, null));
            Rest.Resp r = rest.createPair("G", "p", 100, 101, true);
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.str("messageId")).isEqualTo("KART70000-E");
            assertThat(r.json().path("errorCode").path("SSB1").asText()).isEqualTo("2E11");
            assertThat(r.json().path("errorCode").path("SSB2").asText()).isEqualTo("8303");
            assertThat(r.str("solution")).isNotBlank();
            assertThat(r.str("detailCode")).isEqualTo("70000E-2-2E11-8303");
            assertThat(sim.admin().pairs()).isEmpty();

            sim.admin().injectFault(Fault.kartError("POST", "/local-clone-copypairs$", 1, 502, "KART70001-E", "2E31", "9A01"));
            r = rest.createPair("G", "p", 100, 101, true);
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.str("messageId")).isEqualTo("KART70001-E");
            assertThat(r.json().path("errorCode").path("SSB2").asText()).isEqualTo("9A01");
        }
    }

    @Test
    void kartErrorFromTheCommandLine() {
        Fault f = SimulatorMain.kartError("2:503:KART70000-E:2E10:0001:POST:/split/invoke$");
        assertThat(f).isEqualTo(new Fault("POST", "/split/invoke$", FaultKind.KART_ERROR, 2, 503, 1, "KART70000-E",
                "2E10", "0001"));
    }

    @Test
    void retryAfterAsAnHttpDate() throws Exception {
        try (VspSimulator sim = VspSimulator.start(SimTest.manual(new ManualClock()).http().retryAfterAsHttpDate(true)
                .build())) {
            Rest rest = new Rest(sim);
            rest.login();
            sim.admin().injectFault(new Fault("GET", "/ldevs/", FaultKind.HTTP_503, 1, 0, 120));
            Instant before = Instant.now();
            Rest.Resp r = rest.get(rest.objects + "/ldevs/100");
            assertThat(r.status()).isEqualTo(503);
            String value = r.headers().firstValue("Retry-After").orElseThrow();
            assertThat(value).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            assertThat(at).isAfter(before.plusSeconds(119)).isBefore(Instant.now().plusSeconds(122));
        }
    }

    @Test
    void expiredAndNotYetValidCertificates() throws Exception {
        Date now = new Date();
        try (VspSimulator sim = VspSimulator.start(SimulatorConfig.builder()
                .certificateValidity(SimulatorConfig.CertificateValidity.EXPIRED).build())) {
            X509Certificate c = cert(sim.certificatePem());
            assertThat(c.getNotAfter()).isBefore(now);
        }
        try (VspSimulator sim = VspSimulator.start(SimulatorConfig.builder()
                .certificateValidity(SimulatorConfig.CertificateValidity.NOT_YET_VALID).build())) {
            X509Certificate c = cert(sim.certificatePem());
            assertThat(c.getNotBefore()).isAfter(now);
        }
        assertThat(SimulatorMain.parse(new String[] {"--certificate-validity", "expired", "--retry-after-date"})
                .config().certificateValidity()).isEqualTo(SimulatorConfig.CertificateValidity.EXPIRED);
    }

    private static X509Certificate cert(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
