package io.jenkins.plugins.shadowimage.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.simulator.FaultKind;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.awaitility.Awaitility;

/** A session closed by an interrupted thread (an aborted step) is still discarded at once, and the interrupt kept. */
class InterruptedDiscardTest {

    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimSupport.config().build());

    @Test
    void anInterruptedThreadStillDiscardsItsSession() throws Exception {
        VspSimulator sim = SIM.simulator();
        try (VspClient client = new VspClient(SimSupport.endpoint(sim), SimSupport.credentials(),
                SimSupport.clientOptions().build())) {
            VspSession session = client.openSession(null);
            session.ldev(100);
            assertThat(sim.admin().openSessionCount()).isEqualTo(1);

            Thread.currentThread().interrupt();
            try {
                session.close();
                assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept for the caller").isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(sim.admin().openSessionCount()).as("sessions open right after the close").isZero();
        }
    }

    @Test
    void anInterruptArrivingDuringTheDiscardDoesNotStopIt() throws Exception {
        VspSimulator sim = SIM.simulator();
        try (VspClient client = new VspClient(SimSupport.endpoint(sim), SimSupport.credentials(),
                SimSupport.clientOptions().build())) {
            VspSession session = client.openSession(null);
            session.ldev(100);
            // The first logout is refused: the discard pauses before its next attempt, and the abort lands then.
            sim.admin().injectFault("DELETE", "/sessions/", FaultKind.HTTP_503, 1);
            Thread closing = Thread.currentThread();
            AtomicBoolean sent = new AtomicBoolean();
            Thread aborter = new Thread(() -> {
                Awaitility.await("the first logout answered").atMost(Duration.ofSeconds(30))
                        .until(() -> sim.admin().requestCount("DELETE", "/sessions/") > 0);
                closing.interrupt();
                sent.set(true);
            });
            aborter.start();
            try {
                session.close();
                while (!sent.get()) {
                    Thread.onSpinWait();
                }
                assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept for the caller").isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(sim.admin().openSessionCount()).as("sessions open right after the close").isZero();
            assertThat(sim.admin().requestCount("DELETE", "/sessions/")).isEqualTo(2);
        }
    }
}
