package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registered on an instance field, the extension starts a fresh simulator for each test and stops it after. */
class ExtensionPerTestTest {
    static VspSimulator previous;

    @RegisterExtension
    VspSimulatorExtension sim = VspSimulatorExtension.create(SimulatorConfig.builder().http().build());

    @RepeatedTest(2)
    void freshSimulatorPerTest() {
        if (previous != null) {
            URI old = previous.baseUrl();
            assertThat(sim.simulator()).isNotSameAs(previous);
            // The previous one is stopped: nothing answers on its port any more.
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new Rest(old, (String) null, null)
                    .get("/ConfigurationManager/configuration/version"))).isNotNull();
        }
        previous = sim.simulator();
        new Rest(sim.simulator()).login();
        assertThat(sim.admin().openSessionCount()).isEqualTo(1);
    }

    static SimulatorConfig otherSerial() {
        return SimulatorConfig.builder().http().serialNumber(77).build();
    }

    @org.junit.jupiter.api.Test
    @SimulatorSetup("otherSerial")
    void aMethodSetupReplacesTheTestsSimulator() {
        assertThat(sim.simulator().config().serialNumber()).isEqualTo(77);
    }
}
