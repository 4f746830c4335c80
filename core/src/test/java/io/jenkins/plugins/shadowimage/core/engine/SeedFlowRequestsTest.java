package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.TestRuntime;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.SimulatorSetup;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The common flow (version check, create, split, status: Hitachi's sample flow) with the engine's defaults, counted
 * from the array's request log: every safety read is still made, shared where one read answers two operations.
 */
class SeedFlowRequestsTest {
    /** A fresh simulator for each test: the version check is counted per array URL. */
    @RegisterExtension
    final VspSimulatorExtension array = VspSimulatorExtension.create(SimSupport.config());

    /** The initial copy takes minutes: a split accepted during it is still waiting for it at the status read. */
    static SimulatorConfig.Builder slowInitialCopy() {
        return SimSupport.config().copyRateMiBPerSecondPerPace(1);
    }

    static SimulatorConfig.Builder rateLimited() {
        return SimSupport.config().requestRateLimit(3);
    }

    /** The engine's defaults, but a wider sharing window so that a loaded machine cannot stretch it. */
    private static EngineOptions options() {
        return EngineOptions.builder().statusPollMin(Duration.ofSeconds(1)).build();
    }

    @Test
    @SimulatorSetup("slowInitialCopy")
    void createSplitStatusInTwelveRequests() throws Exception {
        VspSimulator sim = array.simulator();
        try (ArrayAccess access = SimSupport.access(sim, ClientOptions.defaults())) {
            PairInfo created = run(access, OperationType.CREATE, SimSupport.pair("SI_347", "p_347-348", 347, 348)
                    .waitFor(WaitFor.ACCEPTED).build());
            assertThat(created.outcome()).isEqualTo("ACCEPTED");
            PairInfo split = run(access, OperationType.SPLIT, SimSupport.pairRef("SI_347", "p_347-348").copyPace(3)
                    .waitFor(WaitFor.ACCEPTED).build());
            assertThat(split.outcome()).isEqualTo("ACCEPTED");
            PairInfo status = run(access, OperationType.STATUS, SimSupport.pairRef("SI_347", "p_347-348").build());
            assertThat(status.outcome()).isEqualTo("STATUS");
            assertThat(status.pvolStatus()).isEqualTo("COPY");
        }
        List<String> sequence = sim.admin().requests().stream().map(RequestRecord::endpoint).toList();
        // The version is read once per array URL in this JVM: not at all when an earlier simulator of this
        // JVM had the same port.
        assertThat(sequence.subList(0, 1)).isSubsetOf("GET /configuration/version", "POST /sessions");
        assertThat(sequence.stream().dropWhile("GET /configuration/version"::equals)).containsExactly(
                "POST /sessions",
                "GET /local-clone-copygroups/{id}",
                "GET /ldevs",                               // both volumes in one read
                "POST /local-clone-copypairs",
                "GET /jobs/{id}",
                "GET /local-clone-copypairs/{id}",          // the create's confirmation, also the split's check
                "POST /local-clone-copypairs/{id}/actions/split/invoke",
                "GET /jobs/{id}",
                "GET /local-clone-copypairs/{id}",          // the split's confirmation, also the status
                "DELETE /sessions/{id}");
        assertThat(sequence).hasSizeLessThanOrEqualTo(12);
    }

    @Test
    void farApartVolumesAreReadOneByOne() throws Exception {
        VspSimulator sim = array.simulator();
        try (ArrayAccess access = SimSupport.access(sim, ClientOptions.defaults())) {
            run(access, OperationType.CREATE, SimSupport.pair("G", "p", 100, 100 + io.jenkins.plugins.shadowimage.core.engine.policy.CreatePolicy.LDEV_LIST_SPAN)
                    .waitFor(WaitFor.ACCEPTED).build());
            assertThat(sim.admin().requestCount("GET", "/ldevs/[0-9]+$")).isEqualTo(2);
            assertThat(sim.admin().requestCount("GET", "/ldevs$")).isZero();
        }
    }

    @Test
    void aVolumeTheLdevListLeavesOutIsReadOnItsOwn() throws Exception {
        // 131 is defined, 133 is not: the list (defined LDEVs only) leaves 133 out; its own read says NOT DEFINED.
        VspSimulator sim = array.simulator();
        try (ArrayAccess access = SimSupport.access(sim, ClientOptions.defaults())) {
            ShadowImageException e = org.junit.jupiter.api.Assertions.assertThrows(ShadowImageException.class,
                    () -> run(access, OperationType.CREATE, SimSupport.pair("G", "p", 131, 133).build()));
            assertThat(e.getMessage()).contains("S-VOL LDEV 133 is not defined");
            assertThat(sim.admin().requestCount("GET", "/ldevs$")).isEqualTo(1);
            assertThat(sim.admin().requestCount("GET", "/ldevs/133$")).isEqualTo(1);
            assertThat(sim.admin().requestCount("POST", "/local-clone-copypairs$")).isZero();
        }
    }

    @Test
    void theVersionIsCheckedOncePerArrayInThisJvm() throws Exception {
        VspSimulator sim = array.simulator();
        for (int i = 0; i < 2; i++) {
            try (ArrayAccess access = SimSupport.access(sim, ClientOptions.defaults())) {
                run(access, OperationType.STATUS, SimSupport.pairRef("G", "p").build());
            }
        }
        // Once (none when an earlier simulator of this JVM had the same port).
        assertThat(sim.admin().requestCount("GET", "/configuration/version$")).isLessThanOrEqualTo(1);
    }

    @Test
    @SimulatorSetup("rateLimited")
    void operationsSucceedAgainstAnArrayThatLimitsItsRequestRate() throws Exception {
        VspSimulator sim = array.simulator();
        try (ArrayAccess access = SimSupport.access(sim)) {
            PairInfo created = run(access, OperationType.CREATE, SimSupport.pair("G", "p", 100, 101).build());
            assertThat(created.pvolStatus()).isEqualTo("PAIR");
            PairInfo split = run(access, OperationType.SPLIT, SimSupport.pairRef("G", "p").build());
            assertThat(split.pvolStatus()).isEqualTo("PSUS");
        }
        assertThat(sim.admin().requests()).anyMatch(r -> r.status() == 503);
        // Even the session discards, refused while the server is busy, get through.
        SimSupport.assertNoOpenSessions(sim);
    }

    private static PairInfo run(ArrayAccess access, OperationType type, PairRequest request) throws ShadowImageException {
        return TestRuntime.run(access, ProgressListener.NONE, options(), OperationState.start(type, request, Instant.now()),
                StateSink.NONE);
    }
}
