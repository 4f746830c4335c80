package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Spec §4.3 and §6: every rule of the create body, synchronous ones and those the storage refuses. */
class CreateValidationTest {
    @RegisterExtension
    static VspSimulatorExtension sim = VspSimulatorExtension.create(SimulatorConfig.builder().http()
            .jobDuration(Duration.ZERO).build());

    Rest rest;

    @BeforeEach
    void login() {
        rest = new Rest(sim.simulator());
        rest.login();
        rest.waitForJobs();
    }

    static ObjectNode valid() {
        return Rest.MAPPER.valueToTree(Rest.createBody("G", "p", 100, 101, true));
    }

    static ObjectNode with(String field, Object value) {
        ObjectNode n = valid();
        n.set(field, Rest.MAPPER.valueToTree(value));
        return n;
    }

    static ObjectNode without(String field) {
        ObjectNode n = valid();
        n.remove(field);
        return n;
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("empty object", Rest.MAPPER.createObjectNode(), "KART40046-E", null),
                Arguments.of("unknown attribute", with("pairSplit", true), "KART40038-E", "pairSplit"),
                Arguments.of("nested parameters", with("parameters", java.util.Map.of()), "KART40038-E", "parameters"),
                Arguments.of("no copyGroupName", without("copyGroupName"), "KART40046-E", "copyGroupName"),
                Arguments.of("no copyPairName", without("copyPairName"), "KART40046-E", "copyPairName"),
                Arguments.of("no replicationType", without("replicationType"), "KART40046-E", "replicationType"),
                Arguments.of("no pvolLdevId", without("pvolLdevId"), "KART40046-E", "pvolLdevId"),
                Arguments.of("no svolLdevId", without("svolLdevId"), "KART40046-E", "svolLdevId"),
                Arguments.of("no isNewGroupCreation", without("isNewGroupCreation"), "KART40046-E", "isNewGroupCreation"),
                Arguments.of("null counts as absent", with("copyPairName", null), "KART40046-E", "copyPairName"),
                Arguments.of("replicationType TI", with("replicationType", "TI"), "KART40039-E", "replicationType"),
                Arguments.of("empty group name", with("copyGroupName", ""), "KART40039-E", "copyGroupName"),
                Arguments.of("30-char group name", with("copyGroupName", "g".repeat(30)), "KART40039-E", "copyGroupName"),
                Arguments.of("32-char pair name", with("copyPairName", "p".repeat(32)), "KART40039-E", "copyPairName"),
                Arguments.of("space in name", with("copyPairName", "a b"), "KART40039-E", "copyPairName"),
                Arguments.of("comma in name", with("copyGroupName", "a,b"), "KART40039-E", "copyGroupName"),
                Arguments.of("slash in name", with("copyPairName", "a/b"), "KART40039-E", "copyPairName"),
                Arguments.of("32-char P-VOL device group", with("pvolDeviceGroupName", "d".repeat(32)), "KART40039-E", "pvolDeviceGroupName"),
                Arguments.of("32-char S-VOL device group", with("svolDeviceGroupName", "d".repeat(32)), "KART40039-E", "svolDeviceGroupName"),
                Arguments.of("same device groups", with("svolDeviceGroupName", "GP_"), "KART40039-E", "svolDeviceGroupName"),
                Arguments.of("LDEV id too big", with("pvolLdevId", 65280), "KART40039-E", "pvolLdevId"),
                Arguments.of("negative LDEV id", with("svolLdevId", -1), "KART40039-E", "svolLdevId"),
                Arguments.of("LDEV id as string", with("pvolLdevId", "100"), "KART40039-E", "pvolLdevId"),
                Arguments.of("P-VOL equals S-VOL", with("svolLdevId", 100), "KART40039-E", "svolLdevId"),
                Arguments.of("MU 3", with("pvolMuNumber", 3), "KART40039-E", "pvolMuNumber"),
                Arguments.of("MU -1", with("pvolMuNumber", -1), "KART40039-E", "pvolMuNumber"),
                Arguments.of("copyPace 0", with("copyPace", 0), "KART40039-E", "copyPace"),
                Arguments.of("copyPace 16", with("copyPace", 16), "KART40039-E", "copyPace"),
                Arguments.of("consistencyGroupId 256", with("consistencyGroupId", 256), "KART40039-E", "consistencyGroupId"),
                Arguments.of("isNewGroupCreation as string", with("isNewGroupCreation", "true"), "KART40039-E", "isNewGroupCreation"),
                Arguments.of("quickMode without autoSplit", with("quickMode", true), "KART40039-E", "quickMode"),
                Arguments.of("migration copyMode", with("copyMode", "NotSynchronized"), "KART40039-E", "copyMode"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodiesAreRejectedSynchronouslyWithoutAJob(String name, JsonNode body, String messageId, String attribute) {
        Rest.Resp r = rest.post(rest.objects + "/local-clone-copypairs", body);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.str("messageId")).isEqualTo(messageId);
        assertThat(r.str("errorSource")).isEqualTo("/ConfigurationManager/v1/objects/local-clone-copypairs");
        if (attribute != null) {
            assertThat(r.str("message")).contains("attribute = " + attribute);
        }
        assertThat(sim.admin().jobs()).isEmpty();
        assertThat(sim.admin().pairs()).isEmpty();
    }

    @Test
    void notJsonIsABadRequest() {
        assertThat(rest.post(rest.objects + "/local-clone-copypairs", "{nope").status()).isEqualTo(400);
        assertThat(rest.post(rest.objects + "/local-clone-copypairs", "[1]").status()).isEqualTo(400);
        assertThat(rest.post(rest.objects + "/local-clone-copypairs", null).str("messageId")).isEqualTo("KART40046-E");
    }

    @Test
    void limitsThatAreAllowed() {
        ObjectNode b = with("copyGroupName", "g".repeat(29));
        b.put("copyPairName", "Pp0._:@-".repeat(3) + "1234567");
        b.put("pvolDeviceGroupName", "d".repeat(31));
        b.put("svolDeviceGroupName", "e".repeat(31));
        b.put("pvolMuNumber", 2);
        b.put("copyPace", 15);
        b.put("consistencyGroupId", 0);
        b.put("autoSplit", true);
        b.put("quickMode", true);
        b.put("isDataReductionForceCopy", false);
        b.putNull("isConsistencyGroup");
        Rest.Resp r = rest.post(rest.objects + "/local-clone-copypairs", b);
        assertThat(r.str("state")).as(r.text()).isEqualTo("Succeeded");
        SimulatorAdmin.PairInfo p = sim.admin().pairs().get(0);
        assertThat(p.pvolMuNumber()).isEqualTo(2);
        assertThat(p.copyPace()).isEqualTo(15);
        assertThat(rest.get(rest.objects + "/local-clone-copygroups/" + "g".repeat(29) + "," + "d".repeat(31) + ","
                + "e".repeat(31)).status()).isEqualTo(200);
    }

    private JsonNode failedCreate(JsonNode body) {
        Rest.Resp r = rest.post(rest.objects + "/local-clone-copypairs", body);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertThat(r.str("state")).as(r.text()).isEqualTo("Failed");
        return r.json().get("error");
    }

    @Test
    void capacitySavingPvolNeedsDataReductionForceCopy() {
        Rest.Resp r = rest.post(rest.objects + "/local-clone-copypairs", Rest.createBody("C", "p", 200, 201, true));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.str("messageId")).isEqualTo("KART40046-E");
        assertThat(r.str("message")).contains("isDataReductionForceCopy");
        ObjectNode b = Rest.MAPPER.valueToTree(Rest.createBody("C", "p", 200, 201, true));
        b.put("isDataReductionForceCopy", false);
        assertThat(rest.post(rest.objects + "/local-clone-copypairs", b).status()).isEqualTo(400);
        b.put("isDataReductionForceCopy", true);
        assertThat(rest.post(rest.objects + "/local-clone-copypairs", b).str("state")).isEqualTo("Succeeded");
        // An S-VOL with capacity saving under a plain P-VOL needs nothing.
        assertThat(rest.createPair("D", "p", 102, 202, true).str("state")).isEqualTo("Succeeded");
    }

