package io.jenkins.plugins.shadowimage.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.client.UrlForm;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a step says about its setup before any request, the same for every surface. */
class StepSetupWordsTest {

    private static StorageSystemSettings system(boolean paused, String allowedJobs) {
        return new StorageSystemSettings("vsp1", "https://svp", null, null, null, null, null, null, false, null, null, null,
                paused, "array upgrade", allowedJobs);
    }

    @Test
    void aStepsDropdownsListTheConfiguredSystemsKeepAnUnknownCurrentValueAndShowOthersOnlyThatValue() {
        List<StorageSystemSettings> configured = List.of(system(false, null),
                new StorageSystemSettings("vsp2", null, "refused", null, null, null, null, null, false, null, null, null,
                        false, null, null));
        assertThat(StepSetupWords.storageChoices(configured, "vsp2", true)).containsExactly(
                new StepSetupWords.Choice("vsp1 (https://svp)", "vsp1"), new StepSetupWords.Choice("vsp2 (no usable URL)", "vsp2"));
        assertThat(StepSetupWords.storageChoices(configured, "old", true)).last()
                .isEqualTo(new StepSetupWords.Choice("old (not configured)", "old"));
        assertThat(StepSetupWords.storageChoices(configured, "vsp1", false)).containsExactly(new StepSetupWords.Choice("vsp1", "vsp1"));
        assertThat(StepSetupWords.storageChoices(configured, "", false)).isEmpty();
        assertThat(StepSetupWords.storageChoices(configured, null, true)).hasSize(2);
        assertThat(StepSetupWords.waitForChoices()).containsExactly(
                new StepSetupWords.Choice(WaitFor.COMPLETION.description(), "COMPLETION"),
                new StepSetupWords.Choice(WaitFor.ACCEPTED.description(), "ACCEPTED"));
    }

    @Test
    void aMissingSystemIsNamedWithTheConfiguredOnes() {
        assertThat(StepSetupWords.missingSystem("siSplitPair", null, List.of("vsp1")))
                .isEqualTo("siSplitPair: 'storage' is required: the name of a storage system configured in "
                        + "Manage Jenkins » VSP storage systems.");
        assertThat(StepSetupWords.missingSystem("siSplitPair", "vsp2", List.of("vsp1", "vsp3")))
                .isEqualTo("siSplitPair: no storage system named 'vsp2' is configured (Manage Jenkins » VSP storage systems); "
                        + "known: vsp1, vsp3.");
        assertThat(StepSetupWords.missingSystem("siSplitPair", "vsp2", List.of())).endsWith("; none are.");
    }

    @Test
    void setupRefusalsSayWhatToDo() {
        assertThat(StepSetupWords.noDefaultCredentials("siSplitPair", "vsp1"))
                .isEqualTo("siSplitPair: storage system 'vsp1' has no default credentials; "
                        + "pass credentialsId: '<id of a Username with password credential>'.");
        assertThat(StepSetupWords.jobRefused("siSplitPair", "no rule allows it"))
                .isEqualTo("siSplitPair: no rule allows it. An administrator can change them in "
                        + "Manage Jenkins » VSP storage systems » Allowed jobs.");
    }

    @Test
    void anUnusableCredentialSaysWhetherItIsMissingOrOfAnotherType() {
        assertThat(StepSetupWords.unusableCredential("c1", "REST API user", "Secret text", "Username with password", null))
                .isEqualTo("Credentials 'c1' (REST API user) are of type 'Secret text'; a 'Username with password' "
                        + "credential is required.");
        assertThat(StepSetupWords.unusableCredential("c1", "REST API user", null, "Username with password", "https://svp"))
                .isEqualTo("Credentials 'c1' (REST API user) were not found. Check the id, that the credential is visible to "
                        + "this job (Global scope, in this folder or above) and that its domain matches https://svp.");
        assertThat(StepSetupWords.noTestCredentials(null)).isEqualTo("Select the credentials to log in with.");
        assertThat(StepSetupWords.noTestCredentials("c1"))
                .isEqualTo("Credentials 'c1' were not found among the Username with password credentials builds can use.");
    }

    @Test
    void theStorageFieldIsAnErrorWhenTheBuildWouldFailAndAWarningWhenPaused() {
        assertThat(StepSetupWords.storageField(null, null, "a").kind()).isEqualTo(FieldCheck.Kind.ERROR);
        assertThat(StepSetupWords.storageField("vsp2", null, "a").message())
                .isEqualTo("No storage system named 'vsp2' is configured.");
        FieldCheck refused = StepSetupWords.storageField("vsp1", system(false, "prod/*"), "dev/build");
        assertThat(refused.kind()).isEqualTo(FieldCheck.Kind.ERROR);
        assertThat(refused.message()).startsWith("The build would fail: ");
        assertThat(StepSetupWords.storageField("vsp1", system(false, "prod/*"), null)).isEqualTo(FieldCheck.ok());
        assertThat(StepSetupWords.storageField("vsp1", system(true, null), "a"))
                .isEqualTo(FieldCheck.warning("Currently operations paused on storage system 'vsp1': array upgrade"));
        assertThat(StepSetupWords.dropdownLabel("vsp1", null)).isEqualTo("vsp1 (no usable URL)");
        // the field's text, among the configured systems
        assertThat(StepSetupWords.storageFieldAmong(" vsp1 ", List.of(system(true, null)), "a"))
                .isEqualTo(StepSetupWords.storageField("vsp1", system(true, null), "a"));
        assertThat(StepSetupWords.storageFieldAmong(" ", List.of(system(true, null)), "a"))
                .isEqualTo(StepSetupWords.storageField(null, null, "a"));
        assertThat(StepSetupWords.storageFieldAmong("vsp2", List.of(system(true, null)), "a"))
                .isEqualTo(FieldCheck.error("No storage system named 'vsp2' is configured."));
        assertThat(WaitFor.ACCEPTED.description())
                .isEqualTo("Until the array has accepted it (the copy continues in the background)");
    }

    @Test
    void testConnectionTakesTheFormAsTyped() {
        StorageSystemSettings s = StorageSystemSettings.unsaved(" ", " https://svp ", "REST_SERVER", "", "c1", null, " ",
                true, "90");
        assertThat(s.name()).isEqualTo("(unsaved)");
        assertThat(s.url()).isEqualTo("https://svp");
        assertThat(s.urlForm()).isEqualTo(UrlForm.REST_SERVER);
        assertThat(s.storageDeviceId()).isNull();
        assertThat(s.trustCredentialsId()).isNull();
        assertThat(s.sessionAliveTime()).isEqualTo(90);
        assertThat(StorageSystemSettings.unsaved("vsp1", null, "bogus", null, null, null, null, false, null).urlForm())
                .isEqualTo(UrlForm.EMBEDDED);
    }

    @Test
    void aGlobalCredentialMustBeVisibleUsableByBuildsAndOfTheFieldsType() {
        assertThat(StepSetupWords.globalCredential("c1", null, false, "Certificate").kind()).isEqualTo(FieldCheck.Kind.WARNING);
        assertThat(StepSetupWords.globalCredential("c1", true, true, "Certificate").message()).contains("System scope");
        assertThat(StepSetupWords.globalCredential("c1", false, false, "Certificate").message())
                .isEqualTo("'c1' is not a Certificate credential.");
        assertThat(StepSetupWords.globalCredential("c1", false, true, "Certificate")).isEqualTo(FieldCheck.ok());
    }
}
