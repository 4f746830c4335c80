package io.jenkins.plugins.shadowimage.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.config.FieldCheck.Kind;
import org.junit.jupiter.api.Test;

/** What the settings form says about each value, before anything is saved or sent. */
class StorageSystemRulesTest {

    @Test
    void aNameIsRequiredAndEasyToQuote() {
        assertThat(StorageSystemRules.name("vsp-prod.1_a").kind()).isEqualTo(Kind.OK);
        assertThat(StorageSystemRules.name(" ").message()).startsWith("A name is required");
        assertThat(StorageSystemRules.name("vsp prod").kind()).isEqualTo(Kind.ERROR);
        assertThat(StorageSystemRules.name("a".repeat(65)).kind()).isEqualTo(Kind.ERROR);
    }

    @Test
    void theUrlIsCheckedByBaseUrlAndPlainHttpWarns() {
        FieldCheck withPassword = StorageSystemRules.url("https://admin:pa/ss@svp");
        assertThat(withPassword.kind()).isEqualTo(Kind.ERROR);
        assertThat(withPassword.message()).startsWith("Refused: the URL must not contain a user or password")
                .doesNotContain("pa/ss");
        assertThat(StorageSystemRules.url("http://lab-svp:8080").kind()).isEqualTo(Kind.WARNING);
        assertThat(StorageSystemRules.url("https://svp.example.com").kind()).isEqualTo(Kind.OK);
    }

    @Test
    void theStorageDeviceIdIsTheClientsTwelveCharacters() {
        assertThat(StorageSystemRules.storageDeviceId("").message()).startsWith("Discovered at each connection");
        assertThat(StorageSystemRules.storageDeviceId("934000400123").kind()).isEqualTo(Kind.OK);
        assertThat(StorageSystemRules.storageDeviceId("A34000810045").kind()).isEqualTo(Kind.OK);
        FieldCheck lower = StorageSystemRules.storageDeviceId("a34000810045");
        assertThat(lower.kind()).as("the client refuses it: so does the form").isEqualTo(Kind.ERROR);
        assertThat(lower.message()).startsWith("Refused: the storage device id must be the array's 12 characters");
        assertThat(StorageSystemRules.storageDeviceId("93400040012").kind()).isEqualTo(Kind.ERROR);
    }

    @Test
    void numbersOutsideTheArraysRangesAreRefusedAndShortIdleTimesWarn() {
        assertThat(StorageSystemRules.sessionBudget("65").message()).startsWith("Must be between 1 and 64.");
        assertThat(StorageSystemRules.sessionBudget("x").message()).isEqualTo("Not a whole number.");
        assertThat(StorageSystemRules.sessionBudget("").kind()).isEqualTo(Kind.OK);
        assertThat(StorageSystemRules.sessionAliveTime("301").kind()).isEqualTo(Kind.ERROR);
        assertThat(StorageSystemRules.sessionAliveTime("5").message()).startsWith("Below 8 s");
        assertThat(StorageSystemRules.sessionAliveTime("20").message()).startsWith("A session may expire");
        assertThat(StorageSystemRules.sessionAliveTime("120").kind()).isEqualTo(Kind.OK);
        assertThat(StorageSystemRules.timeoutMinutes(String.valueOf(7 * 24 * 60 + 1)).kind()).isEqualTo(Kind.ERROR);
        assertThat(StorageSystemRules.timeoutMinutes("600").kind()).isEqualTo(Kind.OK);
    }

    @Test
    void missingCredentialsAnInsecureChoiceAndASilentPauseWarn() {
        assertThat(StorageSystemRules.credentialsId(null).kind()).isEqualTo(Kind.WARNING);
        assertThat(StorageSystemRules.credentialsId("rest").kind()).isEqualTo(Kind.OK);
        assertThat(StorageSystemRules.skipTlsVerification(true).kind()).isEqualTo(Kind.WARNING);
        assertThat(StorageSystemRules.skipTlsVerification(false).kind()).isEqualTo(Kind.OK);
        assertThat(StorageSystemRules.pauseMessage("", true).kind()).isEqualTo(Kind.WARNING);
        assertThat(StorageSystemRules.pauseMessage("", false).kind()).isEqualTo(Kind.OK);
    }

    @Test
    void allowedJobsNameTheUnusableRule() {
        FieldCheck bad = StorageSystemRules.allowedJobs("team-a\nteam-b//x");
        assertThat(bad.kind()).isEqualTo(Kind.ERROR);
        assertThat(bad.message()).contains("'team-b//x'").endsWith("It lets no job in.");
        assertThat(StorageSystemRules.allowedJobs("").message()).isEqualTo("Every job of this controller may use this storage system.");
        assertThat(StorageSystemRules.allowedJobs("team-a").message()).isNull();
        assertThat(StorageSystemRules.lines(" team-a\r\nrelease/**\r")).isEqualTo("team-a\nrelease/**");
        assertThat(StorageSystemRules.lines("  ")).isNull();
    }
}
