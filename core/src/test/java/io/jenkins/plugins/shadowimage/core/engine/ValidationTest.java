package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every validation rule: rejected with a clear message and without a single request to the array. */
class ValidationTest extends EngineTestBase {

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("pvol LDEV above 65279", OperationType.CREATE, b -> b.pvolLdevId(65280), "pvolLdevId must be 0-65279"),
                bad("negative svol LDEV", OperationType.CREATE, b -> b.svolLdevId(-1), "svolLdevId must be 0-65279"),
                bad("same LDEV twice", OperationType.CREATE, b -> b.svolLdevId(100), "pvolLdevId and svolLdevId must differ"),
                bad("create without pvol", OperationType.CREATE, b -> b.pvolLdevId(null), "pvolLdevId is required"),
                bad("create without svol", OperationType.CREATE, b -> b.svolLdevId(null), "svolLdevId is required"),
                bad("missing group", OperationType.SPLIT, b -> b.copyGroupName(null), "copyGroupName is required"),
                bad("missing pair name", OperationType.SPLIT, b -> b.copyPairName(null), "copyPairName is required"),
                bad("group name of 30 chars", OperationType.CREATE, b -> b.copyGroupName("G".repeat(30)),
                        "copyGroupName must be 1-29 characters"),
                bad("empty group name", OperationType.CREATE, b -> b.copyGroupName(""), "copyGroupName must be 1-29"),
                bad("pair name of 32 chars", OperationType.CREATE, b -> b.copyPairName("p".repeat(32)),
                        "copyPairName must be 1-31 characters"),
                bad("device group name of 32 chars", OperationType.CREATE, b -> b.pvolDeviceGroupName("d".repeat(32)),
                        "pvolDeviceGroupName must be 1-31"),
                bad("svol device group of 32 chars", OperationType.SPLIT, b -> b.svolDeviceGroupName("d".repeat(32)),
                        "svolDeviceGroupName must be 1-31"),
                bad("comma in a name", OperationType.CREATE, b -> b.copyPairName("a,b"), "no comma, space or slash"),
                bad("space in a name", OperationType.RESYNC, b -> b.copyGroupName("my group"), "no comma, space or slash"),
                bad("slash in a name", OperationType.DELETE, b -> b.copyPairName("a/b"), "no comma, space or slash"),
                bad("same device groups", OperationType.CREATE, b -> b.pvolDeviceGroupName("DG").svolDeviceGroupName("DG"),
                        "must differ"),
                bad("MU 3", OperationType.CREATE, b -> b.pvolMuNumber(3), "pvolMuNumber must be 0-2"),
                bad("MU -1", OperationType.CREATE, b -> b.pvolMuNumber(-1), "pvolMuNumber must be 0-2"),
                bad("copyPace 0", OperationType.CREATE, b -> b.copyPace(0), "copyPace must be 1-15"),
                bad("copyPace 16", OperationType.SPLIT, b -> b.copyPace(16), "copyPace must be 1-15"),
                bad("CTG 256", OperationType.CREATE, b -> b.consistencyGroupId(256), "consistencyGroupId must be 0-255"),
                bad("CTG -1", OperationType.CREATE, b -> b.consistencyGroupId(-1), "consistencyGroupId must be 0-255"),
                bad("quickMode without autoSplit", OperationType.CREATE, b -> b.quickMode(true), "requires autoSplit"),
                bad("autoSplit with a new CTG", OperationType.CREATE, b -> b.autoSplit(true).consistencyGroupId(3),
                        "autoSplit cannot be combined"),
                bad("option of another operation", OperationType.SPLIT, b -> b.autoSplit(true), "not an option of split"),
                bad("copyPace on delete", OperationType.DELETE, b -> b.copyPace(3), "not an option of delete"),
                bad("pair name on a group operation", OperationType.GROUP_SPLIT, b -> b.pvolLdevId(null).svolLdevId(null),
                        "copyPairName is not used by group-split"),
                bad("zero timeout", OperationType.SPLIT, b -> b.timeout(Duration.ZERO), "timeout must be positive"),
                bad("timeout beyond 100 years", OperationType.CREATE, b -> b.timeout(Duration.ofDays(36_501)),
                        "timeout must be at most 36500 days"),
                bad("timeout that would overflow the deadline", OperationType.SPLIT,
                        b -> b.timeout(Duration.ofSeconds(Long.MAX_VALUE)), "timeout must be at most"),
                bad("create with neither LDEV", OperationType.CREATE, b -> b.pvolLdevId(null).svolLdevId(null),
                        "pvolLdevId is required"),
                bad("waitFor=ACCEPTED on status", OperationType.STATUS, b -> b.waitFor(WaitFor.ACCEPTED),
                        "not supported by status"));
    }

    private static Arguments bad(String name, OperationType type, UnaryOperator<PairRequest.Builder> change,
            String expected) {
        return Arguments.of(name, type, change, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectedBeforeAnyRequest(String name, OperationType type, UnaryOperator<PairRequest.Builder> change,
            String expected) {
        admin.clearRequestLog();
        PairRequest.Builder b = SimSupport.pair("CG1", "p1", 100, 101);
        if (type != OperationType.CREATE && type.isPairLevel()) {
            b.pvolLdevId(null).svolLdevId(null);
        }
        PairRequest request = change.apply(b).build();
        assertThatThrownBy(() -> run(type, request))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.VALIDATION);
                    assertThat(e.category().exitCode()).isEqualTo(2);
                    assertThat(e.getMessage()).contains(expected);
                });
        assertThat(admin.requests()).as("requests sent for an invalid request").isEmpty();
    }

    @Test
    void everyProblemIsListedAtOnce() {
        PairRequest r = SimSupport.pair("bad name", "p1", 70000, 70000).copyPace(99).build();
        assertThatThrownBy(() -> r.validate(OperationType.CREATE)).hasMessageContaining("copyGroupName")
                .hasMessageContaining("pvolLdevId must be").hasMessageContaining("copyPace must be 1-15");
    }

    @Test
    void validRequestsPass() throws Exception {
        SimSupport.pair("CG_1.x:y@z-", "p".repeat(31), 0, 65279).copyPace(15).pvolMuNumber(0).consistencyGroupId(255)
                .build().validate(OperationType.CREATE);
        SimSupport.pair("G".repeat(29), "p", 1, 2).autoSplit(true).quickMode(true).build().validate(OperationType.CREATE);
        PairRequest.builder().copyGroupName("G").copyPace(1).quickMode(true).build().validate(OperationType.GROUP_RESYNC);
    }

    @Test
    void ldevZeroGivenExplicitlyIsValid() throws Exception {
        SimSupport.pair("CG1", "p1", 0, 1).build().validate(OperationType.CREATE);
        SimSupport.pair("CG1", "p1", 1, 0).build().validate(OperationType.CREATE);
    }

    /** A persisted create whose LDEV id is absent or not a number is refused, never read back as LDEV 0. */
    @ParameterizedTest(name = "pvolLdevId {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"\"\"", "\"abc\"", "1.5", "4294967296", "null", "true"})
    void aPersistedCreateWithoutARealLdevIdIsRefused(String pvol) throws Exception {
        OperationState st = OperationState.start(OperationType.CREATE, SimSupport.pair("CG1", "p1", 100, 101).build(),
                java.time.Instant.now());
        String json = st.toJson();
        assertThat(json).contains("\"pvolLdevId\":100");
        String broken = json.replace("\"pvolLdevId\":100", "\"pvolLdevId\":" + pvol);
        assertThatThrownBy(() -> OperationState.fromJson(broken)).isInstanceOf(IllegalArgumentException.class);
        assertThat(OperationState.fromJson(json).request().pvolLdevId()).isEqualTo(100);
        String zero = json.replace("\"pvolLdevId\":100", "\"pvolLdevId\":0");
        assertThat(OperationState.fromJson(zero).request().pvolLdevId()).isZero();
    }

    @Test
    void capacityMismatchIsRejectedBeforeTheCreateIsSent() {
        admin.clearRequestLog();
        assertThatThrownBy(() -> create("CG1", "p1", 100, 400))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.VALIDATION);
                    assertThat(e.getMessage()).contains("same capacity").contains("100").contains("400");
                });
        assertThat(admin.requestCount("POST", "/local-clone-copypairs")).isZero();
    }

    @Test
    void missingLdevIsRejectedBeforeTheCreateIsSent() {
        admin.clearRequestLog();
        assertThatThrownBy(() -> create("CG1", "p1", 100, 5000))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(ShadowImageException.Category.VALIDATION);
                    assertThat(e.getMessage()).contains("S-VOL LDEV 5000");
                });
        assertThat(admin.requestCount("POST", "/local-clone-copypairs")).isZero();
    }
}
