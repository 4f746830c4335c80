package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** --ca-cert with the array's own certificate outside its validity window: exit 5 naming the window. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ExpiredCertificateTest {
    private static final String PASSWORD = "Expired-Pw-58";

    @TempDir
    Path dir;

    private CliRunner.Result status(SimulatorConfig.CertificateValidity validity) throws Exception {
        try (VspSimulator sim = VspSimulator.start(SimulatorConfig.builder().addUser("ops", PASSWORD, false)
                .certificateValidity(validity).build())) {
            Path cert = dir.resolve(validity + ".pem");
            Files.writeString(cert, sim.certificatePem(), StandardCharsets.US_ASCII);
            CliRunner.Result r = new CliRunner().password(PASSWORD).run("status", "--url", sim.baseUrl().toString(),
                    "--ca-cert", cert.toString(), "--user", "ops", "--copy-group-name", "CG1", "--copy-pair-name", "p1");
            assertThat(sim.admin().requestCount(null, "/sessions")).isZero();
            return r;
        }
    }

    @Test
    void expiredCertificateExits5() throws Exception {
        CliRunner.Result r = status(SimulatorConfig.CertificateValidity.EXPIRED);
        assertThat(r.code()).as(r.all()).isEqualTo(5);
        assertThat(r.err()).contains("TLS").contains("is expired: valid from ").doesNotContain(PASSWORD);
    }

    @Test
    void notYetValidCertificateExits5() throws Exception {
        CliRunner.Result r = status(SimulatorConfig.CertificateValidity.NOT_YET_VALID);
        assertThat(r.code()).as(r.all()).isEqualTo(5);
        assertThat(r.err()).contains("is not yet valid: valid from ");
    }
}
