package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.model.FreeStyleBuild;
import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.client.model.ApiError;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.report.PairOperationRecord;
import io.jenkins.plugins.shadowimage.jenkins.action.ShadowImageRunAction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The build page and {@code build.xml} keep what the engine reported: split facts and the array's error codes. */
@WithJenkins
class RunRecordTest {

    private static final Instant SEEN_PSUS = Instant.parse("2026-12-03T10:00:01Z");
    private static final Instant FIRST_READ = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant MEMBER_SPLIT = Instant.parse("2026-12-03T10:05:07Z");

    @Test
    void aPairFoundSplitShowsItsBoundAndNeverAFreezeTime(JenkinsRule j) throws Exception {
        FreeStyleBuild build = j.buildAndAssertSuccess(j.createFreeStyleProject());
        ShadowImageRunAction action = ShadowImageRunAction.of(build);
        action.begin(new PairOperationRecord("op1", "split", "vsp1", "https://svp.example.com", null, "CG1", "p1", 1L));
        // Even if a status history reached the record, a pair found split must not be dated by it.
        PairInfo found = PairInfo.builder().operation("split").outcome("ALREADY_SPLIT").target("CG1/p1")
                .copyGroupName("CG1").copyPairName("p1").statusObservedAt(Map.of("PSUS", SEEN_PSUS))
                .splitNotLaterThan(FIRST_READ).build();
        action.update("op1", r -> r.succeeded(OperationType.SPLIT, found, 2L));

        PairOperationRecord r = reloaded(j, build).find("op1");
        assertThat(r.getSplitTime()).isNull();
        assertThat(r.getSplitNotLaterThan()).isEqualTo(FIRST_READ.toString());
        String page = j.createWebClient().getPage(build, "shadowimage/").asNormalizedText();
        assertThat(page).contains("split before this run, not later than " + FIRST_READ)
                .doesNotContain(SEEN_PSUS.toString());
    }

    @Test
    void aSplitOfThisRunShowsItsFreezeTime(JenkinsRule j) throws Exception {
        FreeStyleBuild build = j.buildAndAssertSuccess(j.createFreeStyleProject());
        ShadowImageRunAction action = ShadowImageRunAction.of(build);
        action.begin(new PairOperationRecord("op1", "split", "vsp1", "https://svp.example.com", null, "CG1", "p1", 1L));
        action.update("op1", r -> r.succeeded(OperationType.SPLIT, PairInfo.builder().operation("split").outcome("SPLIT")
                .target("CG1/p1").copyGroupName("CG1").copyPairName("p1").statusObservedAt(Map.of("PSUS", SEEN_PSUS)).build(), 2L));

        PairOperationRecord r = reloaded(j, build).find("op1");
        assertThat(r.getSplitTime()).isEqualTo(SEEN_PSUS.toString());
        assertThat(r.getSplitNotLaterThan()).isNull();
        assertThat(j.createWebClient().getPage(build, "shadowimage/").asNormalizedText())
                .contains(SEEN_PSUS.toString()).doesNotContain("split before this run");
    }

    @Test
    void groupMembersEachShowTheirOwnSplitFacts(JenkinsRule j) throws Exception {
        FreeStyleBuild build = j.buildAndAssertSuccess(j.createFreeStyleProject());
        ShadowImageRunAction action = ShadowImageRunAction.of(build);
        action.begin(new PairOperationRecord("g1", "split-group", "vsp1", "https://svp.example.com", null, "DB", null, 1L));
        PairInfo before = PairInfo.builder().operation("split").outcome("ALREADY_SPLIT").target("DB/data")
                .copyGroupName("DB").copyPairName("data").splitNotLaterThan(FIRST_READ).build();
        PairInfo now = PairInfo.builder().operation("split").outcome("SPLIT").target("DB/log")
                .copyGroupName("DB").copyPairName("log").statusObservedAt(Map.of("PSUS", MEMBER_SPLIT)).build();
        action.update("g1", r -> r.succeeded(OperationType.GROUP_SPLIT, PairInfo.builder().operation("split-group").outcome("SPLIT")
                .target("DB").copyGroupName("DB").addPair(before).addPair(now).build(), 2L));

        PairOperationRecord r = reloaded(j, build).find("g1");
        assertThat(r.getMembers()).hasSize(2);
        assertThat(r.getMembers().get(0).getSplitNotLaterThan()).isEqualTo(FIRST_READ.toString());
        assertThat(r.getMembers().get(0).getSplitTime()).isNull();
        assertThat(r.getMembers().get(1).getSplitTime()).isEqualTo(MEMBER_SPLIT.toString());
        assertThat(r.getSplitNotLaterThan()).as("not every member was split before").isNull();
        assertThat(j.createWebClient().getPage(build, "shadowimage/").asNormalizedText())
                .contains("DB / data", "split before this run, not later than " + FIRST_READ, "ALREADY_SPLIT",
                        "DB / log", MEMBER_SPLIT.toString());
    }

