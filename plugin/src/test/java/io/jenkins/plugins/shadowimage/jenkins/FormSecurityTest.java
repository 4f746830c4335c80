package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.AccessDeniedException3;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.steps.CreatePairStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.SplitPairStep;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.Page;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Form methods check permissions first, require POST, and list credentials in the lookup's context. */
@WithJenkins
class FormSecurityTest {

    @RegisterExtension
    static final VspSimulatorExtension ARRAY = SimulatedArray.extension();

    private JenkinsRule j;
    private StorageSystem.DescriptorImpl storageDescriptor;
    private SplitPairStep.DescriptorImpl stepDescriptor;
    private WorkflowJob job;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        SimulatedArray.configure(j, ARRAY.simulator());
        SimulatedArray.addCredentials(new UsernamePasswordCredentialsImpl(CredentialsScope.SYSTEM, "system-only", "", "u", "p"));
        job = SimulatedArray.pipeline(j, "job", "echo 'hi'");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader")
                .grant(Jenkins.READ, Item.READ, Item.CONFIGURE).everywhere().to("developer"));
        storageDescriptor = j.jenkins.getDescriptorByType(StorageSystem.DescriptorImpl.class);
        stepDescriptor = j.jenkins.getDescriptorByType(SplitPairStep.DescriptorImpl.class);
    }

    private static ACLContext as(String user) {
        return ACL.as2(User.getById(user, true).impersonate2());
    }

    @Test
    void testConnectionRequiresAdminister() {
        try (ACLContext ignored = as("developer")) {
            assertThrows(AccessDeniedException3.class, () -> storageDescriptor.doTestConnection("vsp1", ARRAY.simulator().baseUrl().toString(),
                    "EMBEDDED", null, SimulatedArray.CREDENTIALS, ARRAY.simulator().certificatePem(), null, false, "300"));
        }
        assertThat(ARRAY.admin().requests()).isEmpty();
    }

    @Test
    void testConnectionRequiresPost() throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        wc.login("admin");
        Page page = wc.goTo("descriptorByName/" + StorageSystem.class.getName() + "/testConnection?url=" + ARRAY.simulator().baseUrl()
                + "&credentialsId=" + SimulatedArray.CREDENTIALS, null);
        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(405);
        assertThat(ARRAY.admin().requests()).isEmpty();
    }

    @Test
    void testConnectionReportsTheArrayAndLogsOut() throws Exception {
        FormValidation result;
        try (ACLContext ignored = as("admin")) {
            result = storageDescriptor.doTestConnection("vsp1", ARRAY.simulator().baseUrl().toString(), "EMBEDDED", null,
                    SimulatedArray.CREDENTIALS, ARRAY.simulator().certificatePem(), null, false, "300");
        }
        assertThat(result.kind).as(result.getMessage()).isEqualTo(FormValidation.Kind.OK);
        assertThat(result.getMessage()).contains(ARRAY.simulator().storageDeviceId()).contains("400123").contains("logged out");
        assertThat(result.getMessage()).contains("TLSv1").contains("SHA-256").contains("verified against the configured certificate");
        assertThat(result.getMessage()).doesNotContain(SimulatedArray.PASSWORD);
        assertThat(ARRAY.admin().requestCount("POST", "sessions$")).isEqualTo(1);
        SimulatedArray.assertNoOpenSessions(ARRAY.simulator());
    }

    @Test
    void testConnectionExplainsAnUntrustedCertificate() {
        FormValidation result;
        try (ACLContext ignored = as("admin")) {
            result = storageDescriptor.doTestConnection("vsp1", ARRAY.simulator().baseUrl().toString(), "EMBEDDED", null,
                    SimulatedArray.CREDENTIALS, null, null, false, "300");
        }
        assertThat(result.kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void globalCredentialsDropdownListsOnlyWhatBuildsCanUse() {
        ListBoxModel asAdmin;
        try (ACLContext ignored = as("admin")) {
            asAdmin = storageDescriptor.doFillCredentialsIdItems(null, ARRAY.simulator().baseUrl().toString());
        }
        List<String> ids = asAdmin.stream().map(o -> o.value).toList();
        assertThat(ids).contains(SimulatedArray.CREDENTIALS).doesNotContain("system-only");

        ListBoxModel asReader;
        try (ACLContext ignored = as("reader")) {
            asReader = storageDescriptor.doFillCredentialsIdItems("current", ARRAY.simulator().baseUrl().toString());
        }
        assertThat(asReader.stream().map(o -> o.value).toList()).containsExactly("current");
    }

    @Test
    void globalChecksRequireAdminister() {
        try (ACLContext ignored = as("developer")) {
            assertThrows(AccessDeniedException3.class, () -> storageDescriptor.doCheckUrl("https://x"));
            assertThrows(AccessDeniedException3.class, () -> storageDescriptor.doCheckName("x"));
            assertThrows(AccessDeniedException3.class, () -> storageDescriptor.doCheckCredentialsId("vsp-user", "https://x"));
        }
        try (ACLContext ignored = as("admin")) {
            assertThat(storageDescriptor.doCheckUrl("ftp://x").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(storageDescriptor.doCheckUrl("http://x").kind).isEqualTo(FormValidation.Kind.WARNING);
            assertThat(storageDescriptor.doCheckCredentialsId("system-only", ARRAY.simulator().baseUrl().toString()).kind)
                    .isEqualTo(FormValidation.Kind.ERROR);
            assertThat(storageDescriptor.doCheckSkipTlsVerification(true).kind).isEqualTo(FormValidation.Kind.WARNING);
        }
    }

    @Test
    void stepFormsCheckTheJobsPermissions() {
        try (ACLContext ignored = as("reader")) {
            assertThrows(AccessDeniedException3.class, () -> stepDescriptor.doCheckStorage(job, "vsp1"));
            assertThrows(AccessDeniedException3.class, () -> stepDescriptor.doCheckCopyGroupName(job, "CG1"));
            ListBoxModel creds = stepDescriptor.doFillCredentialsIdItems(job, "current", "vsp1");
            assertThat(creds.stream().map(o -> o.value).toList()).containsExactly("current");
            ListBoxModel storages = stepDescriptor.doFillStorageItems(job, "vsp1");
            assertThat(storages.stream().map(o -> o.value).toList()).containsExactly("vsp1");
        }
        try (ACLContext ignored = as("developer")) {
            assertThat(stepDescriptor.doCheckStorage(job, "vsp1").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(stepDescriptor.doCheckStorage(job, "nope").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(stepDescriptor.doCheckCopyGroupName(job, "CG,1").kind).isEqualTo(FormValidation.Kind.ERROR);
            List<String> creds = stepDescriptor.doFillCredentialsIdItems(job, null, "vsp1").stream().map(o -> o.value).toList();
            assertThat(creds).contains(SimulatedArray.CREDENTIALS).doesNotContain("system-only");
        }
        try (ACLContext ignored = as("developer")) {
            assertThrows(AccessDeniedException3.class, () -> stepDescriptor.doCheckStorage(null, "vsp1"));
        }
    }

    @Test
    void createFormRequiresBothLdevIdsWhileOtherStepsTakeThemAsOptionalGuards() {
        CreatePairStep.DescriptorImpl create = j.jenkins.getDescriptorByType(CreatePairStep.DescriptorImpl.class);
        try (ACLContext ignored = as("developer")) {
            FormValidation missingPvol = create.doCheckPvolLdevId(job, "");
            assertThat(missingPvol.kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(missingPvol.getMessage()).contains("pvolLdevId is required");
            assertThat(create.doCheckSvolLdevId(job, "  ").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(create.doCheckSvolLdevId(job, "0").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(create.doCheckSvolLdevId(job, "65280").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(stepDescriptor.doCheckSvolLdevId(job, "").kind).isEqualTo(FormValidation.Kind.OK);
            assertThat(stepDescriptor.doCheckPvolLdevId(job, "").kind).isEqualTo(FormValidation.Kind.OK);
        }
    }
}
