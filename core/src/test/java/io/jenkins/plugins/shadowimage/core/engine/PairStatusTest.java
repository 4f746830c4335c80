package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Wire values to statuses, and what each status means for the engine's decisions. */
class PairStatusTest {

    @Test
    void everyReportedValueIsRecognisedWhateverItsCase() {
        for (PairStatus s : PairStatus.values()) {
            if (s != PairStatus.UNKNOWN) {
                assertThat(PairStatus.of(s.wire())).isEqualTo(s);
                assertThat(PairStatus.of(" " + s.wire().toLowerCase(java.util.Locale.ROOT) + " ")).isEqualTo(s);
            }
        }
        assertThat(PairStatus.of("PSUS(SP)")).isEqualTo(PairStatus.PSUS_SP);
        assertThat(PairStatus.of("COPY(RS-R)")).isEqualTo(PairStatus.COPY_RS_R);
        assertThat(PairStatus.of("XQZ")).isEqualTo(PairStatus.UNKNOWN);
        assertThat(PairStatus.of(null)).isEqualTo(PairStatus.UNKNOWN);
        assertThat(PairStatus.of("")).isEqualTo(PairStatus.UNKNOWN);
    }

    @Test
    void splitStatusesHoldAFrozenCopy() {
        assertThat(new PairStatus[] {PairStatus.PSUS, PairStatus.SSUS, PairStatus.PSUS_SP, PairStatus.SSUS_SP,
                PairStatus.PSUP, PairStatus.SSUP, PairStatus.PFUS, PairStatus.SSWS})
                .allSatisfy(s -> {
                    assertThat(s.isSplit()).as(s.name()).isTrue();
                    assertThat(s.isTransitional()).as(s.name()).isFalse();
                });
        assertThat(PairStatus.COPY_SP.isSplit()).isFalse();
        assertThat(PairStatus.COPY_SP.isCopying()).isTrue();
    }

    @Test
    void transitionalStatusesKeepTheEngineWaiting() {
        assertThat(new PairStatus[] {PairStatus.COPY, PairStatus.COPY_PD, PairStatus.COPY_SP, PairStatus.COPY_RS,
                PairStatus.COPY_RS_R, PairStatus.CPYP, PairStatus.RCPY, PairStatus.SMPP, PairStatus.SMPL_PD,
                PairStatus.UNKNOWN}).allSatisfy(s -> assertThat(s.isTransitional()).as(s.name()).isTrue());
        assertThat(new PairStatus[] {PairStatus.SMPL, PairStatus.PAIR, PairStatus.PFUL, PairStatus.PSUS,
                PairStatus.SSUS, PairStatus.PSUE}).allSatisfy(s -> assertThat(s.isTransitional()).as(s.name()).isFalse());
        assertThat(PairStatus.RCPY.isRestoring()).isTrue();
        assertThat(PairStatus.COPY_RS_R.isRestoring()).isTrue();
        assertThat(PairStatus.PSUE.isError()).isTrue();
        assertThat(PairStatus.PFUL.isPair()).isTrue();
        assertThat(PairStatus.SMPP.isDeleting()).isTrue();
    }

    @Test
    void anUnknownValueIsNamedWithItsRawText() {
        assertThat(PairStatus.describe("PSUS")).isEqualTo("PSUS");
        assertThat(PairStatus.describe("XQZ")).isEqualTo("\"XQZ\" (a status this tool does not know)");
        assertThat(PairStatus.describe(null)).isEqualTo("no status (a status this tool does not know)");
    }

    @Test
    void theNewStateFieldsSurviveTheJsonFormAndAnOldStateLoadsWithoutThem() throws Exception {
        PairRequest request = PairRequest.builder().copyGroupName("G1").timeout(Duration.ofMinutes(1)).build();
        OperationState start = OperationState.start(OperationType.GROUP_SPLIT, request, Instant.parse("2026-01-01T00:00:00Z"));
        String old = start.toJson();
        WorkingState st = start.work();
        st.foundSplit(Instant.parse("2026-01-01T00:00:01Z"));
        st.alreadySplitMember("a");
        OperationState back = OperationState.fromJson(OperationState.of(st).toJson());
        assertThat(back.splitNotLaterThan()).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
        assertThat(back.alreadySplitMembers()).containsExactly("a");
        assertThat(back.toJson()).isEqualTo(st.toJson());

        OperationState loaded = OperationState.fromJson(old);
        assertThat(loaded.splitNotLaterThan()).isNull();
        assertThat(loaded.alreadySplitMembers()).isEmpty();
        assertThat(loaded.action()).isEqualTo(OperationType.GROUP_SPLIT);
    }
}
