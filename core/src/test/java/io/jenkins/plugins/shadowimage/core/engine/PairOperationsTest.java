package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.SimulatorSetup;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.awaitility.Awaitility;

/** Every operation and option against the simulator over HTTPS. */
class PairOperationsTest extends EngineTestBase {

    @Test
    void createWaitsForPairAndReportsEverything() throws Exception {
        PairInfo info = create("CG1", "p1", 100, 101);
        assertThat(info.outcome()).isEqualTo("CREATED");
        assertThat(info.pvolStatus()).isEqualTo("PAIR");
        assertThat(info.svolStatus()).isEqualTo("PAIR");
        assertThat(info.copyProgressRate()).isEqualTo(100);
        assertThat(info.pvolLdevId()).isEqualTo(100);
        assertThat(info.svolLdevId()).isEqualTo(101);
        assertThat(info.localCloneCopypairId()).isEqualTo("CG1,CG1P_,CG1S_,p1");
        assertThat(info.jobIds()).hasSize(1);
        assertThat(info.statusObservedAt()).containsKey("PAIR");
        assertThat(simPair("p1").pvolStatus()).isEqualTo("PAIR");
        assertThat(events.messages(ProgressEvent.Kind.JOB_ACCEPTED)).singleElement().asString().contains("job");
        Map<String, Object> map = info.toMap();
        assertThat(map).containsEntry("pvolStatus", "PAIR").containsEntry("outcome", "CREATED")
                .containsEntry("exists", true).containsKey("statusObservedAt");
        assertThat(info.toJson()).contains("\"copyPairName\" : \"p1\"");
        // one session per step at most; all discarded
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).isEqualTo(1);
    }

    /** Initial copies take half an hour. */
    static SimulatorConfig.Builder slowCopies() {
        return SimSupport.config().copyRateMiBPerSecondPerPace(1);
    }

    @Test
    @SimulatorSetup("slowCopies")
    void createWithWaitForAcceptedStopsAtCopy() throws Exception {
        PairInfo info = run(OperationType.CREATE, SimSupport.pair("CG1", "p1", 400, 401).copyPace(1)
                .waitFor(WaitFor.ACCEPTED).build());
        assertThat(info.outcome()).isEqualTo("ACCEPTED");
        assertThat(info.pvolStatus()).isEqualTo("COPY");
    }

    @Test
    void createWithAutoSplitEndsSplit() throws Exception {
        PairInfo steady = run(OperationType.CREATE, SimSupport.pair("CG1", "p1", 100, 101).autoSplit(true).build());
        assertThat(steady.pvolStatus()).isEqualTo("PSUS");
        assertThat(steady.svolStatus()).isEqualTo("SSUS");
        PairInfo quick = run(OperationType.CREATE, SimSupport.pair("CG2", "p2", 102, 103).autoSplit(true)
                .quickMode(true).build());
        assertThat(quick.pvolStatus()).isEqualTo("PSUS");
    }

    @Test
    void createWithMuPaceConsistencyGroupAndDeviceGroups() throws Exception {
        PairInfo info = run(OperationType.CREATE, SimSupport.pair("CG1", "p1", 100, 101).pvolMuNumber(2).copyPace(15)
                .consistencyGroupId(7).pvolDeviceGroupName("DGP").svolDeviceGroupName("DGS").build());
        assertThat(info.pvolMuNumber()).isEqualTo(2);
        assertThat(info.consistencyGroupId()).isEqualTo(7);
        assertThat(info.localCloneCopypairId()).isEqualTo("CG1,DGP,DGS,p1");
        assertThat(simPair("p1").copyPace()).isEqualTo(15);
        // a second pair in the same (now existing) group: isNewGroupCreation=false is chosen automatically
        PairInfo second = run(OperationType.CREATE, SimSupport.pair("CG1", "p2", 102, 103)
                .pvolDeviceGroupName("DGP").svolDeviceGroupName("DGS").build());
        assertThat(second.pvolStatus()).isEqualTo("PAIR");
    }

    @Test
    void createOnCapacitySavingVolumeSetsForceCopyAutomatically() throws Exception {
        PairInfo info = create("CG1", "p1", 200, 201);
        assertThat(info.pvolStatus()).isEqualTo("PAIR");
        assertThat(events.text()).contains("isDataReductionForceCopy");
    }

    @Test
    void createOnCapacitySavingVolumeWithForceCopyDisabledIsRejectedByTheArray() {
        assertThatThrownBy(() -> run(OperationType.CREATE, SimSupport.pair("CG1", "p1", 200, 201)
                .dataReductionForceCopy(false).build()))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.REJECTED_BY_ARRAY);
                    assertThat(e.getMessage()).contains("KART").contains("isDataReductionForceCopy");
                });
    }

    @Test
    void createOfAnExistingIdenticalPairSucceedsAsAlreadyExists() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.clearRequestLog();
        PairInfo again = create("CG1", "p1", 100, 101);
        assertThat(again.outcome()).isEqualTo("ALREADY_EXISTS");
        assertThat(again.pvolStatus()).isEqualTo("PAIR");
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).isZero();
    }

    @Test
    void createWithAutoSplitOfAnExistingPairInPairSplitsIt() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.clearRequestLog();
        PairInfo again = run(OperationType.CREATE, SimSupport.pair("CG1", "p1", 100, 101).autoSplit(true).build());
        assertThat(again.outcome()).isEqualTo("ALREADY_EXISTS_THEN_SPLIT");
        assertThat(again.pvolStatus() + "/" + again.svolStatus()).isEqualTo("PSUS/SSUS");
        assertThat(again.alreadySplit()).isFalse();
        assertThat(again.statusObservedAt()).containsKey("PSUS");
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).isZero();
        assertThat(admin.requestCount("POST", "/actions/split/invoke")).isEqualTo(1);
        assertThat(events.messages(ProgressEvent.Kind.INFO)).anyMatch(m -> m.contains("splitting the existing pair"));
        // an existing pair still in its initial copy: wait until it settles, then split it
        run(OperationType.CREATE, SimSupport.pair("CG2", "p2", 400, 401).copyPace(1).waitFor(WaitFor.ACCEPTED).build());
        PairInfo settled = run(OperationType.CREATE, SimSupport.pair("CG2", "p2", 400, 401).autoSplit(true)
                .timeout(Duration.ofSeconds(60)).build());
        assertThat(settled.outcome()).isEqualTo("ALREADY_EXISTS_THEN_SPLIT");
        assertThat(settled.pvolStatus() + "/" + settled.svolStatus()).isEqualTo("PSUS/SSUS");
    }

    @Test
    void createOfAnExistingSplitPairWithoutAutoSplitWarnsAndLeavesIt() throws Exception {
        create("CG1", "p1", 100, 101);
        run(OperationType.SPLIT, ref("CG1", "p1"));
        PairInfo again = create("CG1", "p1", 100, 101);
        assertThat(again.outcome()).isEqualTo("ALREADY_EXISTS");
        assertThat(again.pvolStatus()).isEqualTo("PSUS");
        assertThat(again.alreadySplit()).isTrue();
        assertThat(events.messages(ProgressEvent.Kind.WARNING)).anyMatch(m -> m.contains("resync it if you need"));
    }

    @Test
    void createOfAnExistingPairWithOtherVolumesFailsClearly() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.clearRequestLog();
        assertThatThrownBy(() -> create("CG1", "p1", 102, 103))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.REJECTED_BY_ARRAY);
                    assertThat(e.getMessage()).contains("already exists with other volumes")
                            .contains("P-VOL 100").contains("requested P-VOL 102");
                });
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).isZero();
    }

    @Test
    void splitSteadyAndQuickAndIdempotent() throws Exception {
        create("CG1", "p1", 100, 101);
        create("CG1", "p2", 102, 103);
        PairInfo steady = run(OperationType.SPLIT, ref("CG1", "p1"));
        assertThat(steady.outcome()).isEqualTo("SPLIT");
        assertThat(steady.pvolStatus()).isEqualTo("PSUS");
        assertThat(steady.svolStatus()).isEqualTo("SSUS");
        PairInfo quick = run(OperationType.SPLIT, SimSupport.pairRef("CG1", "p2").quickMode(true).copyPace(10).build());
        assertThat(quick.pvolStatus()).isEqualTo("PSUS");

        admin.clearRequestLog();
        PairInfo again = run(OperationType.SPLIT, ref("CG1", "p1"));
        assertThat(again.outcome()).isEqualTo("ALREADY_SPLIT");
        assertThat(admin.requestCount("POST", "/actions/split/invoke")).isZero();
    }

    @Test
    void waitForAcceptedStopsOnceTheArrayAcceptedTheAction() throws Exception {
        create("CG1", "p1", 400, 401);
        PairInfo split = run(OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").copyPace(1)
                .waitFor(WaitFor.ACCEPTED).build());
        assertThat(split.outcome()).isEqualTo("ACCEPTED");
        assertThat(split.jobIds()).hasSize(1);
        PairInfo resync = run(OperationType.GROUP_RESYNC, PairRequest.builder().copyGroupName("CG1")
                .waitFor(WaitFor.ACCEPTED).timeout(Duration.ofSeconds(60)).build());
        assertThat(resync.outcome()).isEqualTo("ACCEPTED");
        // and the explicit force-copy flag on a plain volume is accepted as given
        assertThat(run(OperationType.CREATE, SimSupport.pair("CG2", "p2", 100, 101).dataReductionForceCopy(true)
                .build()).pvolStatus()).isEqualTo("PAIR");
    }

    @Test
    void splitGuardsAgainstTheWrongPair() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.clearRequestLog();
        assertThatThrownBy(() -> run(OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").pvolLdevId(100)
                .svolLdevId(105).build()))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> assertThat(e.getMessage())
                        .contains("not the requested").contains("S-VOL 105"));
        assertThat(admin.requestCount("POST", "/actions/")).isZero();
        // the same guard on a status: another pair is not reported as the expected one
        assertThatThrownBy(() -> run(OperationType.STATUS, SimSupport.pairRef("CG1", "p1").pvolLdevId(100)
                .svolLdevId(105).build()))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> assertThat(e.getMessage())
                        .contains("not the requested").contains("S-VOL 105"));
        assertThat(run(OperationType.STATUS, SimSupport.pairRef("CG1", "p1").pvolLdevId(100).svolLdevId(101).build())
                .outcome()).isEqualTo("STATUS");
    }

    @Test
    void resyncNormalQuickAndIdempotent() throws Exception {
        create("CG1", "p1", 100, 101);
        run(OperationType.SPLIT, ref("CG1", "p1"));
        PairInfo resync = run(OperationType.RESYNC, SimSupport.pairRef("CG1", "p1").copyPace(8).build());
        assertThat(resync.outcome()).isEqualTo("RESYNCED");
        assertThat(resync.pvolStatus()).isEqualTo("PAIR");
        assertThat(resync.statusObservedAt()).containsKey("PAIR");

        run(OperationType.SPLIT, ref("CG1", "p1"));
        PairInfo quick = run(OperationType.RESYNC, SimSupport.pairRef("CG1", "p1").quickMode(true).build());
        assertThat(quick.pvolStatus()).isEqualTo("PAIR");

        admin.clearRequestLog();
        PairInfo again = run(OperationType.RESYNC, ref("CG1", "p1"));
        assertThat(again.outcome()).isEqualTo("NO_CHANGE");
        assertThat(admin.requestCount("POST", "/actions/resync/invoke")).isZero();
    }

    @Test
    void restoreFromPsusOnlyAndNamesTheStatusOtherwise() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.clearRequestLog();
        assertThatThrownBy(() -> run(OperationType.RESTORE, ref("CG1", "p1")))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.REJECTED_BY_ARRAY);
                    assertThat(e.getMessage()).contains("only from PSUS").contains("the pair is PAIR");
                });
        assertThat(admin.requestCount("POST", "/actions/restore/invoke")).isZero();

        run(OperationType.SPLIT, ref("CG1", "p1"));
        PairInfo restored = run(OperationType.RESTORE, SimSupport.pairRef("CG1", "p1").copyPace(5).build());
        assertThat(restored.outcome()).isEqualTo("RESTORED");
        assertThat(restored.pvolStatus()).isEqualTo("PAIR");

        run(OperationType.SPLIT, ref("CG1", "p1"));
        PairInfo quick = run(OperationType.RESTORE, SimSupport.pairRef("CG1", "p1").quickMode(true).build());
        assertThat(quick.pvolStatus()).isEqualTo("PAIR");
    }

    @Test
    void deleteWaitsUntilGoneAndIsIdempotent() throws Exception {
        create("CG1", "p1", 100, 101);
        PairInfo deleted = run(OperationType.DELETE, ref("CG1", "p1"));
        assertThat(deleted.outcome()).isEqualTo("DELETED");
        assertThat(deleted.exists()).isFalse();
        assertThat(admin.pairs()).isEmpty();

        admin.clearRequestLog();
        PairInfo again = run(OperationType.DELETE, ref("CG1", "p1"));
        assertThat(again.outcome()).isEqualTo("NOT_FOUND");
        assertThat(admin.requestCount("DELETE", "/local-clone-copypairs/")).isZero();
    }

    @Test
    void statusOfPresentAndAbsentPairs() throws Exception {
        create("CG1", "p1", 100, 101);
        PairInfo st = run(OperationType.STATUS, ref("CG1", "p1"));
        assertThat(st.outcome()).isEqualTo("STATUS");
        assertThat(st.pvolStatus()).isEqualTo("PAIR");
        PairInfo absent = run(OperationType.STATUS, ref("CG1", "nope"));
        assertThat(absent.outcome()).isEqualTo("NOT_FOUND");
        assertThat(absent.exists()).isFalse();
    }

    @Test
    void operationsOnAMissingPairFailClearly() {
        assertThatThrownBy(() -> run(OperationType.SPLIT, ref("CG9", "nope")))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.REJECTED_BY_ARRAY);
                    assertThat(e.getMessage()).contains("CG9,CG9P_,CG9S_,nope").contains("does not exist");
                });
    }

    @Test
    void groupSplitAndResyncReportPerPairResults() throws Exception {
        create("G1", "a", 100, 101);
        create("G1", "b", 102, 103);
        create("G1", "c", 104, 105);
        PairRequest group = PairRequest.builder().copyGroupName("G1").timeout(Duration.ofSeconds(60)).build();
        PairInfo split = run(OperationType.GROUP_SPLIT, group);
        assertThat(split.outcome()).isEqualTo("SPLIT");
        assertThat(split.pairs()).hasSize(3).allSatisfy(p -> {
            assertThat(p.pvolStatus()).isEqualTo("PSUS");
            assertThat(p.outcome()).isEqualTo("SPLIT");
        });
        assertThat(split.toMap()).containsKey("pairs");

        admin.clearRequestLog();
        assertThat(run(OperationType.GROUP_SPLIT, group).outcome()).isEqualTo("ALREADY_SPLIT");
        assertThat(admin.requestCount("POST", "/actions/split/invoke")).isZero();

        PairInfo resync = run(OperationType.GROUP_RESYNC, PairRequest.builder().copyGroupName("G1").copyPace(12)
                .timeout(Duration.ofSeconds(60)).build());
        assertThat(resync.pairs()).extracting(PairInfo::pvolStatus).containsOnly("PAIR");
        assertThat(run(OperationType.GROUP_RESYNC, group).outcome()).isEqualTo("NO_CHANGE");
    }

    @Test
    void groupSplitFailsWhenAPairIsPsueAndSaysWhich() throws Exception {
        create("G1", "a", 100, 101);
        create("G1", "b", 102, 103);
        forceSuspend("G1", "b");
        PairRequest group = PairRequest.builder().copyGroupName("G1").timeout(Duration.ofSeconds(60)).build();
        assertThatThrownBy(() -> run(OperationType.GROUP_SPLIT, group))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.getMessage()).contains("b is PSUE");
                    assertThat(e.partialResult().pairs()).hasSize(2);
                });
    }

    @Test
    void groupOperationOnMissingGroupFails() {
        PairRequest group = PairRequest.builder().copyGroupName("NOPE").build();
        assertThatThrownBy(() -> run(OperationType.GROUP_RESYNC, group))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> assertThat(e.getMessage())
                        .contains("copy group does not exist"));
    }

    @Test
    void splitOfPsuePairFailsSayingSo() throws Exception {
        create("CG1", "p1", 100, 101);
        forceSuspend("CG1", "p1");
        assertThatThrownBy(() -> run(OperationType.SPLIT, ref("CG1", "p1")))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> assertThat(e.getMessage()).contains("PSUE")
                        .contains("resync"));
        // a resync from PSUE is a full copy, and works
        PairInfo resync = run(OperationType.RESYNC, ref("CG1", "p1"));
        assertThat(resync.pvolStatus()).isEqualTo("PAIR");
        assertThat(events.messages(ProgressEvent.Kind.WARNING)).anyMatch(m -> m.contains("whole P-VOL"));
    }

    @Test
    void psueDuringTheWaitIsAFailureThatSaysSo() throws Exception {
        // 2 GiB at copyPace 1: several seconds of COPY
        PairRequest slow = SimSupport.pair("CG1", "p1", 400, 401).copyPace(1).build();
        admin.setTimeScale(0.5);
        Thread suspender = new Thread(() -> {
            Awaitility.await("pair in COPY").atMost(Duration.ofSeconds(30))
                    .until(() -> simPair("p1") != null && "COPY".equals(simPair("p1").pvolStatus()));
            forceSuspend("CG1", "p1");
        });
        suspender.start();
        try {
            assertThatThrownBy(() -> run(OperationType.CREATE, slow))
                    .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                        assertThat(e.category()).isEqualTo(ShadowImageException.Category.REJECTED_BY_ARRAY);
                        assertThat(e.getMessage()).contains("PSUE").contains("CG1,CG1P_,CG1S_,p1");
                    });
        } finally {
            suspender.join();
        }
    }

    @Test
    void timeoutNamesPairStatusProgressAndHowToContinue() throws Exception {
        Thread slowDown = SimSupport.slowDownOnceCopying(admin, "p1");
        PairRequest req = SimSupport.pair("CG1", "p1", 400, 401).copyPace(1).timeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> run(OperationType.CREATE, req))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.TIMEOUT);
                    assertThat(e.getMessage()).contains("CG1,CG1P_,CG1S_,p1").contains("COPY").contains("%")
                            .contains("run the same operation again");
                    assertThat(e.partialResult().pvolStatus()).isEqualTo("COPY");
                });
        slowDown.join(); // the slow-down has happened: it cannot come after the speed-up
        admin.setTimeScale(1);
        PairInfo resumed = run(OperationType.CREATE, req.toBuilder().timeout(Duration.ofSeconds(60)).build());
        assertThat(resumed.outcome()).isEqualTo("ALREADY_EXISTS");
        assertThat(resumed.pvolStatus()).isEqualTo("PAIR");
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).isEqualTo(1);
    }

    @Test
    void progressEventsCarryStatusProgressAndEta() throws Exception {
        admin.setTimeScale(0.5);
        run(OperationType.CREATE, SimSupport.pair("CG1", "p1", 400, 401).copyPace(1).build());
        assertThat(events.all()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(ProgressEvent.Kind.STATUS);
            assertThat(e.status()).isEqualTo("COPY");
            assertThat(e.copyProgressRate()).isNotNull();
        });
        assertThat(events.all()).anyMatch(e -> e.eta() != null && e.message().contains("ETA"));
        assertThat(events.messages(ProgressEvent.Kind.PHASE)).anyMatch(m -> m.contains("SUBMIT -> "));
    }

    /** Puts a pair into PSUE with the array's forced suspend (a test helper, through our own client). */
    void forceSuspend(String group, String name) {
        try (var s = access.client().openSession(null)) {
            var id = new io.jenkins.plugins.shadowimage.core.client.model.PairId(group, null, null, name);
            s.raiseIfFailed(s.splitPair(id, new io.jenkins.plugins.shadowimage.core.client.model.ActionParams(null, null, true)));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        Awaitility.await("PSUE").atMost(Duration.ofSeconds(10)).until(() -> "PSUE".equals(simPair(name).pvolStatus()));
    }
}
