package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pair state machine of spec §5.3 on a manual clock. LDEVs are 1 GiB and the copy rate is 102.4 MiB/s per
 * pace unit, so a full copy takes 10 s at pace 1 and 5 s at pace 2; jobs complete instantly.
 */
class PairLifecycleTest {
    static final ManualClock CLOCK = new ManualClock();

    @RegisterExtension
    static VspSimulatorExtension sim = VspSimulatorExtension.create(
            SimTest.manual(CLOCK).http().copyRateMiBPerSecondPerPace(102.4)
                    .addLdev(SimulatorConfig.Ldev.of(401, 2 * SimulatorConfig.GIB_BLOCKS)).build());

    Rest rest;

    @BeforeEach
    void login() {
        rest = new Rest(sim.simulator());
        rest.login();
        rest.waitForJobs();
    }

    private JsonNode create(String group, String pair, int pvol, int svol, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Rest.createBody(group, pair, pvol, svol, true));
        body.putAll(extra);
        Rest.Resp r = rest.post(rest.objects + "/local-clone-copypairs", body);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertThat(r.str("state")).as(r.text()).isEqualTo("Succeeded");
        return r.json();
    }

    private JsonNode pair(String group, String pair) {
        Rest.Resp r = rest.pair(group, pair);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    private void assertStatus(String group, String pair, String pvol, String svol) {
        JsonNode p = pair(group, pair);
        assertThat(p.get("pvolStatus").asText() + "/" + p.get("svolStatus").asText()).isEqualTo(pvol + "/" + svol);
    }

    private JsonNode act(String group, String pair, String action, Map<String, Object> params) {
        Rest.Resp r = rest.pairAction(group, pair, action, params);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertThat(r.str("status")).isEqualTo("Completed");
        return r.json();
    }

    private void assertSucceeded(JsonNode job) {
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("Succeeded");
    }

    private void assertRejected(JsonNode job) {
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("Failed");
        assertThat(job.get("error").get("messageId").asText()).isEqualTo("KART30000-E");
        assertThat(job.get("error").get("errorCode").get("SSB1").asText()).isNotEmpty();
        assertThat(job.get("error").get("errorCode").get("SSB2").asText()).isNotEmpty();
    }

    @Test
    void createCopiesInTimeProportionalToSizeAndPaceThenPair() {
        JsonNode job = create("G", "p1", 100, 101, Map.of("copyPace", 1));
        assertThat(job.get("affectedResources").get(0).asText())
                .isEqualTo("/ConfigurationManager/v1/objects/local-clone-copypairs/" + Rest.pairId("G", "p1"));
        JsonNode p = pair("G", "p1");
        assertThat(p.get("pvolStatus").asText()).isEqualTo("COPY");
        assertThat(p.get("svolStatus").asText()).isEqualTo("COPY");
        assertThat(p.get("copyProgressRate").asInt()).isZero();
        assertThat(p.get("replicationType").asText()).isEqualTo("SI");
        assertThat(p.get("copyMode").asText()).isEqualTo("NotSnapshot");
        assertThat(p.get("pvolMuNumber").asInt()).isZero();
        assertThat(p.get("consistencyGroupId").asInt()).isEqualTo(-1);
        CLOCK.advance(Duration.ofSeconds(5));
        assertThat(pair("G", "p1").get("copyProgressRate").asInt()).isEqualTo(50);
        assertStatus("G", "p1", "COPY", "COPY");
        CLOCK.advance(Duration.ofMillis(4900));
        assertThat(pair("G", "p1").get("copyProgressRate").asInt()).isEqualTo(99);
        CLOCK.advance(Duration.ofMillis(100));
        assertStatus("G", "p1", "PAIR", "PAIR");
        assertThat(pair("G", "p1").get("copyProgressRate").asInt()).isEqualTo(100);

        // Twice the pace: half the time.
        create("H", "p1", 102, 103, Map.of("copyPace", 2));
        CLOCK.advance(Duration.ofMillis(4999));
        assertStatus("H", "p1", "COPY", "COPY");
        CLOCK.advance(Duration.ofMillis(1));
        assertStatus("H", "p1", "PAIR", "PAIR");
    }

    @Test
    void biggerLdevsCopyLonger() {
        // LDEVs 400 and 401 are 2 GiB: 20 s at pace 1.
        create("G", "p", 400, 401, Map.of("copyPace", 1));
        CLOCK.advance(Duration.ofSeconds(10));
        assertThat(pair("G", "p").get("copyProgressRate").asInt()).isEqualTo(50);
        CLOCK.advance(Duration.ofMillis(9999));
        assertStatus("G", "p", "COPY", "COPY");
        CLOCK.advance(Duration.ofMillis(1));
        assertStatus("G", "p", "PAIR", "PAIR");
    }

    @Test
    void steadySplitFromPairGoesThroughCopyToPsusSsus() {
        create("G", "p", 100, 101, Map.of("copyPace", 1));
        CLOCK.advance(Duration.ofSeconds(10));
        assertStatus("G", "p", "PAIR", "PAIR");
        assertSucceeded(act("G", "p", "split", Map.of("copyPace", 1)));
        // 1% of 1 GiB at pace 1: 100 ms of flushing.
        assertStatus("G", "p", "COPY", "COPY");
        assertThat(pair("G", "p").get("copyProgressRate").asInt()).isEqualTo(99);
        CLOCK.advance(Duration.ofMillis(100));
        assertStatus("G", "p", "PSUS", "SSUS");
        // Split of a split pair: success, no change.
        assertSucceeded(act("G", "p", "split", Map.of()));
        assertStatus("G", "p", "PSUS", "SSUS");
    }

    @Test
    void steadySplitDuringInitialCopyFinishesTheCopyFirst() {
        create("G", "p", 100, 101, Map.of("copyPace", 1));
        CLOCK.advance(Duration.ofSeconds(4));
        assertSucceeded(act("G", "p", "split", null));
        assertStatus("G", "p", "COPY", "COPY");
        CLOCK.advance(Duration.ofMillis(5999));
        assertStatus("G", "p", "COPY", "COPY");
        CLOCK.advance(Duration.ofMillis(1));
        assertStatus("G", "p", "PSUS", "SSUS");
    }

    @Test
    void quickSplitIsPsusAtOnceAndCannotBeDeletedUntilTheBackgroundCopyEnds() {
        create("G", "p", 100, 101, Map.of("copyPace", 1));
        CLOCK.advance(Duration.ofSeconds(2));
        assertSucceeded(act("G", "p", "split", Map.of("quickMode", true)));
        assertStatus("G", "p", "PSUS", "SSUS");
        assertThat(sim.admin().pairs().get(0).internalStatus()).isEqualTo("PSUS(SP)");
        assertRejected(rest.delete(rest.objects + "/local-clone-copypairs/" + Rest.pairId("G", "p"), null).json());
        assertThat(rest.pair("G", "p").status()).isEqualTo(200);
        // Restore is refused in PSUS(SP) as well.
        assertRejected(act("G", "p", "restore", Map.of()));
        CLOCK.advance(Duration.ofSeconds(8));
        assertThat(sim.admin().pairs().get(0).internalStatus()).isEqualTo("PSUS");
        JsonNode deleted = rest.delete(rest.objects + "/local-clone-copypairs/" + Rest.pairId("G", "p"), null).json();
        assertSucceeded(deleted);
        assertThat(rest.pair("G", "p").status()).isEqualTo(404);
    }

    @Test
    void quickSplitCanReportPsup() {
        try (VspSimulator s = VspSimulator.start(SimTest.manual(CLOCK).http().reportPsupDuringQuickSplit(true).build())) {
            Rest r = new Rest(s);
            r.login();
            r.waitForJobs();
            Map<String, Object> body = new HashMap<>(Rest.createBody("G", "p", 100, 101, true));
            body.put("autoSplit", true);
            body.put("quickMode", true);
            assertThat(r.post(r.objects + "/local-clone-copypairs", body).str("state")).isEqualTo("Succeeded");
            JsonNode p = r.pair("G", "p").json();
            assertThat(p.get("pvolStatus").asText()).isEqualTo("PSUP");
            assertThat(p.get("svolStatus").asText()).isEqualTo("SSUP");
            CLOCK.advance(Duration.ofSeconds(60));
            assertThat(r.pair("G", "p").json().get("pvolStatus").asText()).isEqualTo("PSUS");
        }
    }

    @Test
    void autoSplitCreatesEndSplit() {
        create("A", "steady", 100, 101, Map.of("autoSplit", true, "copyPace", 1));
        create("B", "quick", 102, 103, Map.of("autoSplit", true, "quickMode", true, "copyPace", 1));
        assertStatus("A", "steady", "COPY", "COPY");
        assertStatus("B", "quick", "PSUS", "SSUS");
        CLOCK.advance(Duration.ofSeconds(10));
        assertStatus("A", "steady", "PSUS", "SSUS");
        assertStatus("B", "quick", "PSUS", "SSUS");
    }

    @Test
    void resyncCopiesTheDifferenceBackToPair() {
        create("G", "p", 100, 101, Map.of("autoSplit", true, "quickMode", true, "copyPace", 1));
        CLOCK.advance(Duration.ofSeconds(10));
        assertSucceeded(act("G", "p", "resync", Map.of("copyPace", 1)));
        JsonNode p = pair("G", "p");
        assertThat(p.get("pvolStatus").asText()).isEqualTo("COPY");
        assertThat(p.get("copyProgressRate").asInt()).isEqualTo(90);
        // 10% at pace 1 = 1 s.
        CLOCK.advance(Duration.ofMillis(999));
        assertStatus("G", "p", "COPY", "COPY");
        // Resync of a COPY pair: success, no change.
        assertSucceeded(act("G", "p", "resync", Map.of()));
        CLOCK.advance(Duration.ofMillis(1));
        assertStatus("G", "p", "PAIR", "PAIR");
        // Resync of a PAIR pair: success, no change.
        assertSucceeded(act("G", "p", "resync", Map.of()));
        assertStatus("G", "p", "PAIR", "PAIR");
    }

    @Test
    void quickResyncIsPairAtOnce() {
        create("G", "p", 100, 101, Map.of("autoSplit", true, "quickMode", true));
        CLOCK.advance(Duration.ofSeconds(60));
        assertSucceeded(act("G", "p", "resync", Map.of("quickMode", true)));
        assertStatus("G", "p", "PAIR", "PAIR");
    }

    @Test
    void restoreGoesThroughRcpyToPairAndIsRejectedOutsidePsus() {
        create("G", "p", 100, 101, Map.of("copyPace", 1));
        assertRejected(act("G", "p", "restore", Map.of()));
        CLOCK.advance(Duration.ofSeconds(10));
        assertRejected(act("G", "p", "restore", Map.of()));
        assertSucceeded(act("G", "p", "split", Map.of("quickMode", true)));
        CLOCK.advance(Duration.ofSeconds(1));
        assertSucceeded(act("G", "p", "restore", Map.of("copyPace", 1)));
        assertStatus("G", "p", "RCPY", "RCPY");
        // During RCPY: split refused, resync a no-op, restore refused.
        assertRejected(act("G", "p", "split", Map.of()));
        assertSucceeded(act("G", "p", "resync", Map.of()));
        assertRejected(act("G", "p", "restore", Map.of()));
        CLOCK.advance(Duration.ofSeconds(1));
        assertStatus("G", "p", "PAIR", "PAIR");

        assertSucceeded(act("G", "p", "split", Map.of("quickMode", true)));
        CLOCK.advance(Duration.ofSeconds(1));
        assertSucceeded(act("G", "p", "restore", Map.of("quickMode", true, "copyPace", 1)));
        assertStatus("G", "p", "RCPY", "RCPY");
        CLOCK.advance(Duration.ofMillis(100));
        assertStatus("G", "p", "PAIR", "PAIR");
    }

    @Test
    void splitIsRefusedDuringSteadySplitAndResync() {
        create("G", "p", 100, 101, Map.of("copyPace", 1));
        CLOCK.advance(Duration.ofSeconds(10));
        assertSucceeded(act("G", "p", "split", Map.of()));
        assertRejected(act("G", "p", "split", Map.of()));
        CLOCK.advance(Duration.ofSeconds(1));
        assertSucceeded(act("G", "p", "resync", Map.of()));
        assertStatus("G", "p", "COPY", "COPY");
        assertRejected(act("G", "p", "split", Map.of()));
    }

    @Test
    void forceSuspendGivesPsueAndResyncFromPsueIsAFullCopy() {
        create("G", "p", 100, 101, Map.of("copyPace", 1));
        CLOCK.advance(Duration.ofSeconds(3));
        assertSucceeded(act("G", "p", "split", Map.of("forceSuspend", true)));
        assertStatus("G", "p", "PSUE", "PSUE");
        assertThat(pair("G", "p").get("copyProgressRate").asInt()).isEqualTo(30);
        // Force-suspend of PSUE and split of PSUE: no-op by default.
        assertSucceeded(act("G", "p", "split", Map.of("forceSuspend", true)));
        assertSucceeded(act("G", "p", "split", Map.of()));
        assertStatus("G", "p", "PSUE", "PSUE");
        assertRejected(act("G", "p", "restore", Map.of()));
        assertSucceeded(act("G", "p", "resync", Map.of("copyPace", 1)));
        JsonNode p = pair("G", "p");
        assertThat(p.get("pvolStatus").asText()).isEqualTo("COPY");
        assertThat(p.get("copyProgressRate").asInt()).isZero();
        CLOCK.advance(Duration.ofSeconds(10));
        assertStatus("G", "p", "PAIR", "PAIR");
        // PSUE can be deleted.
        assertSucceeded(act("G", "p", "split", Map.of("forceSuspend", true)));
        assertSucceeded(rest.delete(rest.objects + "/local-clone-copypairs/" + Rest.pairId("G", "p"), null).json());
    }

    @Test
    void splitOfPsueCanBeRejected() {
        try (VspSimulator s = VspSimulator.start(SimTest.manual(CLOCK).http()
                .psueSplitRule(SimulatorConfig.PsueSplitRule.REJECT).build())) {
            Rest r = new Rest(s);
            r.login();
            r.waitForJobs();
            r.createPair("G", "p", 100, 101, true);
            assertThat(r.pairAction("G", "p", "split", Map.of("forceSuspend", true)).str("state")).isEqualTo("Succeeded");
            JsonNode job = r.pairAction("G", "p", "split", Map.of()).json();
            assertRejected(job);
        }
    }

    @Test
    void rejectionsCanBeSynchronous412() {
        try (VspSimulator s = VspSimulator.start(SimTest.manual(CLOCK).http()
                .rejectionMode(SimulatorConfig.RejectionMode.HTTP_412).build())) {
            Rest r = new Rest(s);
            r.login();
            r.waitForJobs();
            r.createPair("G", "p", 100, 101, true);
            Rest.Resp resp = r.pairAction("G", "p", "restore", Map.of());
            assertThat(resp.status()).isEqualTo(412);
            assertThat(resp.str("messageId")).isEqualTo("KART30000-E");
            assertThat(resp.json().get("errorCode").get("SSB1").asText()).isNotEmpty();
            assertThat(s.admin().jobs()).hasSize(1);
            // A duplicate is a 409.
            assertThat(r.createPair("G", "p", 102, 103, true).status()).isEqualTo(409);
        }
    }

    @Test
    void deleteRemovesThePairAndItsEmptyGroupAndFreesTheLdevs() {
        create("G", "p", 100, 101, Map.of());
        assertThat(rest.get(rest.objects + "/ldevs/100").json().get("attributes").toString()).contains("MRCF");
        JsonNode job = rest.delete(rest.objects + "/local-clone-copypairs/" + Rest.pairId("G", "p"), null).json();
        assertSucceeded(job);
        assertThat(job.get("affectedResources").get(0).asText()).endsWith(Rest.pairId("G", "p"));
        assertThat(rest.pair("G", "p").status()).isEqualTo(404);
        assertThat(rest.get(rest.objects + "/local-clone-copygroups/" + Rest.groupId("G")).status()).isEqualTo(404);
        assertThat(rest.get(rest.objects + "/ldevs/100").json().get("attributes").toString()).doesNotContain("MRCF");
        create("G", "p", 100, 101, Map.of());
        assertThat(rest.delete(rest.objects + "/local-clone-copypairs/" + Rest.pairId("X", "p"), null).status())
                .isEqualTo(404);
    }

    @Test
    void aDeletedPairCanStayListedAsDeletingForAWhile() {
        try (VspSimulator s = VspSimulator.start(SimTest.manual(CLOCK).http().deleteDuration(Duration.ofSeconds(30)).build())) {
            Rest r = new Rest(s);
            r.login();
            r.waitForJobs();
            assertThat(r.createPair("G", "p", 100, 101, true).str("state")).isEqualTo("Succeeded");
            CLOCK.advance(Duration.ofSeconds(60));
            String pairUrl = r.objects + "/local-clone-copypairs/" + Rest.pairId("G", "p");
            assertSucceeded(r.delete(pairUrl, null).json());

            // Deleting (SMPL(PD)): still listed, reported as SMPP, its LDEVs still taken, every operation refused.
            JsonNode p = r.pair("G", "p").json();
            assertThat(p.get("pvolStatus").asText() + "/" + p.get("svolStatus").asText()).isEqualTo("SMPP/SMPP");
            assertThat(r.get(r.objects + "/local-clone-copygroups/" + Rest.groupId("G")).json().get("copyPairs").toString())
                    .contains("SMPP");
            assertThat(s.admin().pairs()).singleElement()
                    .satisfies(x -> assertThat(x.internalStatus()).isEqualTo("SMPL(PD)"));
            assertRejected(r.pairAction("G", "p", "split", Map.of()).json());
            assertRejected(r.pairAction("G", "p", "split", Map.of("forceSuspend", true)).json());
            assertRejected(r.delete(pairUrl, null).json());
            assertThat(r.createPair("H", "q", 102, 101, true).str("state")).isEqualTo("Failed");

            CLOCK.advance(Duration.ofSeconds(30));
            assertThat(r.pair("G", "p").status()).isEqualTo(404);
            assertThat(r.get(r.objects + "/local-clone-copygroups/" + Rest.groupId("G")).status()).isEqualTo(404);
            assertThat(s.admin().pairs()).isEmpty();
            assertThat(r.createPair("G", "p", 100, 101, true).str("state")).isEqualTo("Succeeded");
        }
    }

    @Test
    void emptyGroupsCanBeKept() {
        try (VspSimulator s = VspSimulator.start(SimTest.manual(CLOCK).http().deleteEmptyGroup(false).build())) {
            Rest r = new Rest(s);
            r.login();
            r.waitForJobs();
            r.createPair("G", "p", 100, 101, true);
            r.delete(r.objects + "/local-clone-copypairs/" + Rest.pairId("G", "p"), null);
            Rest.Resp g = r.get(r.objects + "/local-clone-copygroups/" + Rest.groupId("G"));
            assertThat(g.status()).isEqualTo(200);
            assertThat(g.json().get("copyPairs")).isEmpty();
            assertThat(r.createPair("G", "p", 100, 101, false).str("state")).isEqualTo("Succeeded");
        }
    }

    @Test
    void siJobsCanWaitForTheTargetStatus() {
        try (VspSimulator s = VspSimulator.start(SimulatorConfig.builder().http().timeScale(20)
                .jobDuration(Duration.ZERO).siJobCompletion(SimulatorConfig.SiJobCompletion.ON_TARGET_STATUS).build())) {
            Rest r = new Rest(s);
            r.login();
            r.waitForJobs();
            Map<String, Object> body = new HashMap<>(Rest.createBody("G", "p", 100, 101, true));
            body.put("copyPace", 1);
            Rest.Resp created = r.post(r.objects + "/local-clone-copypairs", body);
            assertThat(created.str("status")).isEqualTo("Completed");
            assertThat(r.pair("G", "p").json().get("pvolStatus").asText()).isEqualTo("PAIR");
            assertThat(r.pairAction("G", "p", "split", Map.of()).str("state")).isEqualTo("Succeeded");
            assertThat(r.pair("G", "p").json().get("pvolStatus").asText()).isEqualTo("PSUS");
            // NoWait: the job completes as soon as the pair has entered its transitional status.
            r.header("Job-Mode-Wait-Configuration-Change", "NoWait");
            s.admin().setTimeScale(0.001);
            assertThat(r.pairAction("G", "p", "resync", Map.of("copyPace", 1)).str("state")).isEqualTo("Succeeded");
            assertThat(r.pair("G", "p").json().get("pvolStatus").asText()).isEqualTo("COPY");
        }
    }

    @Test
    void moreTransitionsFromQuickSplitRestoreAndCopy() {
        // Resync during a quick split's background copy: a normal resync from where that copy is.
        create("G", "p", 100, 101, Map.of("autoSplit", true, "quickMode", true, "copyPace", 1));
        CLOCK.advance(Duration.ofSeconds(5));
        assertThat(sim.admin().pairs().get(0).internalStatus()).isEqualTo("PSUS(SP)");
        assertSucceeded(act("G", "p", "resync", Map.of()));
        assertStatus("G", "p", "COPY", "COPY");
        assertThat(pair("G", "p").get("copyProgressRate").asInt()).isEqualTo(50);
        CLOCK.advance(Duration.ofSeconds(5));
        assertStatus("G", "p", "PAIR", "PAIR");

        // Force-suspend during a quick split and during a restore.
        assertSucceeded(act("G", "p", "split", Map.of("quickMode", true)));
        assertSucceeded(act("G", "p", "split", Map.of("forceSuspend", true)));
        assertStatus("G", "p", "PSUE", "PSUE");
        assertSucceeded(act("G", "p", "resync", Map.of("quickMode", true)));
        CLOCK.advance(Duration.ofSeconds(10));
        assertSucceeded(act("G", "p", "split", Map.of("quickMode", true)));
        CLOCK.advance(Duration.ofSeconds(1));
        assertSucceeded(act("G", "p", "restore", Map.of()));
        assertStatus("G", "p", "RCPY", "RCPY");
        assertSucceeded(act("G", "p", "split", Map.of("forceSuspend", true)));
        assertStatus("G", "p", "PSUE", "PSUE");

        // A pair can be deleted during its initial copy, during a steady split, a resync and a restore.
        create("A", "p", 102, 103, Map.of("copyPace", 1));
        create("B", "p", 104, 105, Map.of("autoSplit", true, "copyPace", 1));
        assertSucceeded(rest.delete(rest.objects + "/local-clone-copypairs/" + Rest.pairId("A", "p"), null).json());
        assertSucceeded(rest.delete(rest.objects + "/local-clone-copypairs/" + Rest.pairId("B", "p"), null).json());
        assertSucceeded(act("G", "p", "resync", Map.of()));
        assertStatus("G", "p", "COPY", "COPY");
        assertSucceeded(rest.delete(rest.objects + "/local-clone-copypairs/" + Rest.pairId("G", "p"), null).json());
        assertThat(sim.admin().pairs()).isEmpty();
    }

    @Test
    void paceGivenToAnActionChangesTheCopySpeed() {
        create("G", "p", 100, 101, Map.of("copyPace", 1));
        CLOCK.advance(Duration.ofSeconds(10));
        assertSucceeded(act("G", "p", "split", Map.of("quickMode", true, "copyPace", 10)));
        assertThat(sim.admin().pairs().get(0).copyPace()).isEqualTo(10);
        CLOCK.advance(Duration.ofSeconds(1));
        // A resync of 10 % at pace 10 takes 0.1 s.
        assertSucceeded(act("G", "p", "resync", Map.of()));
        CLOCK.advance(Duration.ofMillis(99));
        assertStatus("G", "p", "COPY", "COPY");
        CLOCK.advance(Duration.ofMillis(1));
        assertStatus("G", "p", "PAIR", "PAIR");
    }

    @Test
    void adminReportsWhenStatusesChangeAndCopiesEnd() {
        create("G", "p", 100, 101, Map.of("copyPace", 1));
        SimulatorAdmin.PairInfo copying = sim.admin().pairs().get(0);
        assertThat(Duration.between(copying.statusSince(), copying.transitionEndsAt())).isEqualTo(Duration.ofSeconds(10));
        CLOCK.advance(Duration.ofSeconds(12));
        SimulatorAdmin.PairInfo paired = sim.admin().pairs().get(0);
        assertThat(paired.pvolStatus()).isEqualTo("PAIR");
        assertThat(paired.transitionEndsAt()).isNull();
        assertThat(paired.statusSince()).isEqualTo(copying.transitionEndsAt());
        SimulatorAdmin.JobInfo job = sim.admin().jobs().get(0);
        assertThat(job.completedTime()).isEqualTo(job.createdTime());
        assertThat(job.userId()).as("whose request made it").isEqualTo("user1");
    }

    @Test
    void pairOperationsOnMissingPairsAre404() {
        assertThat(rest.pairAction("G", "p", "split", Map.of()).status()).isEqualTo(404);
        assertThat(rest.pair("G", "p").status()).isEqualTo(404);
        assertThat(rest.pair("G", "p").json().get("messageId").asText()).isNotEmpty();
    }
}