    @Test
    void undefinedLdevs() {
        JsonNode e = failedCreate(Rest.MAPPER.valueToTree(Rest.createBody("G", "p", 5000, 101, true)));
        assertThat(e.get("messageId").asText()).isEqualTo("KART30013-E");
        e = failedCreate(Rest.MAPPER.valueToTree(Rest.createBody("G", "p", 100, 5001, true)));
        assertThat(e.get("message").asText()).contains("5001");
        assertThat(sim.admin().copyGroups()).isEmpty();
    }

    @Test
    void sizesMustBeEqual() {
        JsonNode e = failedCreate(Rest.MAPPER.valueToTree(Rest.createBody("G", "p", 100, 400, true)));
        assertThat(e.get("messageId").asText()).isEqualTo("KART30000-E");
        assertThat(e.get("cause").asText()).contains("capacity");
        assertThat(e.get("errorCode").get("SSB1").asText()).isNotEmpty();
    }

    @Test
    void newGroupAgainstExistingOrMissingGroup() {
        assertThat(rest.createPair("G", "p", 100, 101, true).str("state")).isEqualTo("Succeeded");
        JsonNode e = failedCreate(Rest.MAPPER.valueToTree(Rest.createBody("G", "q", 102, 103, true)));
        assertThat(e.get("cause").asText()).contains("already exists");
        e = failedCreate(Rest.MAPPER.valueToTree(Rest.createBody("H", "q", 102, 103, false)));
        assertThat(e.get("cause").asText()).contains("does not exist");
        assertThat(rest.createPair("G", "q", 102, 103, false).str("state")).isEqualTo("Succeeded");
        ObjectNode other = Rest.MAPPER.valueToTree(Rest.createBody("G", "r", 104, 105, false));
        other.put("pvolDeviceGroupName", "OTHER_P");
        e = failedCreate(other);
        assertThat(e.get("cause").asText()).contains("device group");
        assertThat(rest.get(rest.objects + "/local-clone-copygroups/" + Rest.groupId("G")).json().get("copyPairs")).hasSize(2);
    }

