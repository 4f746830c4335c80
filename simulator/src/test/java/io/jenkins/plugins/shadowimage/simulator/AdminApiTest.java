package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.awaitility.Awaitility;
import java.time.Duration;

/** The HTTP admin API under /simulator/ (over HTTPS, as a test in another language would use it). */
class AdminApiTest {
    @RegisterExtension
    static VspSimulatorExtension sim = VspSimulatorExtension.create(SimulatorConfig.builder()
            .jobDuration(java.time.Duration.ZERO).build());

    @Test
    void stateSessionsRequestsPairsJobs() {
        Rest r = new Rest(sim.simulator());
        r.login();
        r.waitForJobs();
        r.createPair("G", "p", 100, 101, true);
        Rest admin = new Rest(sim.simulator());
        JsonNode state = admin.get("/simulator/state").json();
        assertThat(state.get("storageDeviceId").asText()).isEqualTo("934000400123");
        assertThat(state.get("openSessions").asInt()).isEqualTo(1);
        assertThat(state.get("pairs").asInt()).isEqualTo(1);
        JsonNode sessions = admin.get("/simulator/sessions").json();
        assertThat(sessions.get("count").asInt()).isEqualTo(1);
        assertThat(sessions.toString()).doesNotContain("token");
        JsonNode requests = admin.get("/simulator/requests").json();
        assertThat(requests.get("requests")).hasSize(2);
        assertThat(requests.get("counters").get("POST /local-clone-copypairs").asInt()).isEqualTo(1);
        assertThat(admin.get("/simulator/pairs").json().get("data").get(0).get("pairId").asText()).isEqualTo("G,GP_,GS_,p");
        assertThat(admin.get("/simulator/copygroups").json().get("data")).hasSize(1);
        assertThat(admin.get("/simulator/jobs").json().get("data")).hasSize(1);
        assertThat(admin.get("/simulator/requests/count?method=POST&path=%2Flocal-clone-copypairs%24").json()
                .get("count").asInt()).isEqualTo(1);
        assertThat(admin.get("/simulator/requests/count?path=sessions").json().get("count").asInt()).isEqualTo(1);
        assertThat(admin.delete("/simulator/requests", null).status()).isEqualTo(200);
        assertThat(sim.admin().requests()).isEmpty();
        assertThat(admin.post("/simulator/sessions/expire", null).status()).isEqualTo(200);
        assertThat(sim.admin().openSessionCount()).isZero();
        assertThat(admin.get("/simulator/nothing").status()).isEqualTo(404);
    }

    @Test
    void faultsOverHttp() {
        Rest admin = new Rest(sim.simulator());
        assertThat(admin.post("/simulator/faults", Map.of("method", "GET", "path", "/ldevs/", "kind", "http_503",
                "count", 1, "retryAfter", 3)).status()).isEqualTo(200);
        assertThat(admin.get("/simulator/faults").json().get("data")).hasSize(1);
        Rest r = new Rest(sim.simulator());
        r.login();
        Rest.Resp faulted = r.get(r.objects + "/ldevs/100");
        assertThat(faulted.status()).isEqualTo(503);
        assertThat(faulted.headers().firstValue("Retry-After")).contains("3");
        assertThat(admin.post("/simulator/faults", Map.of("kind", "NOPE")).status()).isEqualTo(400);
        admin.post("/simulator/faults", Map.of("path", ".", "kind", "HTTP_500", "count", 3));
        assertThat(admin.delete("/simulator/faults", null).status()).isEqualTo(200);
        assertThat(r.get(r.objects + "/ldevs/100").status()).isEqualTo(200);

        admin.post("/simulator/jobs/fail", Map.of("count", 1, "messageId", "KART40050-E", "ssb1", "2E11", "ssb2", "2205"));
        r.waitForJobs();
        JsonNode job = r.createPair("G", "p", 100, 101, true).json();
        assertThat(job.get("error").get("messageId").asText()).isEqualTo("KART40050-E");

        admin.post("/simulator/time-scale", Map.of("timeScale", 0.001));
        assertThat(admin.get("/simulator/time-scale").json().get("timeScale").asDouble()).isEqualTo(0.001);
        admin.post("/simulator/jobs/slow", Map.of("extraMillis", 60_000, "count", 1));
        r.header("Response-Job-Status", null);
        assertThat(r.createPair("G", "p", 100, 101, true).str("status")).isNotEqualTo("Completed");
        assertThat(admin.post("/simulator/reset", null).status()).isEqualTo(200);
        assertThat(sim.admin().jobs()).isEmpty();
        assertThat(sim.admin().timeScale()).isEqualTo(1.0);
    }

