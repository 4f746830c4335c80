package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsUseListener;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.model.Item;
import hudson.model.Node;
import hudson.model.Run;
import io.jenkins.plugins.shadowimage.core.runtime.SharedAccesses;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Running steps share one array access (HTTP client) per storage system and credentials id (core's SharedAccesses,
 * tested there), keep it from poll to poll, and record the use of their credential once per step, not at every poll.
 */
@WithJenkins
class SharedConnectionsTest {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    static final VspSimulatorExtension ARRAY = SimulatedArray.extensionWithSlowCopies();

    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        ARRAY.admin().setTimeScale(1);
        CountingUseListener.USES.set(0);
    }

    @Test
    void parallelStepsShareOneAccessAndTrackTheCredentialOncePerStep() throws Exception {
        SimulatedArray.configure(j, ARRAY.simulator());
        WorkflowJob p = SimulatedArray.pipeline(j, "parallel-creates", """
                parallel a: {
                    siCreatePair storage: 'vsp1', copyGroupName: 'P1', copyPairName: 'a', pvolLdevId: 104, svolLdevId: 105
                }, b: {
                    siCreatePair storage: 'vsp1', copyGroupName: 'P1', copyPairName: 'b', pvolLdevId: 106, svolLdevId: 107
                }
                """);
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        SimulatedArray.awaitPair(ARRAY.simulator(), "P1", "a", "COPY");
        SimulatedArray.awaitPair(ARRAY.simulator(), "P1", "b", "COPY");
        // Both steps are now polling their copies; between polls they share one client.
        assertThat(SharedAccesses.openCount()).as("array accesses while two steps run").isEqualTo(1);
        ARRAY.admin().setTimeScale(100_000);
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (SharedAccesses.openCount() > 0 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(SharedAccesses.openCount()).as("array accesses after the build").isZero();
        SimulatedArray.assertNoOpenSessions(ARRAY.simulator());
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
