package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.ErrorClass;
import io.jenkins.plugins.shadowimage.core.client.RetryPolicy;
import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.model.PairId;
import io.jenkins.plugins.shadowimage.simulator.Fault;
import io.jenkins.plugins.shadowimage.simulator.FaultKind;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.awaitility.Awaitility;

/** Every fault kind of the simulator, each with its expected outcome. */
class FaultsTest extends EngineTestBase {
    private static final String PAIR_PATH = "/local-clone-copypairs/CG1,CG1P_,CG1S_,p1$";

    @Test
    void http503WithRetryAfterIsRetriedAfterTheAdvertisedDelay() throws Exception {
        create("CG1", "p1", 100, 101);
        // The status must read the pair (not share the create's last read) to meet the fault.
        access.statusReads().forget();
        admin.injectFault(new Fault("GET", PAIR_PATH, FaultKind.HTTP_503, 2, 0, 1));
        PairInfo info = run(OperationType.STATUS, ref("CG1", "p1"));
        assertThat(info.pvolStatus()).isEqualTo("PAIR");
        List<ProgressEvent> retries = events.all().stream().filter(e -> e.kind() == ProgressEvent.Kind.RETRY).toList();
        assertThat(retries).hasSize(2);
        // Retry-After: 1 is a lower bound of the delay, whatever the backoff says
        // the simulator's 503 carries KART00003-E (busy): classified by its message id
        assertThat(retries.get(0).message()).contains("(KART00003-E), retry 1 in 1.0 s");
        assertThat(retries.get(1).message()).contains("retry 2 in 1.0 s");
    }

    @Test
    void plain503IsServiceUnavailableAndHonoursRetryAfter() throws Exception {
        admin.injectFault(new Fault("GET", PAIR_PATH, FaultKind.HTTP_503_PLAIN, 1, 0, 1));
        assertThat(run(OperationType.STATUS, ref("CG1", "p1")).outcome()).isEqualTo("NOT_FOUND");
        assertThat(events.messages(ProgressEvent.Kind.RETRY)).singleElement().asString()
                .contains("service unavailable (HTTP 503), retry 1 in 1.0 s");
    }

    @Test
    void a401IsAnsweredByOneReloginThenTheRequestSucceeds() throws Exception {
        admin.injectFault("GET", PAIR_PATH, FaultKind.HTTP_401, 1);
        assertThat(run(OperationType.STATUS, ref("CG1", "p1")).outcome()).isEqualTo("NOT_FOUND");
        assertThat(events.messages(ProgressEvent.Kind.INFO)).anyMatch(m -> m.contains("logging in again"));
        assertThat(admin.requestCount("POST", "/sessions$")).isEqualTo(2);
    }

