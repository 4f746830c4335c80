package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Run;
import io.jenkins.plugins.shadowimage.core.client.UrlForm;
import io.jenkins.plugins.shadowimage.core.report.PairOperationRecord;
import io.jenkins.plugins.shadowimage.jenkins.action.ShadowImageRunAction;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Files written by earlier versions load with every value: the global configuration and the run record of a
 * build. The fixtures under {@code golden/} are written the way XStream wrote them; never edit them to fit a change.
 */
@WithJenkins
class PersistedFormsTest {

    @Test
    void globalConfigurationOfEarlierVersionsLoads(JenkinsRule j) throws Exception {
        String name = StorageSystemsConfiguration.class.getName() + ".xml";
        try (InputStream in = PersistedFormsTest.class.getResourceAsStream("golden/" + name)) {
            Files.copy(in, new File(j.jenkins.getRootDir(), name).toPath(), StandardCopyOption.REPLACE_EXISTING);
        }
        StorageSystemsConfiguration.get().load();
        List<StorageSystem> systems = StorageSystemsConfiguration.get().getStorageSystems();
        assertThat(systems).extracting(StorageSystem::getName).containsExactly("vsp-prod-1", "vsp-lab", "vsp-old");

        StorageSystem prod = systems.get(0);
        assertThat(prod.getUrl()).isEqualTo("https://svp-prod-1.example.com");
        assertThat(prod.getUrlForm()).isEqualTo(UrlForm.REST_SERVER);
        assertThat(prod.getStorageDeviceId()).isEqualTo("934000400123");
        assertThat(prod.getCredentialsId()).isEqualTo("vsp-prod-rest");
        assertThat(prod.getTrustCredentialsId()).isEqualTo("vsp-prod-ca");
        assertThat(prod.isSkipTlsVerification()).isFalse();
        assertThat(prod.getSessionBudget()).isEqualTo(4);
        assertThat(prod.getSessionAliveTime()).isEqualTo(90);
        assertThat(prod.getTimeoutMinutes()).isEqualTo(600);
        assertThat(prod.isOperationsPaused()).isTrue();
        assertThat(prod.getPauseMessage()).isEqualTo("microcode update until 18:00");
        assertThat(prod.getAllowedJobs()).isEqualTo("team-a\nrelease/**");

        StorageSystem lab = systems.get(1);
        assertThat(lab.getUrl()).isEqualTo("http://lab-svp.example.com:8080");
        assertThat(lab.getUrlForm()).as("absent: the default").isEqualTo(UrlForm.EMBEDDED);
        assertThat(lab.isSkipTlsVerification()).isTrue();
        assertThat(lab.getSessionBudget()).as("0: the engine's default").isEqualTo(8);
        assertThat(lab.getSessionAliveTime()).as("absent: the engine's default").isEqualTo(120);
        assertThat(lab.getTimeoutMinutes()).isNull();
        assertThat(lab.getAllowedJobs()).isNull();

        StorageSystem old = systems.get(2);
        assertThat(old.getUrl()).as("a URL with a password is dropped on load").isNull();
        assertThat(old.urlProblem()).contains("user or password").doesNotContain("pa/ss");
        assertThat(Files.readString(new File(j.jenkins.getRootDir(), name).toPath())).doesNotContain("pa/ss")
                .contains("svp-prod-1.example.com");
    }

