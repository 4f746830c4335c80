package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Copy groups: list, one with copyPairs, group actions (all-or-nothing), templates, delete. */
class GroupsTest {
    static final ManualClock CLOCK = new ManualClock();

    @RegisterExtension
    static VspSimulatorExtension sim = VspSimulatorExtension.create(
            SimTest.manual(CLOCK).http().copyRateMiBPerSecondPerPace(102.4).build());

    Rest rest;
    String groupUrl;

    @BeforeEach
    void twoPairs() {
        rest = new Rest(sim.simulator());
        rest.login();
        rest.waitForJobs();
        assertThat(rest.createPair("G", "a", 100, 101, true).str("state")).isEqualTo("Succeeded");
        assertThat(rest.createPair("G", "b", 102, 103, false).str("state")).isEqualTo("Succeeded");
        groupUrl = rest.objects + "/local-clone-copygroups/" + Rest.groupId("G");
    }

    private String statuses() {
        StringBuilder sb = new StringBuilder();
        for (JsonNode p : rest.get(groupUrl).json().get("copyPairs")) {
            sb.append(p.get("copyPairName").asText()).append('=').append(p.get("pvolStatus").asText())
                    .append('/').append(p.get("svolStatus").asText()).append(' ');
        }
        return sb.toString().trim();
    }

    private JsonNode groupAction(String action, Map<String, Object> params) {
        Rest.Resp r = rest.post(groupUrl + "/actions/" + action + "/invoke", Map.of("parameters", params));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json();
    }

