package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.client.UrlForm;
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
}
