package io.jenkins.plugins.shadowimage.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig.CertificateValidity;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An explicitly trusted certificate (the array's own, pasted as PEM) outside its validity window is refused
 * with a TLS error naming the window; the JDK alone would accept it, as it skips a trust anchor's dates.
 */
class TlsValidityTest {

    private static VspSimulator start(CertificateValidity validity) {
        return VspSimulator.start(SimSupport.config().certificateValidity(validity).build());
    }

    private static void assertRefused(VspSimulator sim, String state) {
        SimSupport.Events events = new SimSupport.Events();
        try (ArrayAccess access = SimSupport.access(sim)) {
            assertThatThrownBy(() -> SimSupport.run(access, events, OperationType.STATUS,
                    SimSupport.pairRef("CG1", "p1").build()))
                    .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                        assertThat(e.category()).isEqualTo(ShadowImageException.Category.CONNECTION);
                        assertThat(e.getMessage()).contains("TLS failure").contains("CN=localhost")
                                .contains("is " + state + ": valid from ").contains(" to ");
                    });
        }
        assertThat(sim.admin().requestCount(null, "/sessions")).as("no request got through").isZero();
    }

    @Test
    void anExpiredTrustedCertificateIsRefused() {
        try (VspSimulator sim = start(CertificateValidity.EXPIRED)) {
            assertThat(Trust.validityProblem(sim.certificatePem())).contains("is expired: valid from ");
            assertRefused(sim, "expired");
        }
    }

    @Test
    void aNotYetValidTrustedCertificateIsRefused() {
        try (VspSimulator sim = start(CertificateValidity.NOT_YET_VALID)) {
            assertThat(Trust.validityProblem(sim.certificatePem())).contains("is not yet valid: valid from ");
            assertRefused(sim, "not yet valid");
        }
    }

    @Test
    void aValidCertificateHasNoValidityProblemUntilItExpires() {
        try (VspSimulator sim = start(CertificateValidity.VALID)) {
            String pem = sim.certificatePem();
            assertThat(Trust.validityProblem(pem)).isNull();
            assertThat(Trust.validityProblem(pem, Instant.now().plusSeconds(11L * 365 * 86400))).contains("is expired");
        }
        assertThatThrownBy(() -> Trust.validityProblem("not a certificate")).isInstanceOf(IllegalArgumentException.class);
    }
}