    @Test
    void secondConsecutive401IsAnErrorNotALoop() {
        admin.injectFault("GET", PAIR_PATH, FaultKind.HTTP_401, 5);
        assertThatThrownBy(() -> run(OperationType.STATUS, ref("CG1", "p1")))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.REJECTED_BY_ARRAY);
                    assertThat(e.apiError().httpStatus()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("user name and password");
                });
        assertThat(admin.requestCount("POST", "/sessions$")).isEqualTo(2);
        assertThat(admin.requestCount("GET", PAIR_PATH)).isEqualTo(2);
        admin.clearFaults();
    }

    @Test
    void sessionCapIsRetriedHonouringRetryAfter() throws Exception {
        ClientOptions patient = SimSupport.clientOptions().retryPolicy(RetryPolicy.builder()
                .initialDelay(Duration.ofMillis(50)).maxDelay(Duration.ofMillis(400))
                .budget(ErrorClass.UNAVAILABLE, Duration.ofSeconds(60)).build()).build();
        try (VspSimulator small = VspSimulator.start(SimSupport.config().sessionLimit(2).build());
                ArrayAccess other = SimSupport.access(small);
                ArrayAccess mine = SimSupport.access(small, patient)) {
            // Someone else (another tool) holds every session of the array for a moment.
            VspSession a = other.client().openSession(null);
            VspSession b = other.client().openSession(null);
            a.copyGroups();
            b.copyGroups();
            assertThat(small.admin().openSessionCount()).isEqualTo(2);
            Thread release = new Thread(() -> {
                Awaitility.await("a rejected login").atMost(Duration.ofSeconds(30))
                        .until(() -> small.admin().requestCount("POST", "/sessions$") > 2);
                a.close();
                b.close();
            });
            release.start();
            PairInfo info = SimSupport.run(mine, events, OperationType.STATUS, ref("CG1", "p1"));
            release.join();
            assertThat(info.outcome()).isEqualTo("NOT_FOUND");
            assertThat(events.messages(ProgressEvent.Kind.RETRY)).anyMatch(m -> m.contains("KART40062-E")
                    && m.contains("in 5.0 s"));
            mine.close();
            other.close();
            SimSupport.assertNoOpenSessions(small);
        }
    }

    @Test
    void noSessionIsHeldAcrossARetryWaitLongerThanHalfItsAliveTime() throws Exception {
        access.close();
        access = SimSupport.access(sim, SimSupport.clientOptions().aliveTime(Duration.ofSeconds(2)).build());
        admin.injectFault(new Fault("GET", PAIR_PATH, FaultKind.HTTP_503, 1, 0, 2));
        assertThat(run(OperationType.STATUS, ref("CG1", "p1")).outcome()).isEqualTo("NOT_FOUND");
        List<RequestRecord> log = admin.requests();
        int faulted = indexOf(log, "GET", PAIR_PATH, 0);
        int discard = indexOf(log, "DELETE", "/sessions/", faulted);
        int relogin = indexOf(log, "POST", "/sessions$", faulted);
        assertThat(discard).as("session discarded before the 2 s wait").isGreaterThan(faulted);
        assertThat(relogin).as("new session after the wait").isGreaterThan(discard);
    }

    @Test
    void http500OnReadsIsRetried() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.injectFault("GET", PAIR_PATH, FaultKind.HTTP_500, 2);
        assertThat(run(OperationType.SPLIT, ref("CG1", "p1")).pvolStatus()).isEqualTo("PSUS");
        assertThat(events.messages(ProgressEvent.Kind.RETRY)).anyMatch(m -> m.contains("server error (KART"));
    }

    @Test
    void http500OnACreateIsNeverResentBlindlyThePairIsReadFirst() throws Exception {
        admin.injectFault("POST", "/local-clone-copypairs$", FaultKind.HTTP_500, 1);
        PairInfo info = create("CG1", "p1", 100, 101);
        assertThat(info.pvolStatus()).isEqualTo("PAIR");
        List<RequestRecord> log = admin.requests();
        int firstPost = indexOf(log, "POST", "/local-clone-copypairs$", 0);
        int secondPost = indexOf(log, "POST", "/local-clone-copypairs$", firstPost + 1);
        assertThat(firstPost).isNotNegative();
        assertThat(secondPost).isGreaterThan(firstPost);
        assertThat(indexOf(log, "GET", PAIR_PATH, firstPost + 1)).as("pair read between the two POSTs")
                .isBetween(firstPost + 1, secondPost);
        assertThat(events.messages(ProgressEvent.Kind.WARNING)).anyMatch(m -> m.contains("reading the pair back"));
    }

    @Test
    void lockErrorsAreRetriedEvenOnActions() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.injectFault("POST", "/actions/split/invoke", FaultKind.LOCK, 2);
        assertThat(run(OperationType.SPLIT, ref("CG1", "p1")).pvolStatus()).isEqualTo("PSUS");
        assertThat(events.messages(ProgressEvent.Kind.RETRY)).hasSize(2)
                .allMatch(m -> m.contains("resource locked (KART40050-E SSB1=2E11 SSB2=2205)"));
        assertThat(admin.requestCount("POST", "/actions/split/invoke")).isEqualTo(3);
    }

    @Test
    void busyIsRetried() throws Exception {
        admin.injectFault(new Fault("POST", "/local-clone-copypairs$", FaultKind.BUSY, 1, 0, 0));
        assertThat(create("CG1", "p1", 100, 101).pvolStatus()).isEqualTo("PAIR");
        assertThat(events.messages(ProgressEvent.Kind.RETRY)).singleElement().asString()
                .contains("array busy (KART00003-E), retry 1 in");
    }

    @Test
    void expiredTokenLeadsToOneReloginAndTheRequestSucceeds() throws Exception {
        create("CG1", "p1", 100, 101);
        List<String> relogins = new ArrayList<>();
        try (VspSession s = access.client().openSession(e -> relogins.add(e.kind() + " " + e.message()))) {
            PairId id = new PairId("CG1", null, null, "p1");
            assertThat(s.findPair(id)).isPresent();
            admin.expireAllTokens();
            assertThat(s.findPair(id)).isPresent();
        }
        assertThat(relogins).singleElement().asString().startsWith("RELOGIN").contains("HTTP 401");
        assertThat(admin.requestCount("POST", "/sessions$")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void droppedConnectionOnAReadIsRetried() throws Exception {
        create("CG1", "p1", 100, 101);
        access.statusReads().forget();
        admin.injectFault("GET", PAIR_PATH, FaultKind.DROP_CONNECTION, 1);
        assertThat(run(OperationType.STATUS, ref("CG1", "p1")).pvolStatus()).isEqualTo("PAIR");
        assertThat(events.messages(ProgressEvent.Kind.RETRY)).anyMatch(m -> m.contains("connection failed"));
    }

    @Test
    void lostAnswerToACreateIsReconciledByReadingThePairNotByResending() throws Exception {
        admin.injectFault("POST", "/local-clone-copypairs$", FaultKind.DROP_AFTER_PROCESSING, 1);
        PairInfo info = create("CG1", "p1", 100, 101);
        assertThat(info.pvolStatus()).isEqualTo("PAIR");
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).isEqualTo(1);
        assertThat(admin.pairs()).hasSize(1);
    }

    @Test
    void lostAnswerToASplitIsReconciled() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.injectFault("POST", "/actions/split/invoke", FaultKind.DROP_AFTER_PROCESSING, 1);
        PairInfo info = run(OperationType.SPLIT, ref("CG1", "p1"));
        assertThat(info.pvolStatus()).isEqualTo("PSUS");
        assertThat(info.outcome()).isEqualTo("SPLIT");
        assertThat(admin.requestCount("POST", "/actions/split/invoke")).isEqualTo(1);
    }

    @Test
    void droppedConnectionBeforeADeleteIsReconciled() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.injectFault("DELETE", PAIR_PATH, FaultKind.DROP_CONNECTION, 1);
        assertThat(run(OperationType.DELETE, ref("CG1", "p1")).outcome()).isEqualTo("DELETED");
        assertThat(admin.pairs()).isEmpty();
    }

    @Test
    void failedJobWithSsbCodesIsReportedWithAllItsDetails() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.failNextJobs(1, "KART30000-E", "2E31", "9A01");
        assertThatThrownBy(() -> run(OperationType.SPLIT, ref("CG1", "p1")))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.REJECTED_BY_ARRAY);
                    assertThat(e.category().exitCode()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("KART30000-E").contains("(SSB1=2E31, SSB2=9A01).")
                            .contains("Solution: ").contains("split CG1,CG1P_,CG1S_,p1").contains("pair status PAIR");
                    VspApiException api = e.apiError();
                    assertThat(api.messageId()).isEqualTo("KART30000-E");
                    assertThat(api.ssb1()).isEqualTo("2E31");
                    assertThat(api.ssb2()).isEqualTo("9A01");
                    assertThat(api.jobId()).isNotNull();
                    assertThat(api.getMessage()).startsWith("KART30000-E ").contains("[POST ")
                            .contains("/actions/split/invoke, job ");
                });
        assertThat(simPair("p1").pvolStatus()).isEqualTo("PAIR");
    }

    @Test
    void retriesStopAtTheBudgetOfTheirClassWithAClearError() throws Exception {
        access.close();
        access = SimSupport.access(sim, SimSupport.clientOptions().retryPolicy(RetryPolicy.builder()
                .initialDelay(Duration.ofMillis(50)).maxDelay(Duration.ofMillis(200))
                .budget(ErrorClass.BUSY, Duration.ofSeconds(1)).build()).build());
        admin.injectFault(new Fault("GET", PAIR_PATH, FaultKind.BUSY, 1000, 0, 0));
        assertThatThrownBy(() -> run(OperationType.STATUS, ref("CG1", "p1")))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.CONNECTION);
                    assertThat(e.getMessage()).contains("KART00003-E").contains("gave up after");
                });
        admin.clearFaults();
    }

    @Test
    void longRetriesAreHandedBackToTheEngineSoNoSessionIsHeldMeanwhile() throws Exception {
        access.close();
        access = SimSupport.access(sim, SimSupport.clientOptions().retryPolicy(RetryPolicy.builder()
                .initialDelay(Duration.ofMillis(50)).maxDelay(Duration.ofMillis(100)).jitter(0)
                .maxInCallWait(Duration.ofMillis(120)).budget(ErrorClass.BUSY, Duration.ofSeconds(30)).build()).build());
        create("CG1", "p1", 100, 101);
        admin.injectFault(new Fault("POST", "/actions/split/invoke", FaultKind.BUSY, 6, 0, 0));
        PairInfo info = run(OperationType.SPLIT, ref("CG1", "p1"));
        assertThat(info.outcome()).isEqualTo("SPLIT");
        assertThat(events.messages(ProgressEvent.Kind.RETRY)).anyMatch(m -> m.contains("no session held meanwhile"));
        assertThat(admin.requestCount("POST", "/actions/split/invoke")).isEqualTo(7);
        // every hand-back ended the step's session: more logins than one
        assertThat(admin.requestCount("POST", "/sessions$")).isGreaterThan(3);
    }

    @Test
    void retriesHandedBackStillStopAtTheClassBudget() throws Exception {
        access.close();
        access = SimSupport.access(sim, SimSupport.clientOptions().retryPolicy(RetryPolicy.builder()
                .initialDelay(Duration.ofMillis(50)).maxDelay(Duration.ofMillis(100)).jitter(0)
                .maxInCallWait(Duration.ofMillis(120)).budget(ErrorClass.BUSY, Duration.ofSeconds(1)).build()).build());
        admin.injectFault(new Fault("GET", PAIR_PATH, FaultKind.BUSY, 1000, 0, 0));
        assertThatThrownBy(() -> run(OperationType.STATUS, ref("CG1", "p1")))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.CONNECTION);
                    assertThat(e.getMessage()).contains("KART00003-E");
                });
        admin.clearFaults();
    }

    @Test
    void slowJobsArePolledByIdUntilDone() throws Exception {
        access.close();
        access = SimSupport.access(sim, SimSupport.clientOptions().responseMaxWait(Duration.ZERO).build());
        admin.slowNextJobs(1, Duration.ofMillis(1500));
        PairInfo info = create("CG1", "p1", 100, 101);
        assertThat(info.pvolStatus()).isEqualTo("PAIR");
        assertThat(admin.requestCount("GET", "/jobs/")).isGreaterThan(1);
        assertThat(events.messages(ProgressEvent.Kind.PHASE)).anyMatch(m -> m.contains("SUBMIT -> POLL_JOB"));
    }

    @Test
    void wrongPasswordFailsWithoutLeakingIt() {
        access.close();
        access = new ArrayAccess(SimSupport.endpoint(sim),
                io.jenkins.plugins.shadowimage.core.client.CredentialsSource.of(SimSupport.USER,
                        "Wrong-Pass-123456".toCharArray()), SimSupport.clientOptions().build());
        assertThatThrownBy(() -> run(OperationType.STATUS, ref("CG1", "p1")))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.getMessage()).contains("401").contains("user name and password")
                            .doesNotContain("Wrong-Pass-123456");
                });
    }

    private static int indexOf(List<RequestRecord> log, String method, String pathRegex, int from) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(pathRegex);
        for (int i = from; i < log.size(); i++) {
            RequestRecord r = log.get(i);
            if (r.method().equals(method) && p.matcher(r.path()).find()) {
                return i;
            }
        }
        return -1;
    }
}
