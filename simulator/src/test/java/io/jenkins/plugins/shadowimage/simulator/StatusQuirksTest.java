package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The status quirks of real arrays the simulator can show (spec §7.4): an S-VOL that lags behind its P-VOL
 * when a copy ends, and a degraded entry in a copy group's pair list. 1 GiB LDEVs at 102.4 MiB/s per pace
 * unit: a full copy takes 10 s at pace 1.
 */
class StatusQuirksTest {
    static final ManualClock CLOCK = new ManualClock();

    @RegisterExtension
    static VspSimulatorExtension sim = VspSimulatorExtension.create(
            SimTest.manual(CLOCK).http().copyRateMiBPerSecondPerPace(102.4).svolStatusLag(Duration.ofSeconds(2))
                    .groupListDegradedEntry(true).build());

    Rest rest;

    @BeforeEach
    void login() {
        rest = new Rest(sim.simulator());
        rest.login();
        rest.waitForJobs();
    }

    private String status(String group, String pair) {
        JsonNode p = rest.pair(group, pair).json();
        return p.get("pvolStatus").asText() + "/" + p.get("svolStatus").asText();
    }

    private void act(String action) {
        Rest.Resp r = rest.pairAction("G", "p", action, Map.of("copyPace", 1));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertThat(r.str("state")).as(r.text()).isEqualTo("Succeeded");
    }

    @Test
    void theSvolKeepsItsCopyStatusForTheLagAfterEveryCopy() {
        // copyPace 3 (the default): the initial copy takes 3.33 s
        assertThat(rest.createPair("G", "p", 100, 101, true).str("state")).isEqualTo("Succeeded");
        CLOCK.advance(Duration.ofSeconds(4));
        assertThat(status("G", "p")).isEqualTo("PAIR/COPY");
        CLOCK.advance(Duration.ofSeconds(2));
        assertThat(status("G", "p")).isEqualTo("PAIR/PAIR");

        act("split");
        CLOCK.advance(Duration.ofMillis(100));
        assertThat(status("G", "p")).isEqualTo("PSUS/COPY");
        CLOCK.advance(Duration.ofMillis(1999));
        assertThat(status("G", "p")).isEqualTo("PSUS/COPY");
        CLOCK.advance(Duration.ofMillis(1));
        assertThat(status("G", "p")).isEqualTo("PSUS/SSUS");

        act("restore");
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(status("G", "p")).isEqualTo("PAIR/RCPY");
        CLOCK.advance(Duration.ofSeconds(2));
        assertThat(status("G", "p")).isEqualTo("PAIR/PAIR");

        act("split");
        CLOCK.advance(Duration.ofSeconds(3));
        act("resync");
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(status("G", "p")).isEqualTo("PAIR/COPY");
        CLOCK.advance(Duration.ofSeconds(2));
        assertThat(status("G", "p")).isEqualTo("PAIR/PAIR");
    }

    @Test
    void aQuickSplitHasNoLagItsSvolIsSplitAtOnce() {
        rest.createPair("G", "p", 100, 101, true);
        CLOCK.advance(Duration.ofSeconds(12));
        Rest.Resp r = rest.pairAction("G", "p", "split", Map.of("quickMode", true));
        assertThat(r.str("state")).as(r.text()).isEqualTo("Succeeded");
        assertThat(status("G", "p")).isEqualTo("PSUS/SSUS");
    }

    @Test
    void theGroupsPairListHoldsOneEntryWithoutLdevIds() {
        rest.createPair("G", "p", 100, 101, true);
        List<String> names = new ArrayList<>();
        JsonNode list = rest.get(rest.objects + "/local-clone-copypairs?localCloneCopyGroupId=" + Rest.groupId("G"))
                .json().get("data");
        assertThat(list).hasSize(2);
        JsonNode degraded = list.get(1);
        assertThat(degraded.has("pvolLdevId")).isFalse();
        assertThat(degraded.has("svolLdevId")).isFalse();
        assertThat(degraded.has("copyPairName")).isFalse();
        JsonNode group = rest.get(rest.objects + "/local-clone-copygroups/" + Rest.groupId("G")).json();
        group.get("copyPairs").forEach(p -> names.add(p.path("copyPairName").asText("<none>")));
        assertThat(names).containsExactly("p", "<none>");
        // the pair itself reads as before
        assertThat(rest.pair("G", "p").json().get("pvolLdevId").asInt()).isEqualTo(100);
    }
}
