package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.awaitility.Awaitility;

/**
 * Targets hold on both volumes, on an array whose S-VOL lags behind its P-VOL by a second when a copy ends
 * (P-VOL PSUS while the S-VOL is still COPY, and PAIR/COPY, PAIR/RCPY) and whose group pair lists hold a
 * degraded entry without LDEV ids; and a split that finds the pair split says so instead of reporting a
 * freeze time it does not know.
 */
class StatusTargetsTest {
    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimSupport.config()
            .svolStatusLag(Duration.ofMillis(600)).groupListDegradedEntry(true).build());

    VspSimulator sim;
    SimulatorAdmin admin;
    ArrayAccess access;
    SimSupport.Events events;
    SimSupport.LogCapture logs;

    @BeforeEach
    void setUp() {
        sim = SIM.simulator();
        admin = sim.admin();
        access = SimSupport.access(sim);
        events = new SimSupport.Events();
        logs = new SimSupport.LogCapture();
    }

    @AfterEach
    void noSessionsNoSecrets() {
        access.close();
        logs.closeAndCheck(sim, events.text());
    }

    private PairInfo run(OperationType type, PairRequest request) throws ShadowImageException {
        return SimSupport.run(access, events, type, request);
    }

    private PairInfo create(String group, String name, int pvol, int svol) throws ShadowImageException {
        return run(OperationType.CREATE, SimSupport.pair(group, name, pvol, svol).build());
    }

    private static String volumes(PairInfo p) {
        return p.pvolStatus() + "/" + p.svolStatus();
    }

    private PairRequest group(String name) {
        return PairRequest.builder().copyGroupName(name).timeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void createWaitsForPairOnBothVolumes() throws Exception {
        assertThat(volumes(create("CG1", "p1", 100, 101))).isEqualTo("PAIR/PAIR");
    }

    @Test
    void splitIsDoneOnlyWhenTheSvolIsSplitToo() throws Exception {
        create("CG1", "p1", 100, 101);
        PairInfo split = run(OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").build());
        assertThat(split.outcome()).isEqualTo("SPLIT");
        assertThat(volumes(split)).isEqualTo("PSUS/SSUS");
        assertThat(split.alreadySplit()).isFalse();
        assertThat(events.messages(ProgressEvent.Kind.STATUS)).anyMatch(m -> m.contains("PSUS/COPY"));
    }

    @Test
    void resyncAndRestoreAreDoneOnlyWhenBothVolumesArePair() throws Exception {
        create("CG1", "p1", 100, 101);
        run(OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").build());
        PairInfo resync = run(OperationType.RESYNC, SimSupport.pairRef("CG1", "p1").build());
        assertThat(resync.outcome()).isEqualTo("RESYNCED");
        assertThat(volumes(resync)).isEqualTo("PAIR/PAIR");

        run(OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").build());
        PairInfo restore = run(OperationType.RESTORE, SimSupport.pairRef("CG1", "p1").build());
        assertThat(restore.outcome()).isEqualTo("RESTORED");
        assertThat(volumes(restore)).isEqualTo("PAIR/PAIR");
        assertThat(events.messages(ProgressEvent.Kind.STATUS)).anyMatch(m -> m.contains("PAIR/RCPY"));
    }

    @Test
    void groupSplitSkipsTheDegradedEntryOnceAndCompletesWithBothVolumesSplit() throws Exception {
        create("G1", "a", 100, 101);
        create("G1", "b", 102, 103);
        PairInfo split = run(OperationType.GROUP_SPLIT, group("G1"));
        assertThat(split.outcome()).isEqualTo("SPLIT");
        assertThat(split.pairs()).extracting(PairInfo::copyPairName).containsExactly("a", "b");
        assertThat(split.pairs()).allSatisfy(p -> {
            assertThat(volumes(p)).isEqualTo("PSUS/SSUS");
            assertThat(p.outcome()).isEqualTo("SPLIT");
        });
        // the check and the wait read the group (how often the wait reads within the S-VOLs' 0.6 s lag depends on the
        // machine's speed); the skip was reported once however often it read
        assertThat(admin.requestCount("GET", "/local-clone-copypairs$")).isGreaterThanOrEqualTo(2);
        assertThat(events.messages(ProgressEvent.Kind.WARNING)).filteredOn(m -> m.contains("without pair name or LDEV ids"))
                .hasSize(1);
        assertThat(Arrays.stream(logs.text().split("\n")).filter(l -> l.contains("without pair name or LDEV ids")))
                .hasSize(1);

        PairInfo resync = run(OperationType.GROUP_RESYNC, group("G1"));
        assertThat(resync.pairs()).extracting(StatusTargetsTest::volumes).containsOnly("PAIR/PAIR");
    }

    @Test
    void splitOfASplitPairIsAlreadySplitAndReportsNoFreezeTimeOfItsOwn() throws Exception {
        create("CG1", "p1", 100, 101);
        PairInfo first = run(OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").build());
        Instant frozen = first.statusObservedAt().get("PSUS");
        assertThat(frozen).isNotNull();
        Instant before = Instant.now();

        PairInfo again = run(OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").build());
        assertThat(again.outcome()).isEqualTo("ALREADY_SPLIT");
        assertThat(again.alreadySplit()).isTrue();
        assertThat(again.splitNotLaterThan()).isAfterOrEqualTo(before);
        assertThat(again.statusObservedAt()).doesNotContainKey("PSUS");
        assertThat(again.toMap()).containsEntry("alreadySplit", true)
                .containsEntry("splitNotLaterThan", again.splitNotLaterThan().toString());
        assertThat(PairInfo.fromMap(again.toMap()).splitNotLaterThan()).isEqualTo(again.splitNotLaterThan());
        assertThat(again.toString()).contains("split before this run");
        assertThat(events.messages(ProgressEvent.Kind.PHASE)).anyMatch(m -> m.contains("split before this run"));
    }

    @Test
    void splitThatFindsThePvolSplitAndTheSvolStillCopyingWaitsAndSaysItWasSplitBefore() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.clearRequestLog();
        // someone else's split, still reaching the S-VOL when this run reads the pair
        admin.overrideReportedStatus("CG1,CG1P_,CG1S_,p1", "PSUS", "COPY");
        access.statusReads().forget();
        Thread release = new Thread(() -> {
            Awaitility.await("a status read").atMost(Duration.ofSeconds(20))
                    .until(() -> admin.requestCount("GET", "/local-clone-copypairs/") > 2);
            admin.overrideReportedStatus("CG1,CG1P_,CG1S_,p1", "PSUS", "SSUS");
        });
        release.start();
        PairInfo split = run(OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").build());
        release.join();
        assertThat(split.outcome()).isEqualTo("ALREADY_SPLIT");
        assertThat(volumes(split)).isEqualTo("PSUS/SSUS");
        assertThat(split.alreadySplit()).isTrue();
        assertThat(split.statusObservedAt()).doesNotContainKey("PSUS");
        assertThat(admin.requestCount("POST", "/actions/split/invoke")).isZero();
        admin.overrideReportedStatus("CG1,CG1P_,CG1S_,p1", null, null);
    }

    @Test
    void groupSplitMarksTheMembersThatWereSplitBefore() throws Exception {
        create("G1", "a", 100, 101);
        create("G1", "b", 102, 103);
        run(OperationType.SPLIT, SimSupport.pairRef("G1", "a").build());

        PairInfo split = run(OperationType.GROUP_SPLIT, group("G1"));
        assertThat(split.outcome()).isEqualTo("SPLIT");
        assertThat(split.alreadySplit()).isFalse();
        assertThat(split.statusObservedAt()).containsKey("PSUS");
        PairInfo a = split.pairs().get(0);
        PairInfo b = split.pairs().get(1);
        assertThat(a.outcome()).isEqualTo("ALREADY_SPLIT");
        assertThat(a.alreadySplit()).isTrue();
        assertThat(a.splitNotLaterThan()).isNotNull();
        assertThat(b.outcome()).isEqualTo("SPLIT");
        assertThat(b.alreadySplit()).isFalse();

        PairInfo again = run(OperationType.GROUP_SPLIT, group("G1"));
        assertThat(again.outcome()).isEqualTo("ALREADY_SPLIT");
        assertThat(again.alreadySplit()).isTrue();
        assertThat(again.statusObservedAt()).doesNotContainKey("PSUS");
        assertThat(again.pairs()).allSatisfy(p -> assertThat(p.outcome()).isEqualTo("ALREADY_SPLIT"));
    }

    @Test
    void createWithAutoSplitOfASplitPairSaysItWasSplitBefore() throws Exception {
        create("CG1", "p1", 100, 101);
        run(OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").build());
        PairInfo again = run(OperationType.CREATE, SimSupport.pair("CG1", "p1", 100, 101).autoSplit(true).build());
        assertThat(again.outcome()).isEqualTo("ALREADY_EXISTS");
        assertThat(again.alreadySplit()).isTrue();
        assertThat(again.statusObservedAt()).doesNotContainKey("PSUS");
    }

    @Test
    void anUnknownSvolStatusIsNamedInTheLogAndTheTimeout() throws Exception {
        create("CG1", "p1", 100, 101);
        run(OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").build());
        admin.overrideReportedStatus("CG1,CG1P_,CG1S_,p1", "PAIR", "XQZ");
        try {
            assertThatThrownBy(() -> run(OperationType.RESYNC, SimSupport.pairRef("CG1", "p1")
                    .timeout(Duration.ofSeconds(3)).build()))
                    .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                        assertThat(e.category()).isEqualTo(ShadowImageException.Category.TIMEOUT);
                        assertThat(e.getMessage()).contains("PAIR/\"XQZ\" (a status this tool does not know)");
                    });
            assertThat(logs.text()).contains("\"XQZ\" (a status this tool does not know)");
            assertThat(events.messages(ProgressEvent.Kind.WARNING)).anyMatch(m -> m.contains("XQZ"));
        } finally {
            admin.overrideReportedStatus("CG1,CG1P_,CG1S_,p1", null, null);
        }
    }
}
