package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.simulator.Fault;
import io.jenkins.plugins.shadowimage.simulator.FaultKind;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An array that sends Retry-After as an HTTP date. A short date is waited in the call; a long one is bounded
 * to 5 minutes and handed back to the engine, which comes back after it holding no session meanwhile.
 */
class RetryAfterDateTest {
    private static final String PAIR_PATH = "/local-clone-copypairs/CG1,CG1P_,CG1S_,p1$";

    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimSupport.config().retryAfterAsHttpDate(true)
            .build());

    VspSimulator sim;
    SimulatorAdmin admin;
    ArrayAccess access;
    SimSupport.Events events = new SimSupport.Events();
    SimSupport.LogCapture logs;

    @BeforeEach
    void setUp() {
        sim = SIM.simulator();
        admin = sim.admin();
        access = SimSupport.access(sim);
        logs = new SimSupport.LogCapture();
    }

    @AfterEach
    void tearDown() {
        access.close();
        logs.closeAndCheck(sim);
    }

    @Test
    void aShortHttpDateIsWaitedAndTheReadSucceeds() throws Exception {
        SimSupport.run(access, events, OperationType.CREATE, SimSupport.pair("CG1", "p1", 100, 101).build());
        admin.injectFault(new Fault("GET", PAIR_PATH, FaultKind.HTTP_503, 1, 0, 2));
        // The create's own confirmation read would otherwise answer the status (shared reads live 0.25 s).
        access.statusReads().forget();
        PairInfo info = SimSupport.run(access, events, OperationType.STATUS, SimSupport.pairRef("CG1", "p1").build());
        assertThat(info.pvolStatus()).isEqualTo("PAIR");
        // The date is rounded up to a whole second by the simulator: the wait asked for is 2 to 3 s.
        assertThat(events.messages(ProgressEvent.Kind.RETRY)).singleElement().asString()
                .containsPattern("as asked \\(Retry-After [123]\\.\\d s\\)");
        assertThat(logs.text()).containsPattern("as asked \\(Retry-After [123]\\.\\d s\\)");
    }

    @Test
    void aLongRetryAfterIsBoundedAndHandedBackToTheEngine() throws Exception {
        admin.injectFault(new Fault("GET", PAIR_PATH, FaultKind.HTTP_503, 1, 0, 3600));
        OperationState st = OperationState.start(OperationType.STATUS, SimSupport.pairRef("CG1", "p1")
                .timeout(Duration.ofHours(1)).build(), Instant.now());
        OperationDriver driver = new OperationDriver(access, events, SimSupport.engineOptions());
        Advance step = driver.advance(st);
        assertThat(step).isInstanceOfSatisfying(Advance.Again.class,
                again -> assertThat(again.delay()).isEqualTo(Duration.ofMinutes(5)));
        assertThat(events.messages(ProgressEvent.Kind.RETRY)).anyMatch(m -> m.contains("no session held meanwhile"));
        assertThat(logs.text()).containsPattern("Retry-After 360[01] s, waiting the bound of 300 s");
        assertThat(admin.openSessionCount()).isZero();
        // After the wait the read goes through.
        Advance next = driver.advance(step.state());
        assertThat(next).isInstanceOf(Advance.Done.class);
        assertThat(((Advance.Done) next).result().outcome()).isEqualTo("NOT_FOUND");
    }
}