    @Test
    void aRefusedOperationKeepsTheArraysCodes(JenkinsRule j) throws Exception {
        FreeStyleBuild build = j.buildAndAssertSuccess(j.createFreeStyleProject());
        ShadowImageRunAction action = ShadowImageRunAction.of(build);
        action.begin(new PairOperationRecord("op1", "split", "vsp1", "https://svp.example.com", null, "CG1", "p1", 1L));
        ApiError error = new ApiError("/ConfigurationManager/v1/objects/local-clone-copypairs/CG1,CG1P_,CG1S_,p1/actions/split/invoke",
                "KART30000-E", "The operation failed.", "The pair status does not allow it.", "Check the pair status.",
                "SEE_ERROR_DETAIL", new ObjectMapper().readTree("{\"SSB1\":\"2E31\",\"SSB2\":\"9A01\"}"),
                "30000E-2-2E31-9A01");
        VspApiException refused = new VspApiException(412, "POST", "/ConfigurationManager/v1/objects/jobs/7", error, 7L, null);
        action.update("op1", r -> r.failed(false, "siSplitPair failed", new ShadowImageException(
                ShadowImageException.Category.REJECTED_BY_ARRAY, "refused", refused), null, "PAIR", List.of(7L), 2L));

        PairOperationRecord r = reloaded(j, build).find("op1");
        assertThat(r.getArrayError()).isNotNull();
        assertThat(r.getArrayError().getMessageId()).isEqualTo("KART30000-E");
        assertThat(r.getArrayError().getSsb1()).isEqualTo("2E31");
        assertThat(r.getArrayError().getSolutionType()).isEqualTo("SEE_ERROR_DETAIL");
        assertThat(r.getArrayError().getDetailCode()).isEqualTo("30000E-2-2E31-9A01");
        assertThat(r.getArrayError().getErrorSource()).endsWith("/actions/split/invoke");
        assertThat(j.createWebClient().getPage(build, "shadowimage/").asNormalizedText())
                .contains("KART30000-E", "SSB 2E31/9A01", "solutionType SEE_ERROR_DETAIL", "detailCode 30000E-2-2E31-9A01");
        assertThat(j.createWebClient().goTo(build.getUrl() + "shadowimage/api/json?depth=2", "application/json")
                .getWebResponse().getContentAsString())
                .contains("\"solutionType\":\"SEE_ERROR_DETAIL\"", "\"detailCode\":\"30000E-2-2E31-9A01\"", "\"errorSource\"");
    }

    @Test
    void aConnectionFailureRecordsNoArrayError(JenkinsRule j) throws Exception {
        FreeStyleBuild build = j.buildAndAssertSuccess(j.createFreeStyleProject());
        ShadowImageRunAction action = ShadowImageRunAction.of(build);
        action.begin(new PairOperationRecord("op1", "split", "vsp1", "https://svp.example.com", null, "CG1", "p1", 1L));
        VspApiException unavailable = new VspApiException(503, "GET", "/ConfigurationManager/configuration/version", null,
                null, "service unavailable");
        action.update("op1", r -> r.failed(false, "siSplitPair failed", new ShadowImageException(
                ShadowImageException.Category.CONNECTION, "unavailable", unavailable), null, null, null, 2L));
        assertThat(reloaded(j, build).find("op1").getArrayError()).isNull();
    }

    /** The action as Jenkins loads it from {@code build.xml}. */
    private static ShadowImageRunAction reloaded(JenkinsRule j, FreeStyleBuild build) throws Exception {
        build.getParent()._getRuns().purgeCache();
        FreeStyleBuild loaded = build.getParent().getBuildByNumber(build.getNumber());
        assertThat(loaded).as("loaded anew from disk").isNotSameAs(build);
        return loaded.getAction(ShadowImageRunAction.class);
    }
}
