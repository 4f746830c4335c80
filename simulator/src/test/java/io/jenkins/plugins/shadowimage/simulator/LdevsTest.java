package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LdevsTest {
    @RegisterExtension
    static VspSimulatorExtension sim = VspSimulatorExtension.create(SimulatorConfig.builder().http()
            .ldevs(java.util.List.of(SimulatorConfig.Ldev.of(347, 2097152), SimulatorConfig.Ldev.of(348, 2097152),
                    SimulatorConfig.Ldev.withCapacitySaving(10, 4096),
                    new SimulatorConfig.Ldev(11, 3L * 1024 * 1024 * 1024 * 2, "OPEN-V-CVS", "compression")))
            .build());

    @Test
    void oneLdevHasWhatAClientChecks() {
        Rest r = new Rest(sim.simulator());
        r.login();
        JsonNode l = r.get(r.objects + "/ldevs/347").json();
        assertThat(l.get("ldevId").asInt()).isEqualTo(347);
        assertThat(l.get("emulationType").asText()).isEqualTo("OPEN-V-CVS");
        assertThat(l.get("blockCapacity").asLong()).isEqualTo(2097152);
        assertThat(l.get("byteFormatCapacity").asText()).isEqualTo("1.00 G");
        assertThat(l.get("dataReductionMode").asText()).isEqualTo("disabled");
        assertThat(l.get("status").asText()).isEqualTo("NML");
        assertThat(l.get("numOfPorts").asInt()).isEqualTo(1);
        JsonNode cs = r.get(r.objects + "/ldevs/10").json();
        assertThat(cs.get("dataReductionMode").asText()).isEqualTo("compression_deduplication");
        assertThat(cs.get("dataReductionStatus").asText()).isEqualTo("ENABLED");
        assertThat(cs.get("byteFormatCapacity").asText()).isEqualTo("2.00 M");
        assertThat(r.get(r.objects + "/ldevs/11").json().get("byteFormatCapacity").asText()).isEqualTo("3.00 T");
        JsonNode undefined = r.get(r.objects + "/ldevs/5").json();
        assertThat(undefined.get("emulationType").asText()).isEqualTo("NOT DEFINED");
        assertThat(undefined.has("blockCapacity")).isFalse();
        assertThat(r.get(r.objects + "/ldevs/65280").status()).isEqualTo(400);
        assertThat(r.get(r.objects + "/ldevs/x").status()).isEqualTo(400);
    }

    @Test
    void pagedList() {
        Rest r = new Rest(sim.simulator());
        r.login();
        assertThat(r.get(r.objects + "/ldevs").json().get("data")).extracting(l -> l.get("ldevId").asInt())
                .containsExactly(10, 11, 347, 348);
        assertThat(r.get(r.objects + "/ldevs?headLdevId=11&count=2").json().get("data"))
                .extracting(l -> l.get("ldevId").asInt()).containsExactly(11, 347);
        assertThat(r.get(r.objects + "/ldevs?headLdevId=0&count=3&ldevOption=undefined").json().get("data"))
                .extracting(l -> l.get("ldevId").asInt()).containsExactly(0, 1, 2);
        assertThat(r.get(r.objects + "/ldevs?count=16385").status()).isEqualTo(400);
        assertThat(r.get(r.objects + "/ldevs?count=0").status()).isEqualTo(400);
    }
}
