package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SimulatorSetup} on the class replaces the registered configuration; on a method it starts a simulator of its own. */
@SimulatorSetup("twoUsers")
class ExtensionSetupTest {
    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimulatorConfig.builder().serialNumber(1));

    static SimulatorConfig.Builder twoUsers() {
        return SimulatorConfig.builder().serialNumber(2).addUser("second", "second-pw", false);
    }

    static SimulatorConfig plain() {
        return SimulatorConfig.builder().serialNumber(3).build();
    }

    @Test
    void theClassSetupReplacesTheRegisteredConfigurationOverHttps() throws Exception {
        assertThat(SIM.simulator().config().serialNumber()).isEqualTo(2);
        assertThat(SIM.baseUrl().getScheme()).isEqualTo("https");
        assertThat(Files.readString(SIM.certificateFile(), StandardCharsets.US_ASCII)).isEqualTo(SIM.certificatePem());
        new Rest(SIM.simulator()).login("second", "second-pw");
        assertThat(SIM.admin().openSessionCount()).isEqualTo(1);
    }

    @Test
    @SimulatorSetup(value = "plain", http = true)
    void aMethodSetupGetsASimulatorOfItsOwn(VspSimulator simulator) {
        assertThat(simulator).isSameAs(SIM.simulator());
        assertThat(simulator.config().serialNumber()).isEqualTo(3);
        assertThat(SIM.baseUrl().getScheme()).isEqualTo("http");
        assertThat(SIM.certificatePem()).isNull();
    }

    @Test
    @SimulatorSetup
    void aMethodSetupWithoutAMethodTakesTheClassConfigurationInAFreshSimulator(SimulatorAdmin admin) {
        assertThat(SIM.simulator().config().serialNumber()).isEqualTo(2);
        assertThat(admin).isSameAs(SIM.admin());
        assertThat(SIM.certificateFile()).exists();
    }
}
