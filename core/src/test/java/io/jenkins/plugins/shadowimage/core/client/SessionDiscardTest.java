package io.jenkins.plugins.shadowimage.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.simulator.FaultKind;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A session whose discard cannot reach the array is not dropped: it is discarded later, not left to aliveTime. */
class SessionDiscardTest {

    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimSupport.config().build());

    @Test
    void aDiscardThatCannotReachTheArrayIsLoggedAndGoesOnInTheBackground() throws Exception {
        VspSimulator sim = SIM.simulator();
        SimSupport.LogCapture logs = new SimSupport.LogCapture();
        try (VspClient client = new VspClient(SimSupport.endpoint(sim), SimSupport.credentials(),
                SimSupport.clientOptions().build())) {
            VspSession session = client.openSession(null);
            session.ldev(100);
            // Every quick attempt loses its connection; the session lives for aliveTime (60 s) unless discarded.
            sim.admin().injectFault("DELETE", "/sessions/", FaultKind.DROP_CONNECTION, 3);
            session.close();
            assertThat(sim.admin().openSessionCount()).as("open after the quick attempts").isEqualTo(1);
            assertThat(logs.text()).contains("could not discard REST session", "trying again in the background");
            Awaitility.await("discarded in the background").atMost(Duration.ofSeconds(30))
                    .until(() -> sim.admin().openSessionCount() == 0);
            Awaitility.await("the late discard logged").atMost(Duration.ofSeconds(30))
                    .until(() -> logs.text().contains("at a later attempt"));
            assertThat(sim.admin().requestCount("DELETE", "/sessions/")).isEqualTo(4);
        } finally {
            logs.closeAndCheck(sim);
        }
    }
}
