package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.util.FormValidation;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.UrlForm;
import io.jenkins.plugins.shadowimage.jenkins.action.PairOperationRecord;
import io.jenkins.plugins.shadowimage.jenkins.config.ArraySettings;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The "VSP storage systems" page keeps every field through the form and on disk. */
@WithJenkins
class GlobalConfigurationTest {

    private static StorageSystem sample() {
        StorageSystem s = new StorageSystem("vsp-prod-1", "https://svp-prod-1.example.com");
        s.setUrlForm(UrlForm.REST_SERVER);
        s.setStorageDeviceId("934000400123");
        s.setCredentialsId("vsp-prod-rest");
        s.setSessionBudget(4);
        s.setSessionAliveTime(120);
        s.setTimeoutMinutes(600);
        s.setOperationsPaused(true);
        s.setPauseMessage("microcode update");
        return s;
    }

    @Test
    void formRoundTripKeepsEveryField(JenkinsRule j) throws Exception {
        StorageSystemsConfiguration.get().setStorageSystems(List.of(sample()));
        j.configRoundtrip();
        List<StorageSystem> after = StorageSystemsConfiguration.get().getStorageSystems();
        assertThat(after).hasSize(1);
        j.assertEqualDataBoundBeans(sample(), after.get(0));
    }

    @Test
    void savedToDiskAndLoadedBack(JenkinsRule j) throws Exception {
        StorageSystemsConfiguration.get().setStorageSystems(List.of(sample()));
        StorageSystemsConfiguration reloaded = new StorageSystemsConfiguration();
        assertThat(reloaded.getStorageSystems()).hasSize(1);
        j.assertEqualDataBoundBeans(sample(), reloaded.getStorageSystems().get(0));
        assertThat(reloaded.findSystem("vsp-prod-1")).isNotNull();
        assertThat(reloaded.findSystem("other")).isNull();
    }

    @Test
    void outOfRangeValuesAreClamped() {
        StorageSystem s = new StorageSystem("x", "https://x");
        s.setSessionBudget(500);
        s.setSessionAliveTime(9999);
        s.setTimeoutMinutes(-1);
        assertThat(s.getSessionBudget()).isEqualTo(64);
        assertThat(s.getSessionAliveTime()).isEqualTo(300);
        assertThat(s.getTimeoutMinutes()).isEqualTo(StorageSystem.DEFAULT_TIMEOUT_MINUTES);
    }

    /** review-3: every idle time the form accepts gives options the engine accepts (linger at most aliveTime/4). */
    @Test
    void everyAcceptedIdleTimeGivesUsableClientOptions() throws Exception {
        StorageSystem s = new StorageSystem("x", "https://x");
        for (int seconds = 1; seconds <= StorageSystem.DEFAULT_SESSION_ALIVE_TIME; seconds++) {
            s.setSessionAliveTime(seconds);
            ClientOptions o = ArraySettings.options(s);
            assertThat(o.aliveTime().getSeconds()).isEqualTo(seconds);
            assertThat(o.sessionLinger()).isLessThanOrEqualTo(o.aliveTime().dividedBy(4));
        }
        s.setSessionAliveTime(120);
        assertThat(ArraySettings.options(s).sessionLinger().toMillis()).isEqualTo(2000);
    }

    @Test
    void shortIdleTimeIsAcceptedWithAWarning(JenkinsRule j) {
        StorageSystem.DescriptorImpl d = j.jenkins.getDescriptorByType(StorageSystem.DescriptorImpl.class);
        assertThat(d.doCheckSessionAliveTime("5").kind).isEqualTo(FormValidation.Kind.WARNING);
        assertThat(d.doCheckSessionAliveTime("20").kind).isEqualTo(FormValidation.Kind.WARNING);
        assertThat(d.doCheckSessionAliveTime("120").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckSessionAliveTime("0").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckSessionAliveTime("").kind).isEqualTo(FormValidation.Kind.OK);
    }

    /** review-5/5a: a user:password@ URL is refused in the form and never stored, logged or exported. */
    @Test
    void urlWithUserAndPasswordIsRefusedAndNeverKept(JenkinsRule j) throws Exception {
        StorageSystem.DescriptorImpl d = j.jenkins.getDescriptorByType(StorageSystem.DescriptorImpl.class);
        FormValidation check = d.doCheckUrl("https://admin:s3cret@svp.example.com:443/x");
        assertThat(check.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(check.renderHtml()).doesNotContain("s3cret").contains("credential");

        StorageSystem s = new StorageSystem("vsp", "https://admin:s3cret@svp.example.com:443/x");
        assertThat(s.getUrl()).isEqualTo("https://svp.example.com:443/x");
        assertThat(new StorageSystem("vsp", "https://svp.example.com").getUrl()).isEqualTo("https://svp.example.com");

        // JCasC and scripts set the list directly, without the form check: what is stored has no password either.
        StorageSystemsConfiguration.get().setStorageSystems(List.of(s));
        assertThat(StorageSystemsConfiguration.get().getStorageSystems().get(0).getUrl()).doesNotContain("s3cret");

        PairOperationRecord r = new PairOperationRecord("id", "split", "vsp", "https://admin:s3cret@svp.example.com",
                null, "g", "p", 0L);
        assertThat(r.getArrayUrl()).isEqualTo("https://svp.example.com");
    }
}
