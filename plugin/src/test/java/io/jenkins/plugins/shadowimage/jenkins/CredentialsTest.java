package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Fingerprint;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Credentials are resolved for the build at each use, tracked, and never leak into logs. */
@WithJenkins
class CredentialsTest {

    @RegisterExtension
    static final VspSimulatorExtension ARRAY = SimulatedArray.extension();

    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        SimulatedArray.configure(j, ARRAY.simulator());
    }

    @Test
    void credentialsAreTrackedAgainstTheBuild() throws Exception {
        WorkflowRun b = SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, "tracked", """
                siPairStatus storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1'
                """));
        UsernamePasswordCredentialsImpl c = CredentialsProvider.lookupCredentialsInItemGroup(
                UsernamePasswordCredentialsImpl.class, j.jenkins, null, java.util.List.of()).get(0);
        Fingerprint fp = CredentialsProvider.getFingerprintOf(c);
        assertThat(fp).isNotNull();
        assertThat(fp.getJobs()).contains(b.getParent().getFullName());
    }

    @Test
    void missingCredentialsAreNamed() throws Exception {
        ARRAY.admin().clearRequestLog();
        WorkflowRun b = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "missing", """
                siPairStatus storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1', credentialsId: 'does-not-exist'
                """));
        j.assertLogContains("Credentials 'does-not-exist'", b);
        j.assertLogContains("were not found", b);
        assertThat(ARRAY.admin().requestCount("POST", "sessions")).isZero();
    }

    @Test
    void credentialsOfTheWrongTypeAreRejected() throws Exception {
        SimulatedArray.addCredentials(new OtherKindOfCredentials("not-a-password"));
        WorkflowRun b = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "wrongtype", """
                siPairStatus storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1', credentialsId: 'not-a-password'
                """));
        j.assertLogContains("'not-a-password'", b);
        j.assertLogContains("Username with password", b);
        assertThat(ARRAY.admin().requestCount("POST", "sessions")).isZero();
    }

    @Test
    void systemScopedCredentialsAreNotVisibleToBuilds() throws Exception {
        SimulatedArray.addCredentials(new UsernamePasswordCredentialsImpl(
                CredentialsScope.SYSTEM, "system-only", "", SimulatedArray.USER, SimulatedArray.PASSWORD));
        WorkflowRun b = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "system", """
                siPairStatus storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1', credentialsId: 'system-only'
                """));
        j.assertLogContains("'system-only'", b);
    }

    @Test
    void wrongPasswordFailsWithoutLeakingIt() throws Exception {
        SimulatedArray.addCredentials(new UsernamePasswordCredentialsImpl(
                CredentialsScope.GLOBAL, "bad-password", "", SimulatedArray.USER, "Wr0ng-S3cret!"));
        WorkflowRun b = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "wrongpw", """
                siPairStatus storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1', credentialsId: 'bad-password'
                """));
        j.assertLogContains("siPairStatus", b);
        j.assertLogContains("KART40047-E", b); // the simulator's "User authentication failed"
        j.assertLogContains("rejected the user name or password", b);
        j.assertLogNotContains("Wr0ng-S3cret!", b);
        j.assertLogNotContains(SimulatedArray.PASSWORD, b);
        SimulatedArray.assertNoOpenSessions(ARRAY.simulator());
    }

    @Test
    void stepOverrideWinsOverTheStorageDefault() throws Exception {
        SimulatedArray.configure(j, ARRAY.simulator()).setCredentialsId("bad-default");
        SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, "override", """
                siPairStatus storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1', credentialsId: 'vsp-user'
                """));
    }

    /** A credential of another kind, to prove the type check. */
    public static final class OtherKindOfCredentials extends BaseStandardCredentials {
        OtherKindOfCredentials(String id) {
            super(CredentialsScope.GLOBAL, id, "not a username/password");
        }

        @TestExtension
        public static final class DescriptorImpl extends BaseStandardCredentialsDescriptor {
            @NonNull
            @Override
            public String getDisplayName() {
                return "Some other kind";
            }
        }
    }
}
