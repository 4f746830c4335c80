package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The UNCONFIRMED behaviours the simulator makes configurable: the engine copes with each variant. */
class SimulatorModesTest {

    private interface Body {
        void run(ArrayAccess access, SimSupport.Events events, VspSimulator sim) throws Exception;
    }

    private static void with(SimulatorConfig config, Body body) throws Exception {
        SimSupport.Events events = new SimSupport.Events();
        try (VspSimulator sim = VspSimulator.start(config)) {
            try (ArrayAccess access = SimSupport.access(sim)) {
                body.run(access, events, sim);
            }
            SimSupport.assertNoOpenSessions(sim);
            SimSupport.assertNoSecrets(events.text());
        }
    }

    @Test
    void rejectionsAsSynchronous412AreReportedWithTheirMessageId() throws Exception {
        with(SimSupport.config().rejectionMode(SimulatorConfig.RejectionMode.HTTP_412).build(), (access, events, sim) -> {
            SimSupport.run(access, events, OperationType.CREATE, SimSupport.pair("CG1", "p1", 100, 101).build());
            // the S-VOL is already in a pair: the array refuses
            assertThatThrownBy(() -> SimSupport.run(access, events, OperationType.CREATE,
                    SimSupport.pair("CG2", "p2", 102, 101).build()))
                    .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                        assertThat(e.category()).isEqualTo(ShadowImageException.Category.REJECTED_BY_ARRAY);
                        assertThat(e.apiError().httpStatus()).isEqualTo(412);
                        assertThat(e.getMessage()).contains("KART");
                    });
        });
    }

    @Test
    void rejectionsAsFailedJobsAreReportedWithTheirMessageId() throws Exception {
        with(SimSupport.config().build(), (access, events, sim) -> {
            SimSupport.run(access, events, OperationType.CREATE, SimSupport.pair("CG1", "p1", 100, 101).build());
            assertThatThrownBy(() -> SimSupport.run(access, events, OperationType.CREATE,
                    SimSupport.pair("CG2", "p2", 102, 101).build()))
                    .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                        assertThat(e.category()).isEqualTo(ShadowImageException.Category.REJECTED_BY_ARRAY);
                        assertThat(e.apiError().jobId()).isNotNull();
                        assertThat(e.getMessage()).contains("KART");
                    });
        });
    }

    @Test
    void jobsThatCompleteOnlyAtTheTargetStatus() throws Exception {
        with(SimSupport.config().siJobCompletion(SimulatorConfig.SiJobCompletion.ON_TARGET_STATUS).build(),
                (access, events, sim) -> {
                    PairInfo created = SimSupport.run(access, events, OperationType.CREATE,
                            SimSupport.pair("CG1", "p1", 100, 101).build());
                    assertThat(created.pvolStatus()).isEqualTo("PAIR");
                    PairInfo split = SimSupport.run(access, events, OperationType.SPLIT,
                            SimSupport.pairRef("CG1", "p1").build());
                    assertThat(split.pvolStatus()).isEqualTo("PSUS");
                });
    }

    @Test
    void quickSplitReportedAsPsupCountsAsSplit() throws Exception {
        // Jobs end at once and, once the pair is PAIR, the array's clock nearly stops: the quick split's background
        // copy runs for as long as the test does.
        with(SimSupport.config().reportPsupDuringQuickSplit(true).jobDuration(Duration.ZERO).build(),
                (access, events, sim) -> {
            SimSupport.run(access, events, OperationType.CREATE, SimSupport.pair("CG1", "p1", 400, 401).build());
            sim.admin().setTimeScale(0.001);
            PairInfo split = SimSupport.run(access, events, OperationType.SPLIT,
                    SimSupport.pairRef("CG1", "p1").quickMode(true).copyPace(1).build());
            assertThat(split.pvolStatus()).isEqualTo("PSUP");
            // a split of a pair that is PSUP is a no-op
            assertThat(SimSupport.run(access, events, OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").build())
                    .outcome()).isEqualTo("ALREADY_SPLIT");
        });
    }

    @Test
    void emptyGroupKeptAfterItsLastPairIsDeleted() throws Exception {
        with(SimSupport.config().deleteEmptyGroup(false).build(), (access, events, sim) -> {
            SimSupport.run(access, events, OperationType.CREATE, SimSupport.pair("CG1", "p1", 100, 101).build());
            SimSupport.run(access, events, OperationType.DELETE, SimSupport.pairRef("CG1", "p1").build());
            assertThat(sim.admin().copyGroups()).hasSize(1);
            // the next create adds to the existing group (isNewGroupCreation=false)
            PairInfo again = SimSupport.run(access, events, OperationType.CREATE,
                    SimSupport.pair("CG1", "p1", 100, 101).timeout(Duration.ofSeconds(60)).build());
            assertThat(again.pvolStatus()).isEqualTo("PAIR");
        });
    }

    @Test
    void sessionPerRequestBasicAuthServerStillWorks() throws Exception {
        with(SimSupport.config().basicAuthOnEveryEndpoint(false).putOnInvoke(false).build(), (access, events, sim) -> {
            assertThat(SimSupport.run(access, events, OperationType.CREATE, SimSupport.pair("CG1", "p1", 100, 101)
                    .build()).pvolStatus()).isEqualTo("PAIR");
        });
    }
}
