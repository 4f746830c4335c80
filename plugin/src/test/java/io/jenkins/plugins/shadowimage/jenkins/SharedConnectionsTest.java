package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsUseListener;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.model.Item;
import hudson.model.Node;
import hudson.model.Run;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.runtime.ArrayConnections;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Running steps share one array access (HTTP client) per storage system and credentials id, keep it from poll to
 * poll, and record the use of their credential once per step, not at every poll.
 */
@WithJenkins
class SharedConnectionsTest {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static VspSimulator sim;
    private JenkinsRule j;

    @BeforeAll
    static void startArray() {
        sim = SimulatedArray.startSlowCopies();
    }

    @AfterAll
    static void stopArray() {
        sim.close();
    }

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sim.admin().reset();
        sim.admin().setTimeScale(1);
        CountingUseListener.USES.set(0);
    }

    /** The key is built from values only: two ticks' keys are equal and share one access until the last user lets go. */
    @Test
    void keysOfTwoTicksAreEqualAndShareOneAccess() throws Exception {
        StorageSystem s = SimulatedArray.configure(j, sim);
        Endpoint e1 = s.endpoint(Trust.pem(sim.certificatePem()));
        Endpoint e2 = s.endpoint(Trust.pem(sim.certificatePem()));
        ArrayConnections.Key k1 = new ArrayConnections.Key(s.getName(), e1, s.getSessionAliveTime(), s.getSessionBudget(), "id");
        ArrayConnections.Key k2 = new ArrayConnections.Key(s.getName(), e2, s.getSessionAliveTime(), s.getSessionBudget(), "id");
        assertThat(k2).isEqualTo(k1);
        ArrayAccess a1 = ArrayConnections.acquire(k1, s.settings().clientOptions());
        ArrayAccess a2 = ArrayConnections.acquire(k2, s.settings().clientOptions());
        assertThat(a2).isSameAs(a1);
        ArrayConnections.release(k1, a1);
        assertThat(a1.isClosed()).as("closed while another step still uses it").isFalse();
        ArrayConnections.release(k2, a2);
        assertThat(a1.isClosed()).as("closed after the last step let go").isTrue();
        assertThat(ArrayConnections.openCount()).isZero();
    }

    @Test
    void parallelStepsShareOneAccessAndTrackTheCredentialOncePerStep() throws Exception {
        SimulatedArray.configure(j, sim);
        WorkflowJob p = SimulatedArray.pipeline(j, "parallel-creates", """
                parallel a: {
                    siCreatePair storage: 'vsp1', copyGroupName: 'P1', copyPairName: 'a', pvolLdevId: 104, svolLdevId: 105
                }, b: {
                    siCreatePair storage: 'vsp1', copyGroupName: 'P1', copyPairName: 'b', pvolLdevId: 106, svolLdevId: 107
                }
                """);
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        SimulatedArray.awaitPair(sim, "P1", "a", "COPY");
        SimulatedArray.awaitPair(sim, "P1", "b", "COPY");
        // Both steps are now polling their copies; between polls they share one client.
        assertThat(ArrayConnections.openCount()).as("array accesses while two steps run").isEqualTo(1);
        sim.admin().setTimeScale(100_000);
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (ArrayConnections.openCount() > 0 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(ArrayConnections.openCount()).as("array accesses after the build").isZero();
        SimulatedArray.assertNoOpenSessions(sim);
        // Each step polled several times (check, submit, job, copy), but recorded the credential's use once.
        assertThat(CountingUseListener.USES.get()).as("credential uses recorded on the run").isEqualTo(2);
    }

    @TestExtension("parallelStepsShareOneAccessAndTrackTheCredentialOncePerStep")
    public static final class CountingUseListener implements CredentialsUseListener {
        static final AtomicInteger USES = new AtomicInteger();

        @Override
        public void onUse(Credentials c, Run run) {
            if (c instanceof IdCredentials id && SimulatedArray.CREDENTIALS.equals(id.getId())) {
                USES.incrementAndGet();
            }
        }

        @Override
        public void onUse(Credentials c, Node node) {}

        @Override
        public void onUse(Credentials c, Item item) {}
    }
}