    @Test
    void runRecordOfEarlierVersionsLoads(JenkinsRule j) throws Exception {
        ShadowImageRunAction action;
        try (InputStream in = PersistedFormsTest.class.getResourceAsStream("golden/ShadowImageRunAction.xml")) {
            action = (ShadowImageRunAction) Run.XSTREAM2.fromXML(in);
        }
        assertThat(action.getOperations()).extracting(PairOperationRecord::getId)
                .containsExactly("op-split", "op-group", "op-refused", "op-old");

        PairOperationRecord split = action.find("op-split");
        assertThat(split.getOperation()).isEqualTo("split");
        assertThat(split.getStorage()).isEqualTo("vsp1");
        assertThat(split.getArrayUrl()).isEqualTo("https://svp.example.com");
        assertThat(split.getStorageDeviceId()).isEqualTo("934000400123");
        assertThat(split.getCopyGroupName()).isEqualTo("CG1");
        assertThat(split.getCopyPairName()).isEqualTo("p1");
        assertThat(split.getPvolLdevId()).isEqualTo(100);
        assertThat(split.getSvolLdevId()).isEqualTo(200);
        assertThat(split.getStatusBefore()).isEqualTo("PAIR");
        assertThat(split.getStatusAfter()).isEqualTo("PSUS");
        assertThat(split.getSplitTime()).isEqualTo("2026-12-03T10:00:01Z");
        assertThat(split.getSplitNotLaterThan()).isNull();
        assertThat(split.getSplitText()).isEqualTo("2026-12-03T10:00:01Z");
        assertThat(split.getJobIds()).containsExactly(7L, 8L);
        assertThat(split.getStartedAt()).isEqualTo(1764756000000L);
        assertThat(split.getFinishedAt()).isEqualTo(1764756005000L);
        assertThat(split.getDurationMillis()).isEqualTo(5000L);
        assertThat(split.getOutcome()).isEqualTo(PairOperationRecord.Outcome.SUCCESS);
        assertThat(split.getMessage()).isEqualTo("SPLIT");
        assertThat(split.getMembers()).isEmpty();
        assertThat(split.getArrayError()).isNull();
        assertThat(split.getTarget()).isEqualTo("CG1 / p1");

        PairOperationRecord group = action.find("op-group");
        assertThat(group.getTarget()).isEqualTo("DB (whole group)");
        assertThat(group.getSplitNotLaterThan()).isEqualTo("2026-12-03T10:00:00Z");
        assertThat(group.getSplitText()).isEqualTo("split before this run, not later than 2026-12-03T10:00:00Z");
        assertThat(group.getJobIds()).isEmpty();
        assertThat(group.getMembers()).hasSize(2);
        assertThat(group.getMembers().get(0).getCopyPairName()).isEqualTo("data");
        assertThat(group.getMembers().get(0).getPvolLdevId()).isEqualTo(300);
        assertThat(group.getMembers().get(0).getSvolLdevId()).isEqualTo(301);
        assertThat(group.getMembers().get(0).getStatusAfter()).isEqualTo("PSUS");
        assertThat(group.getMembers().get(0).getOutcome()).isEqualTo("ALREADY_SPLIT");
        assertThat(group.getMembers().get(0).getSplitTime()).isNull();
        assertThat(group.getMembers().get(0).getSplitText())
                .isEqualTo("split before this run, not later than 2026-12-03T10:00:00Z");
        assertThat(group.getMembers().get(1).getSplitTime()).isEqualTo("2026-12-03T10:05:07Z");
        assertThat(group.getMembers().get(1).getSplitNotLaterThan()).isNull();

        PairOperationRecord refused = action.find("op-refused");
        assertThat(refused.getOutcome()).isEqualTo(PairOperationRecord.Outcome.FAILED);
        assertThat(refused.getMessage()).isEqualTo("siResyncPair failed");
        assertThat(refused.getArrayError().getMessageId()).isEqualTo("KART30000-E");
        assertThat(refused.getArrayError().getSsb1()).isEqualTo("2E31");
        assertThat(refused.getArrayError().getSsb2()).isEqualTo("9A01");
        assertThat(refused.getArrayError().getSolutionType()).isEqualTo("SEE_ERROR_DETAIL");
        assertThat(refused.getArrayError().getDetailCode()).isEqualTo("30000E-2-2E31-9A01");
        assertThat(refused.getArrayError().getErrorSource()).endsWith("/actions/resync/invoke");
        assertThat(refused.getArrayError().getSummary()).startsWith(
                "KART30000-E, SSB 2E31/9A01, solutionType SEE_ERROR_DETAIL, detailCode 30000E-2-2E31-9A01, errorSource ");

        PairOperationRecord old = action.find("op-old");
        assertThat(old.getArrayUrl()).as("user-info dropped on load").isEqualTo("https://svp-old.example.com");
        assertThat(old.getOutcome()).isEqualTo(PairOperationRecord.Outcome.IN_PROGRESS);
        assertThat(old.getFinishedAt()).isZero();
        assertThat(old.getSplitText()).isEmpty();
        assertThat(old.getMembers()).isEmpty();
        assertThat(old.getJobIds()).containsExactly(3L);

        String written = Run.XSTREAM2.toXML(action);
        assertThat(written).as("written under the names earlier versions read")
                .contains("<io.jenkins.plugins.shadowimage.jenkins.action.PairOperationRecord>")
                .contains("<io.jenkins.plugins.shadowimage.jenkins.action.MemberRecord>")
                .contains("<arrayError>").doesNotContain("core.report").doesNotContain("pa/ss");
        ShadowImageRunAction again = (ShadowImageRunAction) Run.XSTREAM2.fromXML(written);
        assertThat(again.getExportedOperations()).isEqualTo(action.getExportedOperations());
    }
}
