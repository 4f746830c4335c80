package io.jenkins.plugins.shadowimage.core.engine;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One simulator per class, reset before each test ({@code @SimulatorSetup} on a subclass or a test shapes it); every
 * test ends with no session open and no secret logged.
 */
abstract class EngineTestBase {
    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimSupport.config());

    VspSimulator sim;
    SimulatorAdmin admin;
    ArrayAccess access;
    SimSupport.Events events;
    SimSupport.LogCapture logs;

    @BeforeEach
    void setUpAccess() {
        sim = SIM.simulator();
        admin = sim.admin();
        access = SimSupport.access(sim);
        events = new SimSupport.Events();
        logs = new SimSupport.LogCapture();
    }

    @AfterEach
    void noSessionsNoSecrets() {
        access.close();
        logs.closeAndCheck(sim, events.text());
    }

    /** Runs an operation; a failure's message and causes are checked for secrets before it is rethrown. */
    PairInfo run(OperationType type, PairRequest request) throws ShadowImageException {
        try {
            return SimSupport.run(access, events, type, request);
        } catch (ShadowImageException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                SimSupport.assertNoSecrets(String.valueOf(t.getMessage()));
            }
            throw e;
        }
    }

    /** Creates a pair and waits for PAIR. */
    PairInfo create(String group, String name, int pvol, int svol) throws ShadowImageException {
        return run(OperationType.CREATE, SimSupport.pair(group, name, pvol, svol).build());
    }

    PairRequest ref(String group, String name) {
        return SimSupport.pairRef(group, name).build();
    }

    SimulatorAdmin.PairInfo simPair(String name) {
        return admin.pairs().stream().filter(p -> p.copyPairName().equals(name)).findFirst().orElse(null);
    }
}
