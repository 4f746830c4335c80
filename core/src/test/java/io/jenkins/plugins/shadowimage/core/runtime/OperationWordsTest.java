package io.jenkins.plugins.shadowimage.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.WaitTarget;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a build log says about an operation, decided once for every surface. */
class OperationWordsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final OperationWords.Terms TERMS = new OperationWords.Terms("siPairStatus", " (Test connection)");

    private static PairParameters params(String group, String pair) {
        PairParameters p = new PairParameters();
        p.copyGroupName(group);
        p.copyPairName(pair);
        return p;
    }

    @Test
    void aStepsStatusNamesItsOperationAndWhetherItRuns() throws Exception {
        OperationState split = params("CG1", "p1").start(OperationType.SPLIT, null, NOW);
        assertThat(OperationWords.executionStatus("siSplitPair", split, false, null))
                .isEqualTo("siSplitPair CG1,CG1P_,CG1S_,p1: not running");
        assertThat(OperationWords.executionStatus("siSplitPair", split, true, null))
                .isEqualTo("siSplitPair CG1,CG1P_,CG1S_,p1: finished");
    }

    @Test
    void aWaitsFirstLineNamesThePairOrGroupAndTheStatusItWaitsFor() throws Exception {
        PairParameters p = params("CG1", "p1");
        p.until(WaitTarget.SPLIT);
        assertThat(OperationWords.startLine(p.start(OperationType.WAIT, null, NOW), "vsp1", "https://svp", null))
                .isEqualTo("waiting until pair CG1,CG1P_,CG1S_,p1 is SPLIT (PSUS/SSUS) on storage system 'vsp1' (https://svp) "
                        + "(reads only); timeout 2 h");
        PairParameters g = params("DB", null);
        g.until(WaitTarget.PAIR);
        assertThat(OperationWords.startLine(g.start(OperationType.WAIT, null, NOW), "vsp1", "https://svp", "934000400123"))
                .startsWith("waiting until every pair of copy group DB,DBP_,DBS_ is PAIR (PAIR/PAIR) on storage system 'vsp1' "
                        + "(https://svp, 934000400123)");
    }

    @Test
    void aChangeSaysWhatItWaitsForAndADryRunThatItOnlyReads() throws Exception {
        PairParameters p = params("CG1", "p1");
        assertThat(OperationWords.startLine(p.start(OperationType.SPLIT, null, NOW), "vsp1", "https://svp", null))
                .isEqualTo("split CG1,CG1P_,CG1S_,p1 on storage system 'vsp1' (https://svp); waits until it completes; timeout 1 h");
        p.dryRun(true);
        assertThat(OperationWords.startLine(p.start(OperationType.SPLIT, null, NOW), "vsp1", "https://svp", null))
                .isEqualTo("dry run of split CG1,CG1P_,CG1S_,p1 on storage system 'vsp1' (https://svp): only reads and checks, "
                        + "changes nothing; the plan follows");
    }

    @Test
    void othersReadWhoHoldsThePairAndWhatItDoes() throws Exception {
        OperationState resync = params("DB", null).start(OperationType.GROUP_RESYNC, null, NOW);
        assertThat(OperationWords.lockDescription(resync, "nightly #4")).isEqualTo("copy group DB,DBP_,DBS_ is being resynchronised by nightly #4");
    }

    @Test
    void theStatusBeforeIsUnknownUntilTheFirstRead() throws Exception {
        OperationState st = params("CG1", "p1").start(OperationType.SPLIT, null, NOW);
        assertThat(OperationWords.statusBefore(st)).isNull();
    }

    @Test
    void aFailureSaysWhatToDoNextInTheSurfacesWords() {
        ShadowImageException timeout = new ShadowImageException(ShadowImageException.Category.TIMEOUT, "split CG1: timed out");
        assertThat(OperationWords.failure("siSplitPair", timeout, "COPY", TERMS)).isEqualTo("siSplitPair failed: split CG1: timed out"
                + System.lineSeparator() + "The operation may still be running on the array (pair last seen COPY). Check it with "
                + "siPairStatus before retrying, or raise 'timeout'.");
        ShadowImageException connection = new ShadowImageException(ShadowImageException.Category.CONNECTION, "refused");
        assertThat(OperationWords.failure("siSplitPair", connection, null, TERMS)).endsWith("TLS trust (Test connection).");
    }

    @Test
    void aStepsArgumentsReadStorageGroupAndPair() {
        assertThat(OperationWords.arguments("vsp1", "DB", "p1")).isEqualTo("vsp1: DB / p1");
        assertThat(OperationWords.arguments(null, "DB", null)).isEqualTo("DB");
        assertThat(OperationWords.arguments("vsp1", null, "p1")).as("the step's own words then").isNull();
    }
}
