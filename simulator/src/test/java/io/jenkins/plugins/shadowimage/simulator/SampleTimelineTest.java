package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hitachi's sample timeline on the default configuration, replayed on a manual clock: create (new group),
 * 1 s until the first job poll, split via the action template with PUT, 1 s until the job poll, then the
 * status. With the defaults it must end PSUS/SSUS (docs/simulator.md explains why).
 */
class SampleTimelineTest {
    @ParameterizedTest
    @EnumSource(SimulatorConfig.SiJobCompletion.class)
    void defaultsEndWithPsusSsus(SimulatorConfig.SiJobCompletion mode) {
        ManualClock clock = new ManualClock();
        try (VspSimulator sim = VspSimulator.start(SimulatorConfig.defaults().toBuilder().port(0).clock(clock)
                .siJobCompletion(mode).build())) {
            Rest r = new Rest(sim, true);
            assertThat(r.get("/ConfigurationManager/configuration/version").str("apiVersion")).startsWith("1.");
            r.login("user1", "pass1");
            Map<String, Object> body = Map.of("copyGroupName", "SI_347", "copyPairName", "p_347-348",
                    "replicationType", "SI", "pvolLdevId", 347, "pvolMuNumber", 0, "svolLdevId", 348,
                    "isNewGroupCreation", true);
            Rest.Resp created = r.post(r.objects + "/local-clone-copypairs", body);
            assertThat(created.status()).isEqualTo(202);
            clock.advance(Duration.ofSeconds(1));
            JsonNode job = r.job(created.json().get("jobId").asLong()).json();
            assertThat(job.get("status").asText()).isEqualTo("Completed");
            assertThat(job.get("state").asText()).isEqualTo("Succeeded");
            String pairPath = job.get("affectedResources").get(0).asText();

            Rest.Resp template = r.get(pairPath + "/actions/split");
            assertThat(template.status()).isEqualTo(200);
            ObjectNode split = (ObjectNode) template.json();
            ((ObjectNode) split.get("parameters")).put("copyPace", 3);
            Rest.Resp accepted = r.put(pairPath + "/actions/split/invoke", split);
            assertThat(accepted.status()).isEqualTo(202);
            clock.advance(Duration.ofSeconds(1));
            JsonNode splitJob = r.job(accepted.json().get("jobId").asLong()).json();
            assertThat(splitJob.get("status").asText()).isEqualTo("Completed");
            assertThat(splitJob.get("state").asText()).isEqualTo("Succeeded");

            JsonNode pair = r.get(pairPath).json();
            assertThat(pair.get("pvolStatus").asText()).isEqualTo("PSUS");
            assertThat(pair.get("svolStatus").asText()).isEqualTo("SSUS");
            assertThat(pair.get("localCloneCopypairId").asText()).isEqualTo("SI_347,SI_347P_,SI_347S_,p_347-348");
        }
    }
}
