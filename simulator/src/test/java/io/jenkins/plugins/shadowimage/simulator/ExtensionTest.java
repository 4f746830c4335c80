package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionTest {
    @RegisterExtension
    static VspSimulatorExtension sim = VspSimulatorExtension.create(SimulatorConfig.builder().http().build());

    static java.net.URI firstUrl;

    @Test
    @Order(1)
    void startsOncePerClassAndInjectsParameters(VspSimulator simulator, SimulatorAdmin admin) {
        assertThat(simulator).isSameAs(sim.simulator());
        assertThat(admin).isSameAs(sim.admin());
        firstUrl = simulator.baseUrl();
        Rest r = new Rest(simulator);
        r.login();
        assertThat(admin.openSessionCount()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void resetsStateBetweenTests() {
        assertThat(sim.simulator().baseUrl()).isEqualTo(firstUrl);
        assertThat(sim.admin().openSessionCount()).isZero();
        assertThat(sim.admin().requests()).isEmpty();
    }
}