    @Test
    void duplicatePairNameInAGroup() {
        rest.createPair("G", "p", 100, 101, true);
        JsonNode e = failedCreate(Rest.MAPPER.valueToTree(Rest.createBody("G", "p", 102, 103, false)));
        assertThat(e.get("cause").asText()).contains("copyPairName").contains("already being used");
        // The same pair name in another group is fine.
        assertThat(rest.createPair("H", "p", 102, 103, true).str("state")).isEqualTo("Succeeded");
    }

    @Test
    void ldevAlreadyInAPair() {
        rest.createPair("G", "p", 100, 101, true);
        JsonNode e = failedCreate(Rest.MAPPER.valueToTree(Rest.createBody("H", "p", 102, 101, true)));
        assertThat(e.get("cause").asText()).contains("Another copy pair might already be using the specified LDEV");
        // A P-VOL cannot become an S-VOL.
        failedCreate(Rest.MAPPER.valueToTree(Rest.createBody("H", "p", 102, 100, true)));
        // The same P-VOL twice in one group is refused too.
        failedCreate(Rest.MAPPER.valueToTree(Rest.createBody("G", "q", 100, 102, false)));
    }

    @Test
    void threePairsPerPvolAtMu0To2() {
        assertThat(rest.createPair("A", "p", 100, 101, true).str("state")).isEqualTo("Succeeded");
        ObjectNode b = Rest.MAPPER.valueToTree(Rest.createBody("B", "p", 100, 102, true));
        b.put("pvolMuNumber", 0);
        JsonNode e = failedCreate(b);
        assertThat(e.get("cause").asText()).contains("MU number 0");
        assertThat(rest.createPair("B", "p", 100, 102, true).str("state")).isEqualTo("Succeeded");
        assertThat(rest.createPair("C", "p", 100, 103, true).str("state")).isEqualTo("Succeeded");
        assertThat(sim.admin().pairs()).extracting(SimulatorAdmin.PairInfo::pvolMuNumber).containsExactlyInAnyOrder(0, 1, 2);
        e = failedCreate(Rest.MAPPER.valueToTree(Rest.createBody("D", "p", 100, 104, true)));
        assertThat(e.get("cause").asText()).contains("maximum");
        assertThat(sim.admin().pairs()).hasSize(3);
    }

    @Test
    void namesAreCaseSensitive() {
        rest.createPair("G", "p", 100, 101, true);
        assertThat(rest.createPair("g", "p", 102, 103, true).str("state")).isEqualTo("Succeeded");
        assertThat(rest.createPair("G", "P", 104, 105, false).str("state")).isEqualTo("Succeeded");
    }
}
