package io.jenkins.plugins.shadowimage.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.client.model.ApiError;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.report.PairOperationRecord.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an engine result or failure becomes in a run's record, and how the record reads. */
class PairOperationRecordTest {

    private static final Instant SEEN_PSUS = Instant.parse("2026-12-03T10:00:01Z");
    private static final Instant FIRST_READ = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant MEMBER_SPLIT = Instant.parse("2026-12-03T10:05:07Z");

    private static PairOperationRecord pairRecord(String operation) {
        return new PairOperationRecord("op1", operation, "vsp1", "https://svp.example.com", "934000400123", "CG1", "p1", 1_000L);
    }

    @Test
    void aPairFoundSplitShowsItsBoundAndNeverAFreezeTime() {
        PairOperationRecord r = pairRecord("split");
        // Even if a status history reached the record, a pair found split must not be dated by it.
        r.succeeded(OperationType.SPLIT, PairInfo.builder().operation("split").outcome("ALREADY_SPLIT").target("CG1/p1")
                .copyGroupName("CG1").copyPairName("p1").statusObservedAt(Map.of("PSUS", SEEN_PSUS))
                .splitNotLaterThan(FIRST_READ).build(), 6_000L);
        assertThat(r.getSplitTime()).isNull();
        assertThat(r.getSplitNotLaterThan()).isEqualTo(FIRST_READ.toString());
        assertThat(r.getSplitText()).isEqualTo("split before this run, not later than " + FIRST_READ);
        assertThat(r.getOutcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.getMessage()).isEqualTo("ALREADY_SPLIT");
    }

    @Test
    void aSplitOfThisRunShowsWhenTheSplitWasFirstObserved() {
        PairOperationRecord r = pairRecord("split");
        r.statusBefore("PAIR");
        r.statusBefore("PSUS");
        r.succeeded(OperationType.SPLIT, PairInfo.builder().operation("split").outcome("SPLIT").target("CG1/p1")
                .copyGroupName("CG1").copyPairName("p1").statusObservedAt(Map.of("PSUS", SEEN_PSUS))
                .jobIds(List.of(7L, 8L)).build(), 6_000L);
        assertThat(r.getSplitTime()).isEqualTo(SEEN_PSUS.toString());
        assertThat(r.getSplitNotLaterThan()).isNull();
        assertThat(r.getSplitText()).isEqualTo(SEEN_PSUS.toString());
        assertThat(r.getStatusBefore()).as("the first status given stays").isEqualTo("PAIR");
        assertThat(r.getJobIds()).containsExactly(7L, 8L);
        assertThat(r.getDurationMillis()).isEqualTo(5_000L);
        assertThat(r.getDurationText()).isEqualTo("5 s");
        assertThat(r.getTarget()).isEqualTo("CG1 / p1");
    }

    @Test
    void aResyncIsNeverDatedAsAFreeze() {
        PairOperationRecord r = pairRecord("resync");
        r.succeeded(OperationType.RESYNC, PairInfo.builder().operation("resync").outcome("RESYNCED").target("CG1/p1")
                .copyGroupName("CG1").copyPairName("p1").statusObservedAt(Map.of("PSUS", SEEN_PSUS)).build(), 2_000L);
        assertThat(r.getSplitTime()).isNull();
        assertThat(r.getSplitText()).isEmpty();
    }

    @Test
    void groupMembersEachShowTheirLdevsAndTheirOwnSplitFacts() {
        PairOperationRecord r = new PairOperationRecord("g1", "split-group", "vsp1", "https://svp.example.com", null,
                "DB", null, 1L);
        assertThat(r.getTarget()).isEqualTo("DB (whole group)");
        assertThat(r.getDurationText()).isEqualTo("running");
        PairInfo before = PairInfo.builder().operation("split").outcome("ALREADY_SPLIT").target("DB/data")
                .copyGroupName("DB").copyPairName("data").splitNotLaterThan(FIRST_READ).build();
        PairInfo now = PairInfo.builder().operation("split").outcome("SPLIT").target("DB/log")
                .copyGroupName("DB").copyPairName("log").statusObservedAt(Map.of("PSUS", MEMBER_SPLIT)).build();
        r.succeeded(OperationType.GROUP_SPLIT, PairInfo.builder().operation("split-group").outcome("SPLIT")
                .target("DB").copyGroupName("DB").addPair(before).addPair(now).build(), 60_001L);

        assertThat(r.getMembers()).extracting(MemberRecord::getCopyPairName).containsExactly("data", "log");
        assertThat(r.getMembers().get(0).getSplitNotLaterThan()).isEqualTo(FIRST_READ.toString());
        assertThat(r.getMembers().get(0).getSplitTime()).isNull();
        assertThat(r.getMembers().get(0).getOutcome()).isEqualTo("ALREADY_SPLIT");
        assertThat(r.getMembers().get(0).getSplitText()).isEqualTo("split before this run, not later than " + FIRST_READ);
        assertThat(r.getMembers().get(1).getSplitTime()).isEqualTo(MEMBER_SPLIT.toString());
        assertThat(r.getSplitNotLaterThan()).as("not every member was split before").isNull();
        assertThat(r.getDurationText()).isEqualTo("1 min");
    }

