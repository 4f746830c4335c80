package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.TestRuntime;
import io.jenkins.plugins.shadowimage.core.client.ErrorClass;
import io.jenkins.plugins.shadowimage.core.client.RetryPolicy;
import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.SimulatorSetup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.awaitility.Awaitility;

/** How the engine reads the end of a job: errors, odd end states, jobs that outlive the change, wrong objects. */
class JobHandlingTest extends EngineTestBase {
    private static final String SPLIT_INVOKE = "/actions/split/invoke";

    @Test
    void aLockInsideAJobIsRetriedLikeALockAnsweredByTheRequest() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.lockNextJobs(2);
        PairInfo split = run(OperationType.SPLIT, ref("CG1", "p1"));
        assertThat(split.pvolStatus()).isEqualTo("PSUS");
        assertThat(split.outcome()).isEqualTo("SPLIT");
        assertThat(events.messages(ProgressEvent.Kind.RETRY)).hasSize(2)
                .allMatch(m -> m.contains("resource locked (KART30000-E SSB1=2E11 SSB2=2205), retry"));
        assertThat(admin.requestCount("POST", SPLIT_INVOKE)).isEqualTo(3);
    }

    @Test
    void aLockInsideACreateJobIsRetriedAndCreatesOnePair() throws Exception {
        admin.lockNextJobs(1);
        assertThat(create("CG1", "p1", 100, 101).pvolStatus()).isEqualTo("PAIR");
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).isEqualTo(2);
        assertThat(admin.pairs()).hasSize(1);
    }

    @Test
    void jobLockRetriesStopAtTheLockBudgetWithEveryDetailOfTheError() throws Exception {
        access.close();
        access = SimSupport.access(sim, SimSupport.clientOptions().retryPolicy(RetryPolicy.builder()
                .initialDelay(Duration.ofMillis(50)).maxDelay(Duration.ofMillis(100)).jitter(0)
                .budget(ErrorClass.LOCKED, Duration.ofMillis(600)).build()).build());
        create("CG1", "p1", 100, 101);
        admin.lockNextJobs(1000);
        assertThatThrownBy(() -> run(OperationType.SPLIT, ref("CG1", "p1")))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.CONNECTION);
                    assertThat(e.getMessage()).contains("resource locked (KART30000-E SSB1=2E11 SSB2=2205): gave up after")
                            .contains("solutionType RETRY").contains("detailCode 30000E-2-2E11-2205")
                            .contains("errorSource /ConfigurationManager/v1/objects/local-clone-copypairs/");
                    assertThat(e.apiError().solutionType()).isEqualTo("RETRY");
                });
        long retries = events.messages(ProgressEvent.Kind.RETRY).size();
        assertThat(retries).as("retried before giving up (how often depends on how fast the machine answers)").isPositive();
        assertThat(admin.requestCount("POST", SPLIT_INVOKE)).isEqualTo(retries + 1);
        admin.clearFaults();
        assertThat(simPair("p1").pvolStatus()).isEqualTo("PAIR");
    }

    @Test
    void aRejectedJobShowsSolutionTypeDetailCodeAndErrorSource() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.failNextJobs(1, "KART30000-E", "2E31", "9A01");
        assertThatThrownBy(() -> run(OperationType.SPLIT, ref("CG1", "p1")))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.REJECTED_BY_ARRAY);
                    assertThat(e.getMessage()).contains("solutionType SEE_ERROR_DETAIL")
                            .contains("detailCode 30000E-2-2E31-9A01").contains("errorSource /ConfigurationManager/");
                    VspApiException api = e.apiError();
                    assertThat(api.solutionType()).isEqualTo("SEE_ERROR_DETAIL");
                    assertThat(api.detailCode()).isEqualTo("30000E-2-2E31-9A01");
                    assertThat(api.errorSource()).endsWith(SPLIT_INVOKE);
                });
        assertThat(events.messages(ProgressEvent.Kind.RETRY)).isEmpty();
        assertThat(admin.requestCount("POST", SPLIT_INVOKE)).isEqualTo(1);
    }

    @Test
    void jobsThatEndUnknownAreJudgedByThePairForEveryOperation() throws Exception {
        admin.unknownNextJobs(1, true);
        assertThat(create("CG1", "p1", 100, 101).pvolStatus()).isEqualTo("PAIR");
        for (OperationType type : List.of(OperationType.SPLIT, OperationType.RESYNC, OperationType.SPLIT,
                OperationType.RESTORE)) {
            admin.unknownNextJobs(1, true);
            PairInfo info = run(type, ref("CG1", "p1"));
            assertThat(info.outcome()).as(type.name()).isEqualTo(Outcome.succeeded(type).name());
        }
        admin.unknownNextJobs(1, true);
        assertThat(run(OperationType.DELETE, ref("CG1", "p1")).outcome()).isEqualTo("DELETED");
        assertThat(admin.pairs()).isEmpty();
        assertThat(events.messages(ProgressEvent.Kind.WARNING)).hasSize(6)
                .allMatch(m -> m.contains("ended Completed/Unknown"));
    }

    @Test
    void aJobThatEndsUnknownWithoutEffectIsReportedWithItsState() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.unknownNextJobs(1, false);
        assertThatThrownBy(() -> run(OperationType.SPLIT, ref("CG1", "p1")))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.REJECTED_BY_ARRAY);
                    assertThat(e.getMessage()).contains("ended Unknown").contains("pair status PAIR");
                });
        assertThat(admin.requestCount("POST", SPLIT_INVOKE)).isEqualTo(1);
    }

    @Test
    void aJobThatNeverCompletesEndsWhenThePairReachesItsTarget() throws Exception {
        create("CG1", "p1", 100, 101);
        // The split job stays Running far beyond the operation's timeout; the pair is split within a second.
        admin.slowNextJobs(1, Duration.ofHours(1));
        PairInfo split = run(OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").timeout(Duration.ofSeconds(20))
                .build());
        assertThat(split.pvolStatus()).isEqualTo("PSUS");
        assertThat(split.outcome()).isEqualTo("SPLIT");
        assertThat(events.messages(ProgressEvent.Kind.WARNING)).anyMatch(m -> m.contains("is still ")
                && m.contains("the pair is PSUS"));
        assertThat(admin.jobs().get(admin.jobs().size() - 1).status()).isNotEqualTo("Completed");
    }

    @Test
    void aPairSuspendedWhileItsJobStillRunsFailsAtOnce() throws Exception {
        admin.slowNextJobs(1, Duration.ofHours(1));
        Thread suspend = new Thread(() -> {
            Awaitility.await("pair p1 in COPY").atMost(Duration.ofSeconds(30)).until(() -> simPair("p1") != null
                    && "COPY".equals(simPair("p1").pvolStatus()));
            admin.suspendPair("CG1,CG1P_,CG1S_,p1");
        });
        suspend.start();
        assertThatThrownBy(() -> run(OperationType.CREATE, SimSupport.pair("CG1", "p1", 400, 401).copyPace(1)
                .timeout(Duration.ofSeconds(20)).build()))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.REJECTED_BY_ARRAY);
                    assertThat(e.getMessage()).contains("the pair is PSUE").contains("during job ");
                });
        suspend.join();
    }

    @Test
    void aGroupJobThatNeverCompletesEndsWhenEveryPairReachesTheTarget() throws Exception {
        create("G1", "a", 100, 101);
        create("G1", "b", 102, 103);
        admin.slowNextJobs(1, Duration.ofHours(1));
        PairInfo split = run(OperationType.GROUP_SPLIT, PairRequest.builder().copyGroupName("G1")
                .timeout(Duration.ofSeconds(20)).build());
        assertThat(split.outcome()).isEqualTo("SPLIT");
        assertThat(split.pairs()).hasSize(2).allSatisfy(p -> assertThat(p.pvolStatus()).isEqualTo("PSUS"));
        assertThat(events.messages(ProgressEvent.Kind.WARNING)).anyMatch(m -> m.contains("every pair is PSUS"));
    }

    static SimulatorConfig.Builder jobsLastTheWholeCopy() {
        return SimSupport.config().copyRateMiBPerSecondPerPace(400)
                .siJobCompletion(SimulatorConfig.SiJobCompletion.ON_TARGET_STATUS).noWaitHonoured(false);
    }

    static SimulatorConfig.Builder jobsLastTheCopyUnlessNoWait() {
        return SimSupport.config().copyRateMiBPerSecondPerPace(200)
                .siJobCompletion(SimulatorConfig.SiJobCompletion.ON_TARGET_STATUS);
    }

    @Test
    @SimulatorSetup("jobsLastTheWholeCopy")
    void progressIsShownWhileACreateJobStaysRunningForTheWholeCopy() throws Exception {
        // 2 GiB at pace 1: about 5 s of copy, all of it inside the create job.
        PairInfo info = run(OperationType.CREATE, SimSupport.pair("CG1", "p1", 400, 401).copyPace(1).build());
        assertThat(info.pvolStatus()).isEqualTo("PAIR");
        List<ProgressEvent> during = events.all().stream().filter(e -> e.kind() == ProgressEvent.Kind.STATUS
                && e.phase() == Phase.POLL_JOB).toList();
        assertThat(during).as("status events while the job runs").hasSizeGreaterThan(1);
        assertThat(during).anyMatch(e -> e.copyProgressRate() != null && e.copyProgressRate() > 0
                && e.copyProgressRate() < 100
                && e.eta() != null);
    }

    @Test
    @SimulatorSetup("jobsLastTheCopyUnlessNoWait")
    void noWaitIsSentSoAnArrayThatHonoursItCompletesTheJobAtAcceptance() throws Exception {
        PairInfo info = run(OperationType.CREATE, SimSupport.pair("CG1", "p1", 400, 401).copyPace(1)
                .waitFor(WaitFor.ACCEPTED).build());
        assertThat(info.pvolStatus()).isEqualTo("COPY");
        SimulatorAdmin.JobInfo job = admin.jobs().get(0);
        // The copy takes about 10 s; without NoWait the job would last as long.
        assertThat(Duration.between(job.createdTime(), job.completedTime())).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aJobNamingAnotherPairIsAMismatchAndNothingMoreIsSent() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.foreignAffectedResources(1, null);
        admin.clearRequestLog();
        assertThatThrownBy(() -> run(OperationType.SPLIT, ref("CG1", "p1")))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.INTERNAL);
                    assertThat(e.getMessage()).contains("local-clone-copypairs/CG1,CG1P_,CG1S_,p1-other")
                            .contains("not this pair (CG1,CG1P_,CG1S_,p1)").contains("Nothing more is sent");
                });
        assertThat(admin.requestCount("POST", SPLIT_INVOKE)).isEqualTo(1);
        List<RequestRecord> log = admin.requests();
        int answer = 0;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).path().endsWith(SPLIT_INVOKE) || log.get(i).path().contains("/jobs/")) {
                answer = i;
            }
        }
        assertThat(log.subList(answer + 1, log.size())).as("after the job's answer only the session is discarded")
                .allMatch(r -> r.method().equals("DELETE") && r.path().contains("/sessions/"));
    }

    @Test
    void aCreateJobNamingAnotherLdevIsAMismatch() {
        admin.foreignAffectedResources(1, "ldevs/999");
        assertThatThrownBy(() -> create("CG1", "p1", 100, 101))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.INTERNAL);
                    assertThat(e.getMessage()).contains("ldevs/999").contains("P-VOL 100, S-VOL 101");
                });
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).isEqualTo(1);
    }

    @Test
    void concurrentCreatesIntoOneNewCopyGroupAllSucceed() throws Exception {
        int[][] volumes = {{100, 101}, {102, 103}, {104, 105}};
        List<OperationState> states = new ArrayList<>();
        List<SimSupport.Events> evs = new ArrayList<>();
        for (int i = 0; i < volumes.length; i++) {
            // Each decides before any of them sends: all three ask for a new group.
            OperationState st = OperationState.start(OperationType.CREATE,
                    SimSupport.pair("CGN", "p" + i, volumes[i][0], volumes[i][1]).build(), Instant.now());
            SimSupport.Events ev = new SimSupport.Events();
            states.add(toSubmit(new OperationDriver(access, ev, SimSupport.engineOptions()), st));
            evs.add(ev);
        }
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<PairInfo>> runs = new ArrayList<>();
        List<ArrayAccess> accesses = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            ArrayAccess own = SimSupport.access(sim);
            accesses.add(own);
            OperationState st = states.get(i);
            SimSupport.Events ev = evs.get(i);
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return TestRuntime.run(own, ev, SimSupport.engineOptions(), st, StateSink.NONE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        go.countDown();
        for (CompletableFuture<PairInfo> r : runs) {
            assertThat(r.get(60, TimeUnit.SECONDS).pvolStatus()).isEqualTo("PAIR");
        }
        accesses.forEach(ArrayAccess::close);
        long joined = evs.stream().flatMap(e -> e.messages(ProgressEvent.Kind.INFO).stream())
                .filter(m -> m.contains("was created meanwhile")).count();
        assertThat(joined).isEqualTo(2);
        assertThat(admin.copyGroups()).hasSize(1);
        assertThat(admin.pairs()).hasSize(3);
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).isEqualTo(3 + joined);
    }

    @Test
    void aGroupCreatedMeanwhileWithOtherDeviceGroupsIsNamedInTheError() throws Exception {
        OperationState st = OperationState.start(OperationType.CREATE, SimSupport.pair("CG1", "p2", 102, 103)
                .pvolDeviceGroupName("OTHERP").build(), Instant.now());
        OperationDriver driver = new OperationDriver(access, events, SimSupport.engineOptions());
        OperationState submitting = toSubmit(driver, st);
        create("CG1", "p1", 100, 101);
        assertThatThrownBy(() -> TestRuntime.run(access, events, SimSupport.engineOptions(), submitting, StateSink.NONE))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.REJECTED_BY_ARRAY);
                    assertThat(e.getMessage()).contains("was created meanwhile with P-VOL device group CG1P_")
                            .contains("asks for OTHERP and CG1S_");
                });
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).isEqualTo(2);
    }

    private static OperationState toSubmit(OperationDriver driver, OperationState st) {
        while (st.phase() == Phase.CHECK) {
            Advance step = driver.advance(st);
            assertThat(step).isInstanceOf(Advance.Again.class);
            st = step.state();
        }
        assertThat(st.phase()).isEqualTo(Phase.SUBMIT);
        return st;
    }
}
