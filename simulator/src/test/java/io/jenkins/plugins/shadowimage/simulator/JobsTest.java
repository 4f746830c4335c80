package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.awaitility.Awaitility;

/** Jobs on a manual clock: every job takes exactly 4 simulated seconds (queued for the first second). */
class JobsTest {
    static final ManualClock CLOCK = new ManualClock();

    @RegisterExtension
    static VspSimulatorExtension sim = VspSimulatorExtension.create(SimulatorConfig.builder().clock(CLOCK).http()
            .jobDuration(Duration.ofSeconds(4)).jobRetention(5).maxResponseWait(Duration.ofSeconds(60)).build());

    Rest rest;

    @BeforeEach
    void login() {
        rest = new Rest(sim.simulator());
        rest.login();
    }

    @Test
    void asyncRequestGives202AndAJobThatMovesThroughItsStates() {
        String body = "{\"copyGroupName\":\"G\",\"copyPairName\":\"p\",\"replicationType\":\"SI\","
                + "\"pvolLdevId\":100,\"svolLdevId\":101,\"isNewGroupCreation\":true}";
        Rest.Resp accepted = rest.post(rest.objects + "/local-clone-copypairs", body);
        assertThat(accepted.status()).isEqualTo(202);
        JsonNode job = accepted.json();
        long id = job.get("jobId").asLong();
        assertThat(job.get("self").asText()).isEqualTo("/ConfigurationManager/v1/objects/jobs/" + id);
        assertThat(job.get("userId").asText()).isEqualTo("user1");
        assertThat(job.get("status").asText()).isEqualTo("Initializing");
        assertThat(job.get("state").asText()).isEqualTo("Queued");
        assertThat(job.get("createdTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(job.has("updatedTime")).isTrue();
        assertThat(job.has("completedTime")).isFalse();
        assertThat(job.get("request").get("requestUrl").asText()).isEqualTo("/ConfigurationManager/v1/objects/local-clone-copypairs");
        assertThat(job.get("request").get("requestMethod").asText()).isEqualTo("POST");
        assertThat(job.get("request").get("requestBody").asText()).isEqualTo(body);
        assertThat(job.has("affectedResources")).isFalse();

        CLOCK.advance(Duration.ofSeconds(1));
        JsonNode running = rest.job(id).json();
        assertThat(running.get("status").asText()).isEqualTo("Running");
        assertThat(running.get("state").asText()).isEqualTo("Started");
        assertThat(running.has("completedTime")).isFalse();

        CLOCK.advance(Duration.ofSeconds(3));
        JsonNode done = rest.job(id).json();
        assertThat(done.get("status").asText()).isEqualTo("Completed");
        assertThat(done.get("state").asText()).isEqualTo("Succeeded");
        assertThat(done.has("completedTime")).isTrue();
        assertThat(done.has("error")).isFalse();
        assertThat(done.get("affectedResources").get(0).asText()).endsWith("/local-clone-copypairs/" + Rest.pairId("G", "p"));
    }

    @Test
    void jobIdsIncreaseAndJobsCanBeListed() {
        long a = rest.createPair("G", "p", 100, 101, true).json().get("jobId").asLong();
        long b = rest.createPair("H", "p", 102, 103, true).json().get("jobId").asLong();
        assertThat(b).isGreaterThan(a);
        JsonNode list = rest.get(rest.objects + "/jobs").json().get("data");
        assertThat(list).extracting(j -> j.get("jobId").asLong()).contains(a, b);
        assertThat(rest.job(999_999).status()).isEqualTo(404);
        assertThat(rest.get(rest.objects + "/jobs/abc").status()).isEqualTo(400);
    }

    @Test
    void onlyTheLastNJobsAreKept() {
        long first = -1;
        for (int i = 0; i < 7; i++) {
            Rest.Resp r = rest.pairAction("G", "missing", "split", null);
            assertThat(r.status()).isEqualTo(404);
        }
        for (int i = 0; i < 7; i++) {
            long id = rest.createPair("G" + i, "p", 100 + 2 * i, 101 + 2 * i, true).json().get("jobId").asLong();
            if (first < 0) {
                first = id;
            }
        }
        assertThat(rest.get(rest.objects + "/jobs").json().get("data")).hasSize(5);
        assertThat(rest.job(first).status()).isEqualTo(404);
        assertThat(rest.job(first + 6).status()).isEqualTo(200);
    }

    @Test
    void responseJobStatusHoldsTheResponseUntilTheJobCompletes() throws Exception {
        rest.waitForJobs();
        CompletableFuture<Rest.Resp> pending = CompletableFuture.supplyAsync(() -> rest.createPair("G", "p", 100, 101, true));
        Awaitility.await("the job to be created").atMost(Duration.ofSeconds(60))
                .until(() -> !sim.admin().jobs().isEmpty());
        assertThat(pending).isNotDone();
        CLOCK.advance(Duration.ofSeconds(4));
        Rest.Resp r = pending.get(60, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.str("status")).isEqualTo("Completed");
        assertThat(r.str("state")).isEqualTo("Succeeded");
        assertThat(r.json().get("affectedResources")).hasSize(1);
    }

    @Test
    void responseJobStatusWithATrailingSemicolonWorksToo() throws Exception {
        rest.header("Response-Job-Status", "Completed;");
        CompletableFuture<Rest.Resp> pending = CompletableFuture.supplyAsync(() -> rest.createPair("G", "p", 100, 101, true));
        Awaitility.await("the job to be created").atMost(Duration.ofSeconds(60))
                .until(() -> !sim.admin().jobs().isEmpty());
        CLOCK.advance(Duration.ofSeconds(4));
        assertThat(pending.get(60, TimeUnit.SECONDS).str("state")).isEqualTo("Succeeded");
    }

    @Test
    void responseMaxWaitCapsTheHoldAndReturnsTheRunningJob() {
        rest.waitForJobs().header("Response-Max-Wait", "1");
        Rest.Resp r = rest.createPair("G", "p", 100, 101, true);
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.str("status")).isEqualTo("Initializing");
        assertThat(r.json().has("completedTime")).isFalse();
    }

    @Test
    void aJobReadWithResponseJobStatusIsHeldUntilTheJobCompletes() throws Exception {
        long id = rest.createPair("G", "p", 100, 101, true).json().get("jobId").asLong();
        rest.waitForJobs();
        CompletableFuture<Rest.Resp> pending = CompletableFuture.supplyAsync(() -> rest.job(id));
        Awaitility.await("the job read to be held").atMost(Duration.ofSeconds(60)).until(() -> sim.admin().heldResponseCount() == 1 || pending.isDone());
        assertThat(pending).isNotDone();
        CLOCK.advance(Duration.ofSeconds(4));
        Rest.Resp r = pending.get(60, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.str("status")).isEqualTo("Completed");
        assertThat(r.str("state")).isEqualTo("Succeeded");
    }

    @Test
    void aJobReadOfACompletedJobIsAnsweredAtOnceAndTheCapReturnsARunningOne() {
        long id = rest.createPair("G", "p", 100, 101, true).json().get("jobId").asLong();
        rest.waitForJobs().header("Response-Max-Wait", "1");
        assertThat(rest.job(id).str("status")).isEqualTo("Initializing");
        CLOCK.advance(Duration.ofSeconds(4));
        assertThat(rest.job(id).str("status")).isEqualTo("Completed");
    }

    @Test
    void anArrayThatIgnoresResponseJobStatusAnswersAtOnce() {
        try (VspSimulator s = VspSimulator.start(SimulatorConfig.builder().clock(CLOCK).http()
                .jobDuration(Duration.ofSeconds(4)).responseJobStatusHonoured(false).build())) {
            Rest r = new Rest(s);
            r.login();
            r.waitForJobs();
            Rest.Resp accepted = r.createPair("G", "p", 100, 101, true);
            assertThat(accepted.status()).isEqualTo(202);
            assertThat(accepted.str("status")).isEqualTo("Initializing");
            assertThat(r.job(accepted.json().get("jobId").asLong()).str("status")).isEqualTo("Initializing");
        }
    }

    @Test
    void failedJobCarriesTheErrorObject() {
        rest.createPair("G", "p", 100, 101, true);
        CLOCK.advance(Duration.ofSeconds(4));
        Rest.Resp r = rest.pairAction("G", "p", "restore", Map.of());
        CLOCK.advance(Duration.ofSeconds(4));
        JsonNode job = rest.job(r.json().get("jobId").asLong()).json();
        assertThat(job.get("state").asText()).isEqualTo("Failed");
        JsonNode e = job.get("error");
        assertThat(e.get("errorSource").asText()).endsWith("/actions/restore/invoke");
        assertThat(e.get("messageId").asText()).isEqualTo("KART30000-E");
        assertThat(e.get("message").asText()).isNotBlank();
        assertThat(e.get("cause").asText()).contains("PAIR").doesNotContain("null");
        assertThat(e.get("solution").asText()).isNotBlank();
        assertThat(e.get("solutionType").asText()).isEqualTo("SEE_ERROR_DETAIL");
        assertThat(e.get("errorCode").get("SSB1").asText()).isEqualTo("2E31");
        assertThat(e.get("errorCode").get("SSB2").asText()).isEqualTo("9A01");
        assertThat(e.get("detailCode").asText()).isEqualTo("30000E-2-2E31-9A01");
        assertThat(job.has("affectedResources")).isFalse();
    }

    @Test
    void randomJobDurationsStayInTheirRange() {
        try (VspSimulator s = VspSimulator.start(SimulatorConfig.builder().clock(CLOCK).http()
                .jobDuration(Duration.ofSeconds(2), Duration.ofSeconds(3)).build())) {
            Rest r = new Rest(s);
            r.login();
            long[] ids = new long[10];
            for (int i = 0; i < 10; i++) {
                ids[i] = r.createPair("G" + i, "p", 100 + 2 * i, 101 + 2 * i, true).json().get("jobId").asLong();
            }
            CLOCK.advance(Duration.ofMillis(1999));
            for (long id : ids) {
                assertThat(r.job(id).str("status")).isNotEqualTo("Completed");
            }
            CLOCK.advance(Duration.ofMillis(1001));
            for (long id : ids) {
                assertThat(r.job(id).str("status")).isEqualTo("Completed");
            }
        }
    }

    @Test
    void lockedJobsFailWithALockErrorTheClientMayRetryAndAreNotApplied() {
        sim.simulator().admin().lockNextJobs(1);
        long id = rest.createPair("G", "p", 100, 101, true).json().get("jobId").asLong();
        CLOCK.advance(Duration.ofSeconds(4));
        JsonNode job = rest.job(id).json();
        assertThat(job.get("state").asText()).isEqualTo("Failed");
        JsonNode e = job.get("error");
        assertThat(e.get("messageId").asText()).isEqualTo("KART30000-E");
        assertThat(e.get("errorCode").get("SSB1").asText()).isEqualTo("2E11");
        assertThat(e.get("errorCode").get("SSB2").asText()).isEqualTo("2205");
        assertThat(e.get("solutionType").asText()).isEqualTo("RETRY");
        assertThat(sim.simulator().admin().pairs()).isEmpty();
    }

    @Test
    void unknownJobsCompleteWithoutAnErrorAppliedOrNot() {
        sim.simulator().admin().unknownNextJobs(1, true);
        sim.simulator().admin().unknownNextJobs(1, false);
        long applied = rest.createPair("G", "p", 100, 101, true).json().get("jobId").asLong();
        long notApplied = rest.createPair("H", "p", 102, 103, true).json().get("jobId").asLong();
        CLOCK.advance(Duration.ofSeconds(4));
        for (long id : new long[] {applied, notApplied}) {
            JsonNode job = rest.job(id).json();
            assertThat(job.get("status").asText()).isEqualTo("Completed");
            assertThat(job.get("state").asText()).isEqualTo("Unknown");
            assertThat(job.has("error")).isFalse();
            assertThat(job.has("affectedResources")).isFalse();
        }
        assertThat(sim.simulator().admin().pairs()).extracting(SimulatorAdmin.PairInfo::copyGroupName)
                .containsExactly("G");
    }

    @Test
    void foreignAffectedResourcesNameAnotherObject() {
        sim.simulator().admin().foreignAffectedResources(1, null);
        sim.simulator().admin().foreignAffectedResources(1, "ldevs/999");
        long derived = rest.createPair("G", "p", 100, 101, true).json().get("jobId").asLong();
        long given = rest.createPair("H", "p", 102, 103, true).json().get("jobId").asLong();
        CLOCK.advance(Duration.ofSeconds(4));
        assertThat(rest.job(derived).json().get("affectedResources").get(0).asText())
                .isEqualTo("/ConfigurationManager/v1/objects/local-clone-copypairs/G,GP_,GS_,p-other");
        assertThat(rest.job(given).json().get("affectedResources").get(0).asText())
                .isEqualTo("/ConfigurationManager/v1/objects/ldevs/999");
        assertThat(rest.job(given).str("state")).isEqualTo("Succeeded");
        assertThat(sim.simulator().admin().pairs()).hasSize(2);
    }

    @Test
    void jobsStayRunningForTheWholeCopyWhenNoWaitIsIgnored() {
        for (boolean honoured : new boolean[] {true, false}) {
            try (VspSimulator s = VspSimulator.start(SimulatorConfig.builder().clock(CLOCK).http()
                    .jobDuration(Duration.ofSeconds(1)).siJobCompletion(SimulatorConfig.SiJobCompletion.ON_TARGET_STATUS)
                    .noWaitHonoured(honoured).build())) {
                Rest r = new Rest(s);
                r.login();
                r.header("Job-Mode-Wait-Configuration-Change", "NoWait");
                Map<String, Object> body = new java.util.HashMap<>(Rest.createBody("G", "p", 100, 101, true));
                body.put("copyPace", 1);
                long id = r.post(r.objects + "/local-clone-copypairs", body).json().get("jobId").asLong();
                // 1 GiB at pace 1 (512 MiB/s) takes 2 s; the job alone 1 s.
                CLOCK.advance(Duration.ofMillis(1500));
                assertThat(r.pair("G", "p").json().get("pvolStatus").asText()).isEqualTo("COPY");
                assertThat(r.job(id).str("status")).isEqualTo(honoured ? "Completed" : "Running");
                CLOCK.advance(Duration.ofSeconds(1));
                assertThat(r.job(id).str("state")).isEqualTo("Succeeded");
            }
        }
    }
}
