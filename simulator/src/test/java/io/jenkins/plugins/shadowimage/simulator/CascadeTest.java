package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cascades (spec §5.3 MU and cascade rules): L1 pairs from a root P-VOL, L2 pairs from an L1 S-VOL. */
class CascadeTest {
    static final ManualClock CLOCK = new ManualClock();

    @RegisterExtension
    static VspSimulatorExtension sim = VspSimulatorExtension.create(SimTest.manual(CLOCK).http().build());

    Rest rest;

    @BeforeEach
    void rootPair() {
        rest = new Rest(sim.simulator());
        rest.login();
        rest.waitForJobs();
        assertThat(rest.createPair("L1", "p", 100, 101, true).str("state")).isEqualTo("Succeeded");
        CLOCK.advance(Duration.ofSeconds(60));
    }

    private JsonNode create(String group, int pvol, int svol, Integer mu) {
        ObjectNode b = Rest.MAPPER.valueToTree(Rest.createBody(group, "p", pvol, svol, true));
        if (mu != null) {
            b.put("pvolMuNumber", mu);
        }
        return rest.post(rest.objects + "/local-clone-copypairs", b).json();
    }

    @Test
    void anL1SvolCarriesUpToTwoL2PairsAtMu1And2() {
        JsonNode mu0 = create("L2a", 101, 102, 0);
        assertThat(mu0.get("state").asText()).isEqualTo("Failed");
        assertThat(mu0.get("error").get("cause").asText()).contains("MU 1 or 2");
        assertThat(create("L2a", 101, 102, null).get("state").asText()).isEqualTo("Succeeded");
        assertThat(create("L2b", 101, 103, 2).get("state").asText()).isEqualTo("Succeeded");
        assertThat(sim.admin().pairs()).filteredOn(p -> p.pvolLdevId() == 101)
                .extracting(SimulatorAdmin.PairInfo::pvolMuNumber).containsExactlyInAnyOrder(1, 2);
        JsonNode third = create("L2c", 101, 104, null);
        assertThat(third.get("state").asText()).isEqualTo("Failed");
        assertThat(third.get("error").get("cause").asText()).contains("maximum");
        // No third level: an L2 S-VOL cannot be a P-VOL.
        assertThat(create("L3", 102, 105, 1).get("state").asText()).isEqualTo("Failed");
    }

    @Test
    void anL2PairSplitsOnlyWhileItsL1PairIsSplitAndNeverRestores() {
        create("L2", 101, 102, 1);
        CLOCK.advance(Duration.ofSeconds(60));
        JsonNode refused = rest.pairAction("L2", "p", "split", Map.of()).json();
        assertThat(refused.get("state").asText()).isEqualTo("Failed");
        assertThat(refused.get("error").get("cause").asText()).contains("L1 pair").contains("PAIR");
        assertThat(rest.pairAction("L1", "p", "split", Map.of("quickMode", true)).str("state")).isEqualTo("Succeeded");
        assertThat(rest.pairAction("L2", "p", "split", Map.of()).str("state")).isEqualTo("Succeeded");
        CLOCK.advance(Duration.ofSeconds(60));
        assertThat(rest.pair("L2", "p").json().get("pvolStatus").asText()).isEqualTo("PSUS");
        JsonNode restore = rest.pairAction("L2", "p", "restore", Map.of()).json();
        assertThat(restore.get("state").asText()).isEqualTo("Failed");
        assertThat(restore.get("error").get("cause").asText()).contains("L2");
    }

    @Test
    void deletingTheL1PairPromotesItsL2Pairs() {
        create("L2", 101, 102, 1);
        CLOCK.advance(Duration.ofSeconds(60));
        assertThat(rest.delete(rest.objects + "/local-clone-copypairs/" + Rest.pairId("L1", "p"), null).str("state"))
                .isEqualTo("Succeeded");
        // Now an L1 pair: it splits and restores freely.
        assertThat(rest.pairAction("L2", "p", "split", Map.of()).str("state")).isEqualTo("Succeeded");
        CLOCK.advance(Duration.ofSeconds(60));
        assertThat(rest.pairAction("L2", "p", "restore", Map.of()).str("state")).isEqualTo("Succeeded");
        // And LDEV 101 can take a pair at MU 0 again.
        assertThat(create("N", 101, 103, 0).get("state").asText()).isEqualTo("Succeeded");
    }
}
