package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.awaitility.Awaitility;

/** Each fault kind through the Java admin API; the HTTP admin API is covered by {@link AdminApiTest}. */
class FaultInjectionTest {
    static final ManualClock CLOCK = new ManualClock();

    @RegisterExtension
    static VspSimulatorExtension sim = VspSimulatorExtension.create(SimTest.manual(CLOCK).http().build());

    Rest rest;

    @BeforeEach
    void login() {
        rest = new Rest(sim.simulator());
        rest.login();
        rest.waitForJobs();
    }

    @Test
    void http503WithRetryAfterForTheNextNMatchingRequests() {
        sim.admin().injectFault(new Fault("POST", "/local-clone-copypairs$", FaultKind.HTTP_503, 2, 0, 7));
        assertThat(rest.get(rest.objects + "/ldevs/100").status()).as("other requests pass").isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            Rest.Resp r = rest.createPair("G", "p", 100, 101, true);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).contains("7");
            assertThat(r.json().has("messageId")).isTrue();
        }
        assertThat(sim.admin().pairs()).as("a faulted request changes nothing").isEmpty();
        assertThat(rest.createPair("G", "p", 100, 101, true).status()).isEqualTo(202);
        assertThat(sim.admin().pendingFaults()).isEmpty();
    }

    @Test
    void plain503WithoutABody() {
        sim.admin().injectFault(new Fault("GET", "/ldevs/", FaultKind.HTTP_503_PLAIN, 1, 0, 4));
        Rest.Resp r = rest.get(rest.objects + "/ldevs/100");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("4");
        assertThat(r.text()).isEmpty();
        assertThat(rest.get(rest.objects + "/ldevs/100").status()).isEqualTo(200);
    }

    @Test
    void http401WhileTheSessionStaysValid() {
        sim.admin().injectFault("GET", "/ldevs/", FaultKind.HTTP_401, 2);
        for (int i = 0; i < 2; i++) {
            Rest.Resp r = rest.get(rest.objects + "/ldevs/100");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.str("message")).contains("The specified token is invalid");
        }
        assertThat(sim.admin().openSessionCount()).isEqualTo(1);
        assertThat(rest.get(rest.objects + "/ldevs/100").status()).as("same token").isEqualTo(200);
    }

    @Test
    void http500() {
        sim.admin().injectFault("GET", "/ldevs/", FaultKind.HTTP_500, 1);
        Rest.Resp r = rest.get(rest.objects + "/ldevs/100");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().get("errorSource").asText()).endsWith("/ldevs/100");
        assertThat(rest.get(rest.objects + "/ldevs/100").status()).isEqualTo(200);
    }

    @Test
    void lockError() {
        sim.admin().injectFault("*", "split/invoke", FaultKind.LOCK, 1);
        rest.createPair("G", "p", 100, 101, true);
        Rest.Resp r = rest.pairAction("G", "p", "split", Map.of());
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.str("messageId")).isEqualTo("KART40050-E");
        assertThat(r.json().get("errorCode").get("SSB1").asText()).isEqualTo("2E11");
        assertThat(r.json().get("errorCode").get("SSB2").asText()).isEqualTo("2205");
        assertThat(r.str("solutionType")).isEqualTo("RETRY");
        sim.admin().injectFault(new Fault(null, "split/invoke", FaultKind.LOCK, 1, 503, 1));
        assertThat(rest.pairAction("G", "p", "split", Map.of()).status()).isEqualTo(503);
        assertThat(rest.pairAction("G", "p", "split", Map.of()).status()).isEqualTo(202);
    }

    @Test
    void busy() {
        sim.admin().injectFault(null, "/sessions", FaultKind.BUSY, 1);
        Rest other = new Rest(sim.simulator()).basic("user1", "pass1");
        Rest.Resp r = other.post(other.objects + "/sessions", null);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.str("messageId")).isEqualTo("KART00003-E");
        assertThat(other.post(other.objects + "/sessions", null).status()).isEqualTo(200);
    }

    @Test
    void droppedConnectionBeforeProcessing() {
        sim.admin().injectFault("POST", "/local-clone-copypairs$", FaultKind.DROP_CONNECTION, 1);
        assertThatThrownBy(() -> rest.createPair("G", "p", 100, 101, true)).isInstanceOf(UncheckedIOException.class);
        assertThat(sim.admin().pairs()).isEmpty();
        assertThat(sim.admin().requests()).anyMatch(q -> q.status() == 0 && q.method().equals("POST"));
    }

    @Test
    void droppedConnectionAfterProcessingLeavesThePairCreated() {
        sim.admin().injectFault("POST", "/local-clone-copypairs$", FaultKind.DROP_AFTER_PROCESSING, 1);
        assertThatThrownBy(() -> rest.createPair("G", "p", 100, 101, true)).isInstanceOf(UncheckedIOException.class);
        assertThat(sim.admin().pairs()).hasSize(1);
        assertThat(rest.pair("G", "p").status()).isEqualTo(200);
        // Blindly re-posting the create now fails: the client must look the pair up first.
        assertThat(rest.createPair("G", "p", 100, 101, true).str("state")).isEqualTo("Failed");
    }

    @Test
    void expireAllTokens() {
        sim.admin().expireAllTokens();
        Rest.Resp r = rest.get(rest.objects + "/ldevs/100");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.str("message")).contains("The specified token is invalid");
    }

    @Test
    void failNextJobsWithGivenCodesAndNoEffect() {
        sim.admin().failNextJobs(2, "KART30000-E", "B958", "0233");
        for (int i = 0; i < 2; i++) {
            JsonNode job = rest.createPair("G", "p", 100, 101, true).json();
            assertThat(job.get("state").asText()).isEqualTo("Failed");
            assertThat(job.get("error").get("messageId").asText()).isEqualTo("KART30000-E");
            assertThat(job.get("error").get("errorCode").get("SSB1").asText()).isEqualTo("B958");
            assertThat(job.get("error").get("errorCode").get("SSB2").asText()).isEqualTo("0233");
            assertThat(job.get("error").get("detailCode").asText()).isEqualTo("30000E-2-B958-0233");
        }
        assertThat(sim.admin().pairs()).isEmpty();
        assertThat(rest.createPair("G", "p", 100, 101, true).str("state")).isEqualTo("Succeeded");
        sim.admin().failNextJobs(1, "KART40052-E", "2E11", "2207");
        JsonNode job = rest.pairAction("G", "p", "split", Map.of()).json();
        assertThat(job.get("error").get("messageId").asText()).isEqualTo("KART40052-E");
        assertThat(job.get("error").get("solutionType").asText()).isEqualTo("RETRY");
        assertThat(rest.pair("G", "p").json().get("pvolStatus").asText()).isEqualTo("COPY");
    }

    @Test
    void slowJobs() throws Exception {
        sim.admin().slowNextJobs(1, Duration.ofSeconds(30));
        rest.header("Response-Job-Status", null);
        long slow = rest.createPair("G", "p", 100, 101, true).json().get("jobId").asLong();
        long fast = rest.createPair("H", "p", 102, 103, true).json().get("jobId").asLong();
        assertThat(rest.job(slow).str("status")).isNotEqualTo("Completed");
        assertThat(rest.job(fast).str("status")).isEqualTo("Completed");
        CLOCK.advance(Duration.ofSeconds(30));
        assertThat(rest.job(slow).str("status")).isEqualTo("Completed");

        sim.admin().slowJobs(Duration.ofSeconds(5));
        long a = rest.pairAction("G", "p", "split", Map.of()).json().get("jobId").asLong();
        long b = rest.pairAction("H", "p", "split", Map.of()).json().get("jobId").asLong();
        assertThat(rest.job(a).str("status")).isNotEqualTo("Completed");
        assertThat(rest.job(b).str("status")).isNotEqualTo("Completed");
        // A held response waits for the slow job.
        rest.waitForJobs();
        CompletableFuture<Rest.Resp> held = CompletableFuture.supplyAsync(() -> rest.pairAction("G", "p", "resync", Map.of()));
        Awaitility.await("the resync job").atMost(Duration.ofSeconds(60)).until(() -> sim.admin().jobs().size() == 5);
        assertThat(held).isNotDone();
        CLOCK.advance(Duration.ofSeconds(5));
        assertThat(held.get(60, TimeUnit.SECONDS).str("state")).isEqualTo("Succeeded");
        sim.admin().slowJobs(Duration.ZERO);
        assertThat(rest.pairAction("H", "p", "resync", Map.of()).str("state")).isEqualTo("Succeeded");
    }

    @Test
    void faultsCanBeArmedAtStartAndEveryResetReArmsThem() {
        try (VspSimulator s = VspSimulator.start(SimTest.manual(CLOCK).http()
                .addFault(Fault.of("GET", "/ldevs/", FaultKind.HTTP_500, 1))
                .failFirstJobs(1, "KART40050-E", "2E11", "2205")
                .slowJobs(Duration.ofSeconds(3)).build())) {
            for (int round = 0; round < 2; round++) {
                Rest r = new Rest(s);
                r.login();
                assertThat(r.get(r.objects + "/ldevs/100").status()).isEqualTo(500);
                assertThat(r.get(r.objects + "/ldevs/100").status()).isEqualTo(200);
                long failed = r.createPair("G", "p", 100, 101, true).json().get("jobId").asLong();
                long slow = r.createPair("G", "p", 100, 101, true).json().get("jobId").asLong();
                assertThat(r.job(slow).str("status")).isNotEqualTo("Completed");
                CLOCK.advance(Duration.ofSeconds(3));
                assertThat(r.job(failed).json().get("error").get("messageId").asText()).isEqualTo("KART40050-E");
                assertThat(r.job(slow).str("state")).isEqualTo("Succeeded");
                s.admin().reset();
            }
        }
    }

    @Test
    void aPairCanFailIntoPsueAndReportUnknownStatuses() {
        rest.createPair("G", "p", 100, 101, true);
        CLOCK.advance(Duration.ofMillis(200));
        int progress = rest.pair("G", "p").json().get("copyProgressRate").asInt();
        sim.admin().suspendPair(Rest.pairId("G", "p"));
        JsonNode p = rest.pair("G", "p").json();
        assertThat(p.get("pvolStatus").asText()).isEqualTo("PSUE");
        assertThat(p.get("svolStatus").asText()).isEqualTo("PSUE");
        assertThat(p.get("copyProgressRate").asInt()).isEqualTo(progress);
        CLOCK.advance(Duration.ofSeconds(60));
        assertThat(rest.pair("G", "p").json().get("pvolStatus").asText()).isEqualTo("PSUE");

        assertThat(rest.pairAction("G", "p", "resync", Map.of()).str("state")).isEqualTo("Succeeded");
        sim.admin().overrideReportedStatus(Rest.pairId("G", "p"), "SMPP", "XYZ");
        p = rest.pair("G", "p").json();
        assertThat(p.get("pvolStatus").asText()).isEqualTo("SMPP");
        assertThat(p.get("svolStatus").asText()).isEqualTo("XYZ");
        CLOCK.advance(Duration.ofSeconds(60));
        sim.admin().overrideReportedStatus(Rest.pairId("G", "p"), null, null);
        assertThat(rest.pair("G", "p").json().get("pvolStatus").asText()).as("the state machine ran on").isEqualTo("PAIR");

        Rest admin = new Rest(sim.simulator());
        assertThat(admin.post("/simulator/pairs/suspend", Map.of("pairId", Rest.pairId("G", "p"))).status()).isEqualTo(200);
        assertThat(rest.pair("G", "p").json().get("pvolStatus").asText()).isEqualTo("PSUE");
        assertThat(admin.post("/simulator/pairs/reported-status", Map.of("pairId", Rest.pairId("G", "p"),
                "pvolStatus", "PFUL")).status()).isEqualTo(200);
        assertThat(rest.pair("G", "p").json().get("svolStatus").asText()).isEqualTo("PFUL");
        assertThat(admin.post("/simulator/pairs/suspend", Map.of("pairId", "nope")).status()).isEqualTo(400);
    }

    @Test
    void resetClearsEverything() {
        rest.createPair("G", "p", 100, 101, true);
        sim.admin().injectFault(null, ".", FaultKind.HTTP_500, 5);
        sim.admin().setTimeScale(7);
        sim.admin().reset();
        assertThat(sim.admin().pairs()).isEmpty();
        assertThat(sim.admin().jobs()).isEmpty();
        assertThat(sim.admin().openSessionCount()).isZero();
        assertThat(sim.admin().pendingFaults()).isEmpty();
        assertThat(sim.admin().requests()).isEmpty();
        assertThat(sim.admin().timeScale()).isEqualTo(1.0);
    }

    @Test
    void requestLogAndCounters() {
        sim.admin().clearRequestLog();
        rest.get(rest.objects + "/ldevs/100");
        rest.get(rest.objects + "/ldevs/101");
        rest.createPair("G", "p", 100, 101, true);
        rest.get(rest.objects + "/local-clone-copypairs/G%2CGP_%2CGS_%2Cp");
        assertThat(sim.admin().requestCount("GET", "/ldevs/\\d+$")).isEqualTo(2);
        assertThat(sim.admin().requestCount(null, "/local-clone-copypairs/G,GP_,GS_,p$")).isEqualTo(1);
        assertThat(sim.admin().requestCounters()).containsEntry("GET /ldevs/{id}", 2L)
                .containsEntry("POST /local-clone-copypairs", 1L)
                .containsEntry("GET /local-clone-copypairs/{id}", 1L);
        RequestRecord last = sim.admin().requests().get(3);
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.userId()).isEqualTo("user1");
        assertThat(sim.admin().requests().toString()).doesNotContain("pass1").doesNotContain("Session ");
    }
}
