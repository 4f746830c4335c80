package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.util.FormValidation;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.client.UrlForm;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.report.PairOperationRecord;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import io.jenkins.plugins.shadowimage.jenkins.steps.CreatePairStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.DeletePairStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.PairStatusStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.SplitGroupStep;
import io.jenkins.plugins.shadowimage.jenkins.steps.SplitPairStep;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
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
        s.setAllowedJobs("team-a\nrelease/**");
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
        assertThat(s.getTimeoutMinutes()).isNull();
    }

    /** Nothing set means the engine's defaults, the same as the command-line tool's, not numbers of the plugin's own. */
    @Test
    void emptyFieldsMeanTheEnginesDefaults(JenkinsRule j) throws Exception {
        StorageSystem s = new StorageSystem("vsp1", "https://svp.example.com");
        assertThat(s.getSessionAliveTime()).isEqualTo(ClientOptions.DEFAULT_ALIVE_TIME.getSeconds());
        assertThat(s.settings().clientOptions().aliveTime()).isEqualTo(ClientOptions.DEFAULT_ALIVE_TIME);
        assertThat(s.getSessionBudget()).isEqualTo(ClientOptions.DEFAULT_SESSION_BUDGET);
        assertThat(s.getTimeoutMinutes()).isNull();
        for (OperationType type : OperationType.values()) {
            assertThat(s.settings().timeoutFor(type)).as(type.name()).isEqualTo(EngineOptions.defaultTimeout(type));
        }
        StorageSystemsConfiguration.get().setStorageSystems(List.of(s));
        assertThat(new CreatePairStep("vsp1", "CG1", "p1", 1, 2).toRequest().timeout()).isEqualTo(Duration.ofHours(2));
        assertThat(new SplitPairStep("vsp1", "CG1", "p1").toRequest().timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(new DeletePairStep("vsp1", "CG1", "p1").toRequest().timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(new PairStatusStep("vsp1", "CG1", "p1").toRequest().timeout()).isEqualTo(Duration.ofMinutes(5));

        s.setTimeoutMinutes(600);
        assertThat(new SplitGroupStep("vsp1", "DB").toRequest().timeout()).isEqualTo(Duration.ofMinutes(600));
        assertThat(new PairStatusStep("vsp1", "CG1", "p1").toRequest().timeout()).isEqualTo(Duration.ofMinutes(5));
        SplitPairStep own = new SplitPairStep("vsp1", "CG1", "p1");
        own.setTimeout(7);
        assertThat(own.toRequest().timeout()).isEqualTo(Duration.ofMinutes(7));

        s.setTimeoutMinutes(null);
        j.configRoundtrip();
        assertThat(StorageSystemsConfiguration.get().findSystem("vsp1").getTimeoutMinutes())
                .as("an empty timeout stays empty through the form").isNull();
    }

    /** Every idle time the form accepts gives options the engine accepts (linger at most aliveTime/4). */
    @Test
    void everyAcceptedIdleTimeGivesUsableClientOptions() throws Exception {
        StorageSystem s = new StorageSystem("x", "https://x");
        for (int seconds = 1; seconds <= 300; seconds++) {
            s.setSessionAliveTime(seconds);
            ClientOptions o = s.settings().clientOptions();
            assertThat(o.aliveTime().getSeconds()).isEqualTo(seconds);
            assertThat(o.sessionLinger()).isLessThanOrEqualTo(o.aliveTime().dividedBy(4));
        }
        s.setSessionAliveTime(120);
        assertThat(s.settings().clientOptions().sessionLinger().toMillis()).isEqualTo(2000);
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

    /** URLs a base URL must never be: each with the part that must never be echoed (a password or a token). */
    private static final List<String[]> REFUSED_URLS = List.of(
            new String[] {"https://admin:s3cret@svp.example.com:443", "s3cret"},
            new String[] {"https://admin:pa/ss@svp.example.com", "pa/ss"},
            new String[] {"https://admin:pa?ss@svp.example.com", "pa?ss"},
            new String[] {"https://admin:pa#ss@svp.example.com", "pa#ss"},
            new String[] {"https://admin:pa ss@svp.example.com", "pa ss"},
            new String[] {"https://svp.example.com/ConfigurationManager", "ConfigurationManager"},
            new String[] {"https://svp.example.com?token=t0ken", "t0ken"},
            new String[] {"https://svp.example.com#fr4gment", "fr4gment"});

    @Test
    void formCheckRefusesUserInfoPathQueryAndFragmentWithoutEchoingThem(JenkinsRule j) {
        StorageSystem.DescriptorImpl d = j.jenkins.getDescriptorByType(StorageSystem.DescriptorImpl.class);
        for (String[] refused : REFUSED_URLS) {
            FormValidation check = d.doCheckUrl(refused[0]);
            assertThat(check.kind).as(refused[1]).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(check.renderHtml()).as(refused[1]).doesNotContain(refused[1]);
        }
        assertThat(d.doCheckUrl("https://admin:pa/ss@svp.example.com").renderHtml()).contains("user or password");
        assertThat(d.doCheckUrl("https://svp.example.com:443").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckUrl("https://svp.example.com/").kind).isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    void refusedUrlIsNeverKeptInTheObject() {
        for (String[] refused : REFUSED_URLS) {
            StorageSystem s = new StorageSystem("vsp", refused[0]);
            assertThat(s.getUrl()).as(refused[1]).isNull();
            assertThat(s.urlProblem()).as(refused[1]).isNotNull().doesNotContain(refused[1]);
            assertThat(s.toString()).as(refused[1]).doesNotContain(refused[1]);
        }
        StorageSystem plain = new StorageSystem("vsp", " https://svp.example.com ");
        assertThat(plain.getUrl()).isEqualTo("https://svp.example.com");
        assertThat(plain.urlProblem()).isNull();
    }

    /** Configuration as Code and scripts call the setter without the form's check: it refuses the whole list. */
    @Test
    void settingAListWithARefusedUrlFailsAndKeepsTheSavedList(JenkinsRule j) throws Exception {
        StorageSystemsConfiguration.get().setStorageSystems(List.of(sample()));
        for (String[] refused : REFUSED_URLS) {
            StorageSystem bad = new StorageSystem("vsp-bad", refused[0]);
            assertThatThrownBy(() -> StorageSystemsConfiguration.get().setStorageSystems(List.of(bad)))
                    .as(refused[1])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'vsp-bad'")
                    .hasMessageNotContaining(refused[1]);
        }
        assertThat(StorageSystemsConfiguration.get().getStorageSystems()).hasSize(1);
        j.assertEqualDataBoundBeans(sample(), StorageSystemsConfiguration.get().getStorageSystems().get(0));
        assertThat(configFile(j)).doesNotContain("vsp-bad");
    }

    @Test
    void savingTheFormWithAPasswordInTheUrlFailsAndKeepsTheSavedList(JenkinsRule j) throws Exception {
        StorageSystemsConfiguration.get().setStorageSystems(List.of(sample()));
        JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        HtmlForm form = wc.goTo("configure").getFormByName("config");
        HtmlInput url = form.getInputsByName("_.url").stream()
                .filter(i -> "https://svp-prod-1.example.com".equals(i.getValue()))
                .findFirst().orElseThrow();
        url.setValue("https://admin:pa/ss@svp-prod-1.example.com");
        Page result = j.submit(form);
        assertThat(result.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(result.getWebResponse().getContentAsString()).contains("user or password").doesNotContain("pa/ss");
        assertThat(StorageSystemsConfiguration.get().getStorageSystems().get(0).getUrl()).isEqualTo("https://svp-prod-1.example.com");
        assertThat(configFile(j)).doesNotContain("pa/ss");
    }

    /** A file saved by hand or by an older version: the URL is dropped on load and the file rewritten. */
    @Test
    void savedUrlWithAPasswordIsDroppedOnLoadAndRemovedFromDisk(JenkinsRule j) throws Exception {
        StorageSystemsConfiguration.get().setStorageSystems(List.of(sample()));
        File file = new File(j.jenkins.getRootDir(), StorageSystemsConfiguration.class.getName() + ".xml");
        String xml = Files.readString(file.toPath(), StandardCharsets.UTF_8);
        assertThat(xml).contains("<url>https://svp-prod-1.example.com</url>");
        Files.writeString(file.toPath(), xml.replace("<url>https://svp-prod-1.example.com</url>",
                "<url>https://admin:pa/ss@svp-prod-1.example.com</url>"), StandardCharsets.UTF_8);

        StorageSystemsConfiguration.get().load();

        StorageSystem loaded = StorageSystemsConfiguration.get().getStorageSystems().get(0);
        assertThat(loaded.getUrl()).isNull();
        assertThat(loaded.urlProblem()).contains("user or password").doesNotContain("pa/ss");
        assertThat(configFile(j)).doesNotContain("pa/ss").doesNotContain("svp-prod-1.example.com");
        assertThatThrownBy(() -> loaded.settings().endpoint(Trust.systemDefault()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'vsp-prod-1' has no usable REST API URL")
                .hasMessageNotContaining("pa/ss");
    }

    @Test
    void buildRecordsExportNoUserInfoAndNoPath() {
        PairOperationRecord withPassword = new PairOperationRecord("id", "split", "vsp", "https://admin:pa/ss@svp.example.com",
                null, "g", "p", 0L);
        assertThat(withPassword.getArrayUrl()).isEqualTo("https://svp.example.com");
        PairOperationRecord withPath = new PairOperationRecord("id", "split", "vsp", "https://svp.example.com/t0ken",
                null, "g", "p", 0L);
        assertThat(withPath.getArrayUrl()).isNull();
    }

    /** The core's validity check decides: a pasted certificate out of its dates is refused, not just flagged. */
    @Test
    void pastedCertificateOutOfItsDatesIsRefused(JenkinsRule j) {
        StorageSystem.DescriptorImpl d = j.jenkins.getDescriptorByType(StorageSystem.DescriptorImpl.class);
        try (VspSimulator expired = VspSimulator.start(SimulatorConfig.builder()
                        .certificateValidity(SimulatorConfig.CertificateValidity.EXPIRED).build());
                VspSimulator notYetValid = VspSimulator.start(SimulatorConfig.builder()
                        .certificateValidity(SimulatorConfig.CertificateValidity.NOT_YET_VALID).build());
                VspSimulator valid = VspSimulator.start(SimulatorConfig.defaults())) {
            FormValidation old = d.doCheckTrustedCertificate(expired.certificatePem());
            assertThat(old.kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(old.getMessage()).contains("expired");
            FormValidation early = d.doCheckTrustedCertificate(notYetValid.certificatePem());
            assertThat(early.kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(early.getMessage()).contains("not yet valid");
            assertThat(d.doCheckTrustedCertificate(valid.certificatePem()).kind).isEqualTo(FormValidation.Kind.OK);
        }
    }

    private static String configFile(JenkinsRule j) throws Exception {
        return Files.readString(new File(j.jenkins.getRootDir(), StorageSystemsConfiguration.class.getName() + ".xml").toPath(),
                StandardCharsets.UTF_8);
    }
}