    @Test
    void jobModesOverHttp() {
        Rest admin = new Rest(sim.simulator());
        Rest r = new Rest(sim.simulator());
        r.login();
        r.waitForJobs();
        assertThat(admin.post("/simulator/jobs/lock", Map.of("count", 1)).status()).isEqualTo(200);
        JsonNode locked = r.createPair("G", "p", 100, 101, true).json();
        assertThat(locked.get("error").get("solutionType").asText()).isEqualTo("RETRY");
        assertThat(locked.get("error").get("errorCode").get("SSB1").asText()).isEqualTo("2E11");
        admin.post("/simulator/jobs/unknown", Map.of("count", 1, "applied", false));
        assertThat(r.createPair("G", "p", 100, 101, true).str("state")).isEqualTo("Unknown");
        assertThat(sim.admin().pairs()).isEmpty();
        admin.post("/simulator/jobs/foreign-affected-resources", Map.of("count", 1, "resource", "ldevs/999"));
        JsonNode foreign = r.createPair("G", "p", 100, 101, true).json();
        assertThat(foreign.get("affectedResources").get(0).asText()).endsWith("/ldevs/999");
        assertThat(sim.admin().pairs()).hasSize(1);
    }

    @Test
    void aTokenGuardsTheAdminApiWhenConfigured() {
        try (VspSimulator s = VspSimulator.start(SimulatorConfig.builder().http().adminToken("t0k3n").build())) {
            Rest anon = new Rest(s);
            assertThat(anon.get("/simulator/state").status()).isEqualTo(403);
            assertThat(anon.header("X-Simulator-Admin-Token", "wrong").get("/simulator/state").status()).isEqualTo(403);
            assertThat(anon.header("X-Simulator-Admin-Token", "t0k3n").get("/simulator/state").status()).isEqualTo(200);
        }
    }

    @Test
    void requestLatencyDelaysRestCallsButNotAdminCalls() throws Exception {
        Rest admin = new Rest(sim.simulator());
        assertThat(admin.post("/simulator/latency", Map.of("minMillis", 600_000, "maxMillis", 600_000)).status())
                .isEqualTo(200);
        java.util.concurrent.CompletableFuture<Rest.Resp> version = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> new Rest(sim.simulator()).get("/ConfigurationManager/configuration/version"));
        Awaitility.await("the REST call to arrive").atMost(Duration.ofSeconds(60))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("vsp-simulator-" + sim.simulator().port() + "-")
                        && java.util.Arrays.stream(t.getStackTrace())
                                .anyMatch(f -> f.getMethodName().equals("simulateLatency"))));
        // The admin API is never delayed; the REST call waits for its ten minutes...
        assertThat(admin.get("/simulator/state").status()).isEqualTo(200);
        assertThat(version).isNotDone();
        // ...until the latency is lowered, which releases it.
        sim.admin().setRequestLatency(java.time.Duration.ZERO, java.time.Duration.ZERO);
        assertThat(version.get(60, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(admin.post("/simulator/latency", Map.of("minMillis", 5, "maxMillis", 1)).status()).isEqualTo(400);
    }

    @Test
    void pathsOutsideTheApiGetAJsonError() {
        Rest.Resp r = new Rest(sim.simulator()).get("/elsewhere");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.str("messageId")).isEqualTo("KART20009-E");
    }

    @Test
    void theAdminApiIsNotPartOfTheRestApi() {
        Rest r = new Rest(sim.simulator());
        r.login();
        assertThat(r.get("/ConfigurationManager/simulator/state").status()).isEqualTo(404);
        assertThat(r.get("/ConfigurationManager/v1/objects/simulator").status()).isEqualTo(404);
    }
}
