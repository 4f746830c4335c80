package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionKeepStateTest {
    @RegisterExtension
    static VspSimulatorExtension sim = VspSimulatorExtension.create(SimulatorConfig.builder().http().build())
            .keepStateBetweenTests();

    @Test
    @Order(1)
    void first() {
        new Rest(sim.simulator()).login();
        assertThat(sim.admin().openSessionCount()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void secondSeesTheFirstOnesSession() {
        assertThat(sim.admin().openSessionCount()).isEqualTo(1);
    }
}
