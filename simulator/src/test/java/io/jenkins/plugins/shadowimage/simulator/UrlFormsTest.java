package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UrlFormsTest {
    @RegisterExtension
    static VspSimulatorExtension sim = VspSimulatorExtension.create(SimulatorConfig.builder().http()
            .jobDuration(java.time.Duration.ZERO).build());

    @Test
    void versionAndStorageListNeedNoAuthorization() {
        Rest r = new Rest(sim.simulator());
        Rest.Resp v = r.get("/ConfigurationManager/configuration/version");
        assertThat(v.status()).isEqualTo(200);
        assertThat(v.str("productName")).isEqualTo("Configuration Manager REST API");
        assertThat(v.str("apiVersion")).isEqualTo("1.31.0");
        Rest.Resp s = r.get("/ConfigurationManager/v1/objects/storages");
        assertThat(s.status()).isEqualTo(200);
        JsonNode storage = s.json().get("data").get(0);
        assertThat(storage.get("storageDeviceId").asText()).isEqualTo("934000400123");
        assertThat(storage.get("model").asText()).isEqualTo("VSP E590H");
        assertThat(storage.get("serialNumber").isIntegralNumber()).isTrue();
        assertThat(storage.get("serialNumber").asLong()).isEqualTo(400123);
        assertThat(sim.simulator().storageDeviceId()).isEqualTo("934000400123");
    }

    @Test
    void oneStorageByIdOrInstance() {
        Rest r = new Rest(sim.simulator());
        assertThat(r.get("/ConfigurationManager/v1/objects/storages/934000400123").status()).isEqualTo(401);
        r.login();
        assertThat(r.get("/ConfigurationManager/v1/objects/storages/934000400123").str("model")).isEqualTo("VSP E590H");
        assertThat(r.get("/ConfigurationManager/v1/objects/storages/instance").str("storageDeviceId")).isEqualTo("934000400123");
        Rest.Resp unknown = r.get("/ConfigurationManager/v1/objects/storages/934000999999");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().has("messageId")).isTrue();
        Rest.Resp unknownScoped = r.get("/ConfigurationManager/v1/objects/storages/934000999999/ldevs/347");
        assertThat(unknownScoped.status()).isEqualTo(404);
        assertThat(unknownScoped.json().get("errorSource").asText()).contains("934000999999");
    }

    @Test
    void bothUrlFormsSeeTheSameStorage() {
        Rest scoped = new Rest(sim.simulator(), true);
        scoped.login();
        scoped.waitForJobs();
        Rest.Resp job = scoped.createPair("G", "p", 100, 101, true);
        assertThat(job.str("self")).startsWith("/ConfigurationManager/v1/objects/storages/934000400123/jobs/");
        assertThat(job.json().get("affectedResources").get(0).asText()).isEqualTo(
                "/ConfigurationManager/v1/objects/storages/934000400123/local-clone-copypairs/G,GP_,GS_,p");
        Rest embedded = new Rest(sim.simulator(), false);
        embedded.login();
        assertThat(embedded.pair("G", "p").status()).isEqualTo(200);
        assertThat(embedded.get(embedded.objects + "/jobs/" + job.json().get("jobId").asLong()).status()).isEqualTo(200);
        // Sessions work in both forms as well.
        assertThat(scoped.get(scoped.objects + "/sessions").status()).isEqualTo(200);
    }

    @Test
    void objectIdsWithRawOrEncodedCommas() {
        Rest r = new Rest(sim.simulator());
        r.login();
        r.waitForJobs();
        r.createPair("G", "p", 100, 101, true);
        assertThat(r.get(r.objects + "/local-clone-copypairs/G,GP_,GS_,p").status()).isEqualTo(200);
        assertThat(r.get(r.objects + "/local-clone-copypairs/G%2CGP_%2CGS_%2Cp").status()).isEqualTo(200);
        assertThat(r.get(r.objects + "/local-clone-copypairs/G%2cGP_%2cGS_%2cp").status()).isEqualTo(200);
        assertThat(r.get(r.objects + "/local-clone-copygroups/G%2CGP_%2CGS_").status()).isEqualTo(200);
        assertThat(r.post(r.objects + "/local-clone-copypairs/G%2CGP_%2CGS_%2Cp/actions/split/invoke",
                Map.of("parameters", Map.of())).str("state")).isEqualTo("Succeeded");
        assertThat(r.get(r.objects + "/local-clone-copypairs/G,GP_,GS_").status()).isEqualTo(404);
    }

    @Test
    void theServerSendsWithoutNagleDelays() {
        // Read by the JDK server when the first one starts: without it, every kept-alive request waits ~40 ms.
        assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
        assertThat(Integer.parseInt(System.getProperty("sun.net.httpserver.maxIdleConnections"))).isGreaterThan(1000);
    }

    @Test
    void unknownUrlsAndMethods() {
        Rest r = new Rest(sim.simulator());
        r.login();
        assertThat(r.get(r.objects + "/no-such-type").status()).isEqualTo(404);
        assertThat(r.get("/ConfigurationManager/v2/objects/ldevs").status()).isEqualTo(404);
        Rest.Resp notAllowed = r.send("PATCH", r.objects + "/ldevs", "{}");
        assertThat(notAllowed.status()).isEqualTo(405);
        assertThat(notAllowed.json().has("messageId")).isTrue();
        assertThat(r.send("DELETE", "/ConfigurationManager/configuration/version", null).status()).isEqualTo(405);
    }

    @Test
    void putOnInvokeCanBeSwitchedOff() {
        try (VspSimulator s = VspSimulator.start(SimulatorConfig.builder().http().jobDuration(java.time.Duration.ZERO)
                .putOnInvoke(false).build())) {
            Rest r = new Rest(s);
            r.login();
            r.waitForJobs();
            r.createPair("G", "p", 100, 101, true);
            String url = r.objects + "/local-clone-copypairs/" + Rest.pairId("G", "p") + "/actions/split/invoke";
            assertThat(r.put(url, Map.of("parameters", Map.of())).status()).isEqualTo(405);
            assertThat(r.post(url, Map.of("parameters", Map.of())).status()).isEqualTo(202);
        }
        Rest r = new Rest(sim.simulator());
        r.login();
        r.waitForJobs();
        r.createPair("G", "p", 100, 101, true);
        String url = r.objects + "/local-clone-copypairs/" + Rest.pairId("G", "p") + "/actions/split/invoke";
        assertThat(r.put(url, Map.of("parameters", Map.of())).str("state")).isEqualTo("Succeeded");
    }
}
