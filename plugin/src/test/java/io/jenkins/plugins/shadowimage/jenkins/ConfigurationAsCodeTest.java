package io.jenkins.plugins.shadowimage.jenkins;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.shadowimage.core.client.UrlForm;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** "VSP storage systems" is configurable as code and exports back to the same YAML. */
@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeTest {

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void importsEveryField(JenkinsConfiguredWithCodeRule j) {
        List<StorageSystem> systems = StorageSystemsConfiguration.get().getStorageSystems();
        assertThat(systems).hasSize(2);
        StorageSystem prod = systems.get(0);
        assertThat(prod.getName()).isEqualTo("vsp-prod-1");
        assertThat(prod.getUrl()).isEqualTo("https://svp-prod-1.example.com");
        assertThat(prod.getStorageDeviceId()).isEqualTo("934000400123");
        assertThat(prod.getCredentialsId()).isEqualTo("vsp-prod-rest");
        assertThat(prod.getTrustCredentialsId()).isEqualTo("vsp-prod-ca");
        assertThat(prod.getSessionBudget()).isEqualTo(4);
        assertThat(prod.getSessionAliveTime()).isEqualTo(90);
        assertThat(prod.getTimeoutMinutes()).isEqualTo(600);
        assertThat(prod.getAllowedJobs()).isEqualTo("team-a, release/**");
        assertThat(prod.settings().refusal("team-b/deploy")).contains("'team-a', 'release/**'");
        assertThat(prod.settings().refusal("team-a/deploy")).isNull();
        assertThat(prod.isOperationsPaused()).isTrue();
        assertThat(prod.getPauseMessage()).isEqualTo("microcode update until 14:00 UTC");
        StorageSystem lab = systems.get(1);
        assertThat(lab.getUrlForm()).isEqualTo(UrlForm.REST_SERVER);
        assertThat(lab.isSkipTlsVerification()).isTrue();
        assertThat(lab.getTrustedCertificate()).isNull();
        assertThat(lab.getAllowedJobs()).as("absent means every job").isNull();
        assertThat(lab.settings().refusal("any/job")).isNull();
        assertThat(lab.getTimeoutMinutes()).as("absent means the engine's default of each operation").isNull();
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void exportsWhatItImports(JenkinsConfiguredWithCodeRule j) throws Exception {
        ConfiguratorRegistry registry = ConfiguratorRegistry.get();
        ConfigurationContext context = new ConfigurationContext(registry);
        CNode node = getUnclassifiedRoot(context).get("vspStorageSystems");
        String exported = toYamlString(node);
        assertThat(exported).contains(
                "name: \"vsp-prod-1\"",
                "url: \"https://svp-prod-1.example.com\"",
                "storageDeviceId: \"934000400123\"",
                "credentialsId: \"vsp-prod-rest\"",
                "trustCredentialsId: \"vsp-prod-ca\"",
                "sessionBudget: 4",
                "sessionAliveTime: 90",
                "timeoutMinutes: 600",
                "allowedJobs: \"team-a, release/**\"",
                "operationsPaused: true",
                "pauseMessage: \"microcode update until 14:00 UTC\"",
                "name: \"vsp-lab\"",
                "urlForm: REST_SERVER",
                "skipTlsVerification: true");
    }

    /** Configuration as Code goes around the form: a URL with a password is refused there too, and not echoed. */
    @Test
    void urlWithAPasswordIsRefused(JenkinsConfiguredWithCodeRule j) {
        Throwable failure = catchThrowable(() -> ConfigurationAsCode.get().configure(
                getClass().getResource("configuration-as-code-password-in-url.yml").toExternalForm()));
        assertThat(failure).isNotNull();
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        assertThat(String.join("\n", messages)).contains("'vsp-prod-1'").contains("user or password").doesNotContain("pa/ss");
        assertThat(StorageSystemsConfiguration.get().getStorageSystems()).isEmpty();
    }
}