    @Test
    void aRefusedOperationKeepsTheArraysCodesAndWhatItLastKnewOfThePair() throws Exception {
        PairOperationRecord r = pairRecord("split");
        ApiError error = new ApiError("/ConfigurationManager/v1/objects/local-clone-copypairs/CG1,CG1P_,CG1S_,p1/actions/split/invoke",
                "KART30000-E", "The operation failed.", "The pair status does not allow it.", "Check the pair status.",
                "SEE_ERROR_DETAIL", new ObjectMapper().readTree("{\"SSB1\":\"2E31\",\"SSB2\":\"9A01\"}"),
                "30000E-2-2E31-9A01");
        VspApiException refused = new VspApiException(412, "POST", "/ConfigurationManager/v1/objects/jobs/7", error, 7L, null);
        PairInfo partial = PairInfo.builder().operation("split").outcome("FAILED").target("CG1/p1").copyGroupName("CG1")
                .copyPairName("p1").build();
        r.failed(false, "siSplitPair failed", new ShadowImageException(ShadowImageException.Category.REJECTED_BY_ARRAY, "refused",
                refused, partial), partial, "PAIR", List.of(7L), 3_000L);

        assertThat(r.getOutcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.getMessage()).isEqualTo("siSplitPair failed");
        assertThat(r.getStatusAfter()).as("the last status read, as the partial result has none").isEqualTo("PAIR");
        assertThat(r.getJobIds()).containsExactly(7L);
        ArrayErrorRecord a = r.getArrayError();
        assertThat(a.getMessageId()).isEqualTo("KART30000-E");
        assertThat(a.getSsb1()).isEqualTo("2E31");
        assertThat(a.getSsb2()).isEqualTo("9A01");
        assertThat(a.getSolutionType()).isEqualTo("SEE_ERROR_DETAIL");
        assertThat(a.getDetailCode()).isEqualTo("30000E-2-2E31-9A01");
        assertThat(a.getErrorSource()).endsWith("/actions/split/invoke");
        assertThat(a.getSummary()).startsWith(
                "KART30000-E, SSB 2E31/9A01, solutionType SEE_ERROR_DETAIL, detailCode 30000E-2-2E31-9A01, errorSource /");
        assertThat(r.toMap().get("arrayError")).isEqualTo(a.toMap());
    }

    @Test
    void aConnectionFailureOrAnAbortRecordsNoArrayError() {
        PairOperationRecord r = pairRecord("split");
        VspApiException unavailable = new VspApiException(503, "GET", "/ConfigurationManager/configuration/version", null,
                null, "service unavailable");
        r.failed(false, "siSplitPair failed", new ShadowImageException(ShadowImageException.Category.CONNECTION,
                "unavailable", unavailable), null, null, null, 2_000L);
        assertThat(r.getArrayError()).isNull();
        PairOperationRecord aborted = pairRecord("split");
        aborted.failed(true, "aborted by the user", null, null, "COPY", List.of(), 2_000L);
        assertThat(aborted.getOutcome()).isEqualTo(Outcome.ABORTED);
        assertThat(aborted.getStatusAfter()).isEqualTo("COPY");
        assertThat(aborted.getArrayError()).isNull();
    }

    @Test
    void theRecordedUrlHasNoUserInfoAndNoPath() {
        assertThat(new PairOperationRecord("id", "split", "vsp", "https://admin:pa/ss@svp.example.com", null, "g", "p", 0L)
                .getArrayUrl()).isEqualTo("https://svp.example.com");
        assertThat(new PairOperationRecord("id", "split", "vsp", "https://svp.example.com/t0ken", null, "g", "p", 0L)
                .getArrayUrl()).isNull();
    }

    @Test
    void theExportHasEveryFactUnderItsFormerName() {
        PairOperationRecord r = pairRecord("split");
        r.succeeded(OperationType.SPLIT, PairInfo.builder().operation("split").outcome("SPLIT").target("CG1/p1")
                .copyGroupName("CG1").copyPairName("p1").statusObservedAt(Map.of("PSUS", SEEN_PSUS)).build(), 2_000L);
        Map<String, Object> m = r.toMap();
        assertThat(m.keySet()).containsExactly("arrayError", "arrayUrl", "copyGroupName", "copyPairName",
                "durationMillis", "finishedAt", "id", "jobIds", "members", "message", "operation", "outcome",
                "pvolLdevId", "splitNotLaterThan", "splitTime", "startedAt", "statusAfter", "statusBefore", "storage",
                "storageDeviceId", "svolLdevId");
        assertThat(m).containsEntry("outcome", "SUCCESS").containsEntry("splitTime", SEEN_PSUS.toString())
                .containsEntry("storageDeviceId", "934000400123").containsEntry("durationMillis", 1_000L);
    }

    @Test
    void aSurfacesListKeepsOneRecordPerIdSoThatAResumedOperationFindsItsOwn() {
        List<PairOperationRecord> records = new java.util.ArrayList<>();
        PairOperationRecord first = pairRecord("split");
        assertThat(OperationRecords.addOnce(records, first)).isTrue();
        assertThat(OperationRecords.addOnce(records, pairRecord("split"))).as("the same id again").isFalse();
        PairOperationRecord other = new PairOperationRecord("op2", "resync", "vsp1", "https://svp.example.com", null, "CG1",
                "p1", 2_000L);
        assertThat(OperationRecords.addOnce(records, other)).isTrue();
        assertThat(records).containsExactly(first, other);
        assertThat(OperationRecords.find(records, "op1")).isSameAs(first);
        assertThat(OperationRecords.find(records, "op3")).isNull();
    }
}
