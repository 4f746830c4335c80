package io.jenkins.plugins.shadowimage.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.client.BaseUrl;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.client.UrlForm;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a storage system's settings decide: defaults, limits, endpoint, options, timeouts, notices, who may use it. */
class StorageSystemSettingsTest {

    static StorageSystemSettings system(String name, String url) {
        return new StorageSystemSettings(name, url, null, null, null, null, null, null, false, null, null, null, false,
                null, null);
    }

    private static StorageSystemSettings withSessions(Integer budget, Integer aliveTime, Integer timeoutMinutes) {
        return new StorageSystemSettings("vsp1", "https://svp.example.com", null, UrlForm.EMBEDDED, null, null, null, null,
                false, budget, aliveTime, timeoutMinutes, false, null, null);
    }

    @Test
    void emptySettingsMeanTheEnginesDefaultsTheSameAsTheCommandLine() {
        StorageSystemSettings s = system("vsp1", "https://svp.example.com");
        assertThat(s.sessionBudgetInForce()).isEqualTo(ClientOptions.DEFAULT_SESSION_BUDGET);
        assertThat(s.aliveTimeInForce()).isEqualTo(ClientOptions.DEFAULT_ALIVE_TIME);
        assertThat(s.clientOptions().aliveTime()).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.urlForm()).isEqualTo(UrlForm.EMBEDDED);
        for (OperationType type : OperationType.values()) {
            assertThat(s.timeoutFor(type)).as(type.name()).isEqualTo(EngineOptions.defaultTimeout(type));
        }
        assertThat(s.timeoutFor(OperationType.CREATE)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void zeroOrNegativeMeansDefaultAndTooLargeIsTheArraysMaximum() {
        StorageSystemSettings s = withSessions(500, 9999, -1);
        assertThat(s.sessionBudget()).isEqualTo(64);
        assertThat(s.sessionAliveTime()).isEqualTo(300);
        assertThat(s.timeoutMinutes()).isNull();
        StorageSystemSettings zero = withSessions(0, 0, 0);
        assertThat(zero.sessionBudget()).isNull();
        assertThat(zero.sessionAliveTime()).isNull();
        assertThat(zero.sessionBudgetInForce()).isEqualTo(8);
    }

    @Test
    void aSystemTimeoutAppliesToCopiesButNotToStatusReads() {
        StorageSystemSettings s = withSessions(null, null, 600);
        assertThat(s.timeoutFor(OperationType.GROUP_SPLIT)).isEqualTo(Duration.ofMinutes(600));
        assertThat(s.timeoutFor(OperationType.CREATE)).isEqualTo(Duration.ofMinutes(600));
        assertThat(s.timeoutFor(OperationType.STATUS)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void everyAcceptedIdleTimeGivesUsableClientOptions() {
        for (int seconds = 1; seconds <= StorageSystemRules.MAX_SESSION_ALIVE_TIME; seconds++) {
            ClientOptions o = withSessions(4, seconds, null).clientOptions();
            assertThat(o.aliveTime().getSeconds()).isEqualTo(seconds);
            assertThat(o.sessionLinger()).isLessThanOrEqualTo(o.aliveTime().dividedBy(4));
            assertThat(o.sessionBudget()).isEqualTo(4);
        }
        assertThat(withSessions(null, 120, null).clientOptions().sessionLinger()).isEqualTo(Duration.ofSeconds(2));
        assertThat(withSessions(null, 4, null).clientOptions().sessionLinger()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theEndpointCarriesEverySettingAndARefusedUrlNamesTheSystemNeverTheUrl() {
        StorageSystemSettings s = new StorageSystemSettings("vsp1", "https://rest.example.com:23451", null,
                UrlForm.REST_SERVER, "934000400123", null, null, null, false, null, null, null, false, null, null);
        Endpoint e = s.endpoint(Trust.systemDefault());
        assertThat(e.baseUrl().toString()).isEqualTo("https://rest.example.com:23451");
        assertThat(e.urlForm()).isEqualTo(UrlForm.REST_SERVER);
        assertThat(e.storageDeviceId()).isEqualTo("934000400123");

        String given = "https://admin:pa/ss@svp.example.com";
        StorageSystemSettings refused = new StorageSystemSettings("vsp-old", null, BaseUrl.problem(given), null, null,
                null, null, null, false, null, null, null, false, null, null);
        assertThat(refused.urlProblem()).contains("user or password");
        assertThatThrownBy(() -> refused.endpoint(Trust.systemDefault()))
                .hasMessageContaining("Storage system 'vsp-old' has no usable REST API URL")
                .hasMessageContaining("user or password").hasMessageNotContaining("pa/ss");

        StorageSystemSettings badId = new StorageSystemSettings("vsp2", "https://svp.example.com", null, null,
                "93400040012", null, null, null, false, null, null, null, false, null, null);
        assertThatThrownBy(() -> badId.endpoint(Trust.systemDefault()))
                .hasMessageStartingWith("Storage system 'vsp2' is not usable: the storage device id must be");
    }

    @Test
    void trustIsInsecureWhenSkippedElseThePastedAndTheCredentialsCertificates() throws Exception {
        String pem = TrustedCertificatesTest.pem();
        StorageSystemSettings skip = new StorageSystemSettings("vsp1", "https://svp", null, null, null, null, pem, null,
                true, null, null, null, false, null, null);
        assertThat(skip.trust(pem).isInsecure()).isTrue();
        assertThat(system("vsp1", "https://svp").trust(null)).isEqualTo(Trust.systemDefault());
        StorageSystemSettings pasted = new StorageSystemSettings("vsp1", "https://svp", null, null, null, null, pem, null,
                false, null, null, null, false, null, null);
        assertThat(pasted.trust(null).pemBundle()).isEqualTo(pem);
        assertThat(pasted.trust(pem).pemBundle()).isEqualTo(pem.strip() + "\n" + pem.strip() + "\n");
    }

    @Test
    void noticesNameTheSystemAndTheAdministratorsReason() {
        StorageSystemSettings paused = new StorageSystemSettings("vsp1", "https://svp.example.com", null, null, null, null,
                null, null, true, null, null, null, true, "microcode update until 18:00", null);
        assertThat(paused.pauseNotice())
                .isEqualTo("operations paused on storage system 'vsp1': microcode update until 18:00");
        assertThat(system("vsp2", "https://svp").pauseNotice())
                .isEqualTo("operations paused on storage system 'vsp2': no reason given by the administrator");
        assertThat(paused.insecureNotice()).startsWith(
                "WARNING: TLS certificate and host name verification is DISABLED for storage system 'vsp1' (https://svp.example.com).");
    }

    @Test
    void onlyTheAllowedJobsMayUseASystemAndTheRefusalNamesTheRules() {
        StorageSystemSettings prod = new StorageSystemSettings("prod", "https://svp", null, null, null, null, null, null,
                false, null, null, null, false, null, "team-a\nrelease/**");
        assertThat(prod.refusal("team-a/deploy")).isNull();
        assertThat(prod.refusal("release/x/y")).isNull();
        assertThat(prod.refusal("team-b/deploy")).isEqualTo("job 'team-b/deploy' may not use storage system 'prod': "
                + "its allowed jobs are 'team-a', 'release/**' (a folder allows every job inside it)");
        assertThat(system("lab", "https://svp").refusal("any/job")).isNull();
    }

    @Test
    void aListWithABadNameARefusedUrlOrTwoEqualNamesCannotBeSaved() {
        assertThat(StorageSystemRules.listProblem(List.of(system("a", "https://a"), system("b", "https://b")))).isNull();
        StorageSystemRules.requireSavable(List.of(system("a", "https://a"), system("b", "https://b")));
        assertThatThrownBy(() -> StorageSystemRules.requireSavable(List.of(system("a", "https://a"), system("a", "https://b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(StorageSystemRules.listProblem(List.of(system("a", "https://a"), system("a", "https://b"))));
        assertThat(StorageSystemRules.listProblem(List.of(system("a", "https://a"), system("a", "https://b"))))
                .isEqualTo("Storage system 'a': two storage systems have this name; names must be unique.");
        assertThat(StorageSystemRules.listProblem(List.of(system("bad name", "https://a"))))
                .startsWith("Storage system 'bad name': Use letters, digits");
        StorageSystemSettings refused = new StorageSystemSettings("old", null, BaseUrl.problem("https://u:p@x"), null, null,
                null, null, null, false, null, null, null, false, null, null);
        assertThat(StorageSystemRules.listProblem(List.of(refused)))
                .startsWith("Storage system 'old': REST API URL refused: the URL must not contain a user or password")
                .doesNotContain("u:p");
    }

    @Test
    void aStepFindsItsSystemByNameOrIsToldTheConfiguredOnesAndAJobTheSystemRefusesIsRefused() {
        StorageSystemSettings vsp1 = new StorageSystemSettings("vsp1", "https://svp.example.com", null, null, null, null,
                null, null, false, null, null, null, false, null, "team-a");
        List<StorageSystemSettings> configured = List.of(system("vsp0", "https://a.example.com"), vsp1);
        assertThat(StorageSystemSettings.require("siSplitPair", "vsp1", configured, null)).isSameAs(vsp1);
        assertThat(StorageSystemSettings.find(configured, " vsp1 ")).isSameAs(vsp1);
        assertThat(StorageSystemSettings.find(configured, "")).isNull();
        assertThat(StorageSystemSettings.find(configured, "vsp9")).isNull();
        assertThat(StorageSystemSettings.require("siSplitPair", "vsp1", configured, "team-a/deploy")).isSameAs(vsp1);
        assertThatThrownBy(() -> StorageSystemSettings.require("siSplitPair", "vsp2", configured, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(StepSetupWords.missingSystem("siSplitPair", "vsp2", List.of("vsp0", "vsp1")));
        assertThatThrownBy(() -> StorageSystemSettings.require("siSplitPair", null, configured, null))
                .hasMessageContaining("'storage' is required");
        assertThatThrownBy(() -> StorageSystemSettings.require("siSplitPair", "vsp1", configured, "team-b/deploy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(StepSetupWords.jobRefused("siSplitPair", vsp1.refusal("team-b/deploy")));
    }

    @Test
    void aStepUsesItsOwnCredentialsElseTheSystemsAndTrustsACertificateCredentialOnlyWhenItVerifies() {
        StorageSystemSettings withDefault = new StorageSystemSettings("vsp1", "https://svp.example.com", null, null, null,
                "rest-user", null, "array-cert", false, null, null, null, false, null, null);
        assertThat(withDefault.credentialsIdFor("siSplitPair", null)).isEqualTo("rest-user");
        assertThat(withDefault.credentialsIdFor("siSplitPair", "own")).isEqualTo("own");
        assertThatThrownBy(() -> system("vsp2", "https://svp.example.com").credentialsIdFor("siSplitPair", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(StepSetupWords.noDefaultCredentials("siSplitPair", "vsp2"));
        assertThat(withDefault.trustCredentialInUse()).isEqualTo("array-cert");
        StorageSystemSettings skipping = new StorageSystemSettings("vsp1", "https://svp.example.com", null, null, null,
                null, null, "array-cert", true, null, null, null, false, null, null);
        assertThat(skipping.trustCredentialInUse()).isNull();
        assertThat(withDefault.arrayKey()).isEqualTo(withDefault.endpoint(Trust.systemDefault()).arrayKey());
        assertThatThrownBy(() -> system("vsp3", null).arrayKey()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'vsp3' has no usable REST API URL");
    }

    @Test
    void aPausedSystemGivesItsNoticeAsThePauseAndARefusedSavedUrlIsNamedNotQuoted() {
        StorageSystemSettings paused = new StorageSystemSettings("vsp1", "https://svp.example.com", null, null, null, null,
                null, null, false, null, null, null, true, "array upgrade", null);
        assertThat(paused.pause()).contains(paused.pauseNotice());
        assertThat(system("vsp1", "https://svp.example.com").pause()).isEmpty();
        assertThat(StorageSystemRules.urlRefusedOnLoad("vsp1", "it holds a user or password"))
                .isEqualTo("Storage system 'vsp1': its saved REST API URL was refused and removed (it holds a user or "
                        + "password); enter it again in Manage Jenkins » VSP storage systems");
    }
}