    @Test
    void listAndOneGroup() {
        rest.createPair("H", "c", 104, 105, true);
        JsonNode list = rest.get(rest.objects + "/local-clone-copygroups").json().get("data");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("localCloneCopygroupId").asText()).isEqualTo("G,GP_,GS_");
        assertThat(list.get(0).get("pvolDeviceGroupName").asText()).isEqualTo("GP_");
        assertThat(list.get(0).get("svolDeviceGroupName").asText()).isEqualTo("GS_");
        assertThat(list.get(0).has("copyPairs")).isFalse();
        JsonNode one = rest.get(groupUrl).json();
        assertThat(one.get("copyGroupName").asText()).isEqualTo("G");
        assertThat(one.get("copyPairs")).extracting(p -> p.get("copyPairName").asText()).containsExactly("a", "b");
        assertThat(rest.get(rest.objects + "/local-clone-copygroups/G,GP_,XS_").status()).isEqualTo(404);
    }

    @Test
    void pairListNeedsTheGroupIdAndAcceptsRefresh() {
        assertThat(rest.get(rest.objects + "/local-clone-copypairs").status()).isEqualTo(400);
        JsonNode list = rest.get(rest.objects + "/local-clone-copypairs?localCloneCopyGroupId=G,GP_,GS_").json().get("data");
        assertThat(list).hasSize(2);
        assertThat(list.get(1).get("localCloneCopypairId").asText()).isEqualTo("G,GP_,GS_,b");
        assertThat(rest.get(rest.objects + "/local-clone-copypairs?localCloneCopyGroupId=G%2CGP_%2CGS_&refresh=true")
                .json().get("data")).hasSize(2);
        assertThat(rest.get(rest.objects + "/local-clone-copypairs?localCloneCopyGroupId=X,XP_,XS_").json().get("data")).isEmpty();
        assertThat(rest.get(rest.objects + "/local-clone-copypairs?localCloneCopyGroupId=G,GP_,GS_&refresh=maybe").status())
                .isEqualTo(400);
    }

    @Test
    void groupSplitResyncRestore() {
        CLOCK.advance(Duration.ofSeconds(10));
        assertThat(statuses()).isEqualTo("a=PAIR/PAIR b=PAIR/PAIR");
        JsonNode job = groupAction("split", Map.of("copyPace", 1));
        assertThat(job.get("state").asText()).isEqualTo("Succeeded");
        assertThat(job.get("affectedResources").get(0).asText()).endsWith("/local-clone-copygroups/G,GP_,GS_");
        assertThat(statuses()).isEqualTo("a=COPY/COPY b=COPY/COPY");
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(statuses()).isEqualTo("a=PSUS/SSUS b=PSUS/SSUS");
        assertThat(groupAction("restore", Map.of("copyPace", 1)).get("state").asText()).isEqualTo("Succeeded");
        assertThat(statuses()).isEqualTo("a=RCPY/RCPY b=RCPY/RCPY");
        CLOCK.advance(Duration.ofSeconds(1));
        groupAction("split", Map.of("quickMode", true));
        assertThat(statuses()).isEqualTo("a=PSUS/SSUS b=PSUS/SSUS");
        assertThat(groupAction("resync", Map.of("quickMode", true)).get("state").asText()).isEqualTo("Succeeded");
        assertThat(statuses()).isEqualTo("a=PAIR/PAIR b=PAIR/PAIR");
    }

    @Test
    void groupActionsAreAllOrNothing() {
        CLOCK.advance(Duration.ofSeconds(10));
        rest.pairAction("G", "a", "split", Map.of("quickMode", true));
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(statuses()).isEqualTo("a=PSUS/SSUS b=PAIR/PAIR");
        // Restore is allowed for a, not for b: nothing changes.
        JsonNode job = groupAction("restore", Map.of());
        assertThat(job.get("state").asText()).isEqualTo("Failed");
        assertThat(job.get("error").get("messageId").asText()).isEqualTo("KART30000-E");
        assertThat(statuses()).isEqualTo("a=PSUS/SSUS b=PAIR/PAIR");
        // Split: a no-op for a, a split for b.
        assertThat(groupAction("split", Map.of("copyPace", 1)).get("state").asText()).isEqualTo("Succeeded");
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(statuses()).isEqualTo("a=PSUS/SSUS b=PSUS/SSUS");
        groupAction("split", Map.of("forceSuspend", true));
        assertThat(statuses()).isEqualTo("a=PSUE/PSUE b=PSUE/PSUE");
    }

    @Test
    void templatesOfPairsAndGroups() {
        String pairUrl = rest.objects + "/local-clone-copypairs/" + Rest.pairId("G", "a");
        JsonNode split = rest.get(pairUrl + "/actions/split").json();
        assertThat(split.toString()).isEqualTo("{\"parameters\":{\"copyPace\":null,\"quickMode\":null,\"forceSuspend\":null}}");
        assertThat(rest.get(pairUrl + "/actions/resync").json().toString())
                .isEqualTo("{\"parameters\":{\"copyPace\":null,\"quickMode\":null}}");
        assertThat(rest.get(pairUrl + "/actions/restore").json().toString())
                .isEqualTo("{\"parameters\":{\"copyPace\":null,\"quickMode\":null}}");
        assertThat(rest.get(groupUrl + "/actions/split").json().get("parameters").has("forceSplit")).isTrue();
        Rest.Resp missing = rest.get(rest.objects + "/local-clone-copypairs/" + Rest.pairId("G", "zz") + "/actions/split");
        assertThat(missing.status()).isEqualTo(412);
        assertThat(missing.json().has("messageId")).isTrue();
        assertThat(rest.get(pairUrl + "/actions/migrate").status()).isEqualTo(412);
        // A filled-in template (nulls left in) is accepted by invoke, with PUT as the sample does.
        Rest.Resp r = rest.put(pairUrl + "/actions/split/invoke",
                "{\"parameters\":{\"copyPace\":3,\"quickMode\":null,\"forceSuspend\":null}}");
        assertThat(r.str("state")).isEqualTo("Succeeded");
    }

    @Test
    void actionBodies() {
        String invoke = rest.objects + "/local-clone-copypairs/" + Rest.pairId("G", "a") + "/actions/resync/invoke";
        assertThat(rest.post(invoke, null).status()).isEqualTo(202);
        assertThat(rest.post(invoke, "{\"parameters\":{}}").status()).isEqualTo(202);
        Rest.Resp empty = rest.post(invoke, "{}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.str("messageId")).isEqualTo("KART40046-E");
        Rest.Resp unknown = rest.post(invoke, "{\"parameters\":{\"forceSuspend\":true}}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.str("messageId")).isEqualTo("KART40038-E");
        assertThat(rest.post(invoke, "{\"copyPace\":3}").str("messageId")).isEqualTo("KART40038-E");
        assertThat(rest.post(invoke, "{\"parameters\":{\"copyPace\":16}}").status()).isEqualTo(400);
        assertThat(rest.post(invoke, "{\"parameters\":{\"quickMode\":\"yes\"}}").status()).isEqualTo(400);
        assertThat(rest.post(rest.objects + "/local-clone-copypairs/" + Rest.pairId("G", "a") + "/actions/explode/invoke",
                null).status()).isEqualTo(404);
    }

    @Test
    void deletingAGroupDeletesItsPairsButNotDuringAQuickSplit() {
        CLOCK.advance(Duration.ofSeconds(10));
        rest.pairAction("G", "a", "split", Map.of("quickMode", true, "copyPace", 1));
        JsonNode refused = rest.delete(groupUrl, null).json();
        assertThat(refused.get("state").asText()).isEqualTo("Failed");
        assertThat(sim.admin().pairs()).hasSize(2);
        CLOCK.advance(Duration.ofSeconds(1));
        JsonNode job = rest.delete(groupUrl, Map.of("forceDelete", false)).json();
        assertThat(job.get("state").asText()).isEqualTo("Succeeded");
        assertThat(rest.get(groupUrl).status()).isEqualTo(404);
        assertThat(sim.admin().pairs()).isEmpty();
        assertThat(rest.get(rest.objects + "/ldevs/100").json().get("attributes").toString()).doesNotContain("MRCF");
        assertThat(rest.delete(groupUrl, null).status()).isEqualTo(404);
    }
}
