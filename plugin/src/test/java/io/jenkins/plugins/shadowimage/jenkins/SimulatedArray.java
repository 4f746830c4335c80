package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Result;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;

/** Test fixture: an in-JVM simulated array, configured in Jenkins as storage system "vsp1" with credentials "vsp-user". */
final class SimulatedArray {

    static final String STORAGE = "vsp1";
    static final String CREDENTIALS = "vsp-user";
    static final String USER = "user1";
    static final String PASSWORD = "pass1";

    private SimulatedArray() {}

    /**
     * The simulator of a test class (register it on a static field), reset before each test; the simulator's
     * defaults: fast jobs and copies (1 GiB LDEVs 347/348, 100-131).
     */
    static VspSimulatorExtension extension() {
        return VspSimulatorExtension.create(SimulatorConfig.defaults());
    }

    /**
     * As {@link #extension()}, but copies take hours of simulated time until {@code admin().setTimeScale(...)} speeds
     * them up.
     */
    static VspSimulatorExtension extensionWithSlowCopies() {
        return VspSimulatorExtension.create(SimulatorConfig.builder().copyRateMiBPerSecondPerPace(0.01));
    }

    /** Configures storage system {@value #STORAGE} (trusting the simulator's certificate) and its credentials. */
    static StorageSystem configure(JenkinsRule j, VspSimulator sim) throws Exception {
        addCredentials(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, CREDENTIALS, "VSP REST user", USER, PASSWORD));
        StorageSystem s = new StorageSystem(STORAGE, sim.baseUrl().toString());
        s.setCredentialsId(CREDENTIALS);
        s.setTrustedCertificate(sim.certificatePem());
        s.setStorageDeviceId(sim.storageDeviceId());
        List<StorageSystem> all = new ArrayList<>(StorageSystemsConfiguration.get().getStorageSystems());
        all.removeIf(x -> x.getName().equals(STORAGE));
        all.add(s);
        StorageSystemsConfiguration.get().setStorageSystems(all);
        return s;
    }

    static void addCredentials(Credentials c) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(c);
        SystemCredentialsProvider.getInstance().save();
    }

    static WorkflowJob pipeline(JenkinsRule j, String name, String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p;
    }

    static WorkflowRun runSuccessfully(JenkinsRule j, WorkflowJob p) throws Exception {
        return j.assertBuildStatusSuccess(p.scheduleBuild2(0));
    }

    static WorkflowRun runAndFail(JenkinsRule j, WorkflowJob p) throws Exception {
        return j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
    }

    /** Sessions are discarded right after each operation; polls because the discard may be on its way. */
    static void assertNoOpenSessions(VspSimulator sim) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (sim.admin().openSessionCount() > 0 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(sim.admin().openSessionCount()).as("open REST sessions on the array").isZero();
    }

    /** Waits until the array reports the pair with that P-VOL status (e.g. COPY while an initial copy runs). */
    static void awaitPair(VspSimulator sim, String group, String pair, String pvolStatus) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < end) {
            for (io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin.PairInfo p : sim.admin().pairs()) {
                if (p.copyGroupName().equals(group) && p.copyPairName().equals(pair) && p.pvolStatus().equals(pvolStatus)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("pair " + group + "/" + pair + " never reached " + pvolStatus + ": " + sim.admin().pairs());
    }

    /** Number of create requests (POST on the pairs collection) the array received. */
    static long createRequests(VspSimulator sim) {
        return sim.admin().requestCount("POST", "local-clone-copypairs$");
    }
}
