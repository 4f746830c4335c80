package io.jenkins.plugins.shadowimage.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.TestRuntime;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.client.model.SessionInfo;
import io.jenkins.plugins.shadowimage.simulator.Fault;
import io.jenkins.plugins.shadowimage.simulator.FaultKind;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives operations through every path that handles a session token (login, re-login after 401, expired
 * tokens, retries, shared sessions, discards, failures) and searches everything a user or a log could see
 * for the tokens the simulator really issued: log records with their stack traces, progress and client
 * events, exceptions with their causes, persisted states, results and the toString() of session objects.
 */
class TokenSecrecyTest {
    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimSupport.config().build());

    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            StringBuilder sb = new StringBuilder(String.valueOf(r.getMessage()));
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    sb.append(' ').append(p);
                }
            }
            if (r.getThrown() != null) {
                sb.append(' ').append(stackTrace(r.getThrown()));
            }
            seen.add(sb.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger("io.jenkins.plugins.shadowimage");
    private Level oldLevel;
    private VspSimulator sim;
    private SimulatorAdmin admin;

    @BeforeEach
    void capture() {
        sim = SIM.simulator();
        admin = sim.admin();
        oldLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    @AfterEach
    void release() {
        logger.removeHandler(handler);
        logger.setLevel(oldLevel);
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** Runs an operation, recording its state after every step, its result or its failure. */
    private void run(ArrayAccess access, OperationType type, PairRequest request) throws Exception {
        OperationState st = OperationState.start(type, request, Instant.now());
        try (TestRuntime runtime = new TestRuntime(1)) {
            TestRuntime.Run run = runtime.start(access, e -> seen.add(e.kind() + " " + e.message()), st,
                    s -> seen.add(s.toJson()));
            try {
                PairInfo info = run.await();
                seen.add(info.toString());
                seen.add(String.valueOf(info.toMap()));
            } catch (ShadowImageException e) {
                seen.add(stackTrace(e));
                seen.add(String.valueOf(e.partialResult()));
            }
            seen.add(run.state().toJson());
            seen.add(run.state().toString());
        }
    }

    @Test
    void noIssuedTokenIsEverShown() throws Exception {
        ClientOptions sharing = SimSupport.clientOptions().sessionLinger(Duration.ofSeconds(2)).build();
        try (ArrayAccess access = new ArrayAccess(SimSupport.endpoint(sim), SimSupport.credentials(), sharing)) {
            run(access, OperationType.CREATE, SimSupport.pair("CG1", "p1", 100, 101).build());
            admin.injectFault("GET", "/local-clone-copypairs/", FaultKind.HTTP_401, 1);
            run(access, OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").build());
            admin.expireAllTokens();
            run(access, OperationType.STATUS, SimSupport.pairRef("CG1", "p1").build());
            admin.injectFault(new Fault("POST", "/resync/invoke", FaultKind.HTTP_503, 1, 0, 0));
            admin.injectFault("GET", "/local-clone-copypairs/", FaultKind.DROP_CONNECTION, 1);
            run(access, OperationType.RESYNC, SimSupport.pairRef("CG1", "p1").build());
            admin.injectFault(Fault.kartError("POST", "/split/invoke", 1, 500, null, null, null));
            run(access, OperationType.SPLIT, SimSupport.pairRef("CG1", "p1").build());
            admin.injectFault("GET", "/local-clone-copypairs/", FaultKind.HTTP_401, 5);
            run(access, OperationType.STATUS, SimSupport.pairRef("CG1", "p1").build());
            try (VspSession s = access.client().openSession(e -> seen.add(e.toString()))) {
                s.login();
                seen.add(s.toString());
                seen.add(s.copyGroups().toString());
            }
            run(access, OperationType.DELETE, SimSupport.pairRef("CG1", "p1").build());
        }
        Endpoint wrong = SimSupport.restServerEndpoint(sim, "934000999999");
        try (ArrayAccess access = new ArrayAccess(wrong, SimSupport.credentials(), SimSupport.clientOptions().build())) {
            run(access, OperationType.STATUS, SimSupport.pairRef("CG1", "p1").build());
        }
        SessionInfo info = VspClient.JSON.readValue("{\"token\":\"0123456789abcdef0123456789abcdef\",\"sessionId\":7}",
                SessionInfo.class);
        assertThat(info.token()).as("read from the login answer").isEqualTo("0123456789abcdef0123456789abcdef");
        seen.add(info.toString());
        seen.add(VspClient.JSON.writeValueAsString(info));
        SimSupport.assertNoOpenSessions(sim);

        List<String> tokens = admin.issuedTokens();
        assertThat(tokens).as("the paths above logged in several times").hasSizeGreaterThanOrEqualTo(3);
        String all = String.join("\n", seen);
        assertThat(all).contains("retry").contains("KART70000-E").contains("logging in again");
        for (String token : tokens) {
            assertThat(all).as("a token issued by the array").doesNotContain(token);
        }
        assertThat(all).doesNotContain("0123456789abcdef0123456789abcdef").doesNotContain(SimSupport.PASSWORD);
    }
}
