package io.jenkins.plugins.shadowimage.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.ParameterChecks;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import io.jenkins.plugins.shadowimage.core.engine.WaitTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Step parameters become an engine request and a first state by core's rules, with nothing sent. */
class PairParametersTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static PairParameters pair(String group, String name) {
        PairParameters p = new PairParameters();
        p.copyGroupName(group);
        p.copyPairName(name);
        return p;
    }

    @Test
    void blankNamesUntickedFlagsAndNonPositiveTimeoutsAreAbsent() {
        PairParameters p = pair(" CG1 ", "  ");
        p.pvolDeviceGroupName("");
        p.quickMode(false);
        p.autoSplit(Boolean.FALSE);
        p.dataReductionForceCopy(false);
        p.timeoutMinutes(0);
        p.waitFor(null);
        PairRequest r = p.request(null);
        assertThat(r.copyGroupName()).isEqualTo("CG1");
        assertThat(r.copyPairName()).isNull();
        assertThat(r.pvolDeviceGroupName()).isNull();
        assertThat(r.quickMode()).isNull();
        assertThat(r.autoSplit()).isNull();
        assertThat(r.dataReductionForceCopy()).isNull();
        assertThat(r.timeout()).isNull();
        assertThat(r.waitFor()).isEqualTo(WaitFor.COMPLETION);
    }

    @Test
    void theStepsTimeoutWinsOverTheSurfacesDefaultAndNoneMeansTheEnginesDefault() throws Exception {
        PairParameters p = pair("CG1", "p1");
        assertThat(p.request(Duration.ofMinutes(600)).timeout()).isEqualTo(Duration.ofMinutes(600));
        OperationState split = p.start(OperationType.SPLIT, null, NOW);
        assertThat(split.deadline()).isEqualTo(NOW.plus(EngineOptions.defaultTimeout(OperationType.SPLIT)));
        p.timeoutMinutes(7);
        assertThat(p.start(OperationType.SPLIT, Duration.ofMinutes(600), NOW).deadline()).isEqualTo(NOW.plus(Duration.ofMinutes(7)));
    }

    @Test
    void aWaitWithoutAPairWaitsForTheGroupAndNeedsItsTarget() throws Exception {
        PairParameters p = pair("CG1", null);
        assertThat(p.effectiveType(OperationType.WAIT)).isEqualTo(OperationType.GROUP_WAIT);
        assertThatThrownBy(() -> p.start(OperationType.WAIT, null, NOW)).isInstanceOf(ValidationException.class)
                .hasMessage("invalid group-wait request: 'until' is required: PAIR, SPLIT, COPY or GONE");
        p.until(WaitTarget.SPLIT);
        OperationState st = p.start(OperationType.WAIT, null, NOW);
        assertThat(st.type()).isEqualTo(OperationType.GROUP_WAIT);
        assertThat(st.targetStatus()).isEqualTo("PSUS");
        p.copyPairName("p1");
        assertThat(p.start(OperationType.WAIT, null, NOW).type()).isEqualTo(OperationType.WAIT);
    }

    @Test
    void aDryRunIsOnlyEverADryRunOfAChange() throws Exception {
        PairParameters p = pair("CG1", "p1");
        p.dryRun(true);
        assertThat(p.start(OperationType.SPLIT, null, NOW).isDryRun()).isTrue();
        assertThat(p.start(OperationType.STATUS, null, NOW).isDryRun()).isFalse();
        p.dryRun(false);
        assertThat(p.start(OperationType.SPLIT, null, NOW).isDryRun()).isFalse();
    }

    @Test
    void invalidParametersAreRefusedBeforeAnythingIsSent() {
        PairParameters p = pair("CG1", "p1");
        p.copyPace(16);
        assertThatThrownBy(() -> p.start(OperationType.SPLIT, null, NOW)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("copyPace must be 1-15 (got 16)");
    }

    @Test
    void aListingRefusesLdevGuardsAndDeviceGroupsWithoutAGroup() throws Exception {
        PairParameters every = pair(null, null);
        assertThat(every.lists()).isTrue();
        assertThat(every.listedGroup()).isNull();
        every.svolLdevId(348);
        assertThatThrownBy(every::listedGroup).hasMessage("pvolLdevId/svolLdevId check one pair: give copyPairName too");
        PairParameters dgOnly = pair(null, null);
        dgOnly.pvolDeviceGroupName("X");
        assertThatThrownBy(dgOnly::listedGroup).hasMessageContaining("invalid status request");
        assertThat(pair("DB", null).listedGroup().copyGroupName()).isEqualTo("DB");
    }

    @Test
    void aFormChecksOneFieldByTheRulesOfTheRequest() {
        assertThat(ParameterChecks.check("copyGroupName", "CG,1", true)).contains("may contain only letters");
        assertThat(ParameterChecks.check("copyGroupName", "", true)).isEqualTo("copyGroupName is required");
        assertThat(ParameterChecks.check("copyPairName", "", false)).isNull();
        assertThat(ParameterChecks.check("svolLdevId", "65280", false)).isEqualTo("svolLdevId must be 0-65279 (got 65280)");
        assertThat(ParameterChecks.check("pvolLdevId", " ", true)).startsWith("pvolLdevId is required");
        assertThat(ParameterChecks.check("svolLdevId", "0", true)).isNull();
        assertThat(ParameterChecks.check("copyPace", "x", false)).isEqualTo("copyPace must be a whole number (got 'x')");
        assertThat(ParameterChecks.check("pvolMuNumber", "3", false)).isEqualTo("pvolMuNumber must be 0-2 (got 3)");
        assertThat(ParameterChecks.check("timeout", "0", false)).startsWith("timeout must be 1-");
    }

    @Test
    void aStepsFormRequiresExactlyTheFieldsItsStartRefusesToDoWithout() {
        List<OperationType> steps = List.of(OperationType.CREATE, OperationType.SPLIT, OperationType.RESYNC,
                OperationType.RESTORE, OperationType.DELETE, OperationType.GROUP_SPLIT, OperationType.GROUP_RESYNC,
                OperationType.WAIT);
        for (OperationType type : steps) {
            for (String param : List.of("copyGroupName", "copyPairName", "pvolLdevId", "svolLdevId")) {
                PairParameters p = new PairParameters();
                p.copyGroupName(param.equals("copyGroupName") ? null : "CG1");
                p.copyPairName(param.equals("copyPairName") || !type.isPairLevel() ? null : "p1");
                p.pvolLdevId(param.equals("pvolLdevId") || type != OperationType.CREATE ? null : 1);
                p.svolLdevId(param.equals("svolLdevId") || type != OperationType.CREATE ? null : 2);
                p.until(WaitTarget.PAIR);
                String refusal;
                try {
                    p.start(type, null, Instant.now());
                    refusal = null;
                } catch (ValidationException e) {
                    refusal = e.getMessage();
                }
                boolean refused = refusal != null && refusal.contains(param + " is required");
                assertThat(ParameterChecks.required(type, param)).as(type + " " + param + ": " + refusal).isEqualTo(refused);
                assertThat(ParameterChecks.check(type, param, "") != null).as(type + " " + param + " on the form").isEqualTo(refused);
            }
        }
        // A status read without them lists; it requires nothing.
        assertThat(List.of("copyGroupName", "copyPairName", "pvolLdevId", "svolLdevId"))
                .noneMatch(param -> ParameterChecks.required(OperationType.STATUS, param));
    }
}
