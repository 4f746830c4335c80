package io.jenkins.plugins.shadowimage.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.CredentialsSource;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.ErrorClass;
import io.jenkins.plugins.shadowimage.core.client.RetryPolicy;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.client.UrlForm;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ProgressEvent;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.StateSink;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Shared helpers of the tests: a simulator configuration with copies that take about a second, fast
 * client and engine options, log and event capture, and the checks every test ends with (no open
 * session, no secret in any log line or event).
 */
public final class SimSupport {
    /** The password of the test user: distinctive, so that a leak is easy to find. */
    public static final String USER = "ci-user";
    public static final String PASSWORD = "Pw-9f3b-SECRET-x7";
    /** Simulator tokens are 32 hex characters. */
    public static final Pattern TOKEN = Pattern.compile("[0-9a-f]{32}");

    private SimSupport() {
    }

    /** Copies of 1 GiB take about 0.3 s at copyPace 3 (2 GiB at copyPace 1: 2 s); jobs 50-150 ms. */
    public static SimulatorConfig.Builder config() {
        return SimulatorConfig.builder()
                .addUser(USER, PASSWORD, false)
                .addLdev(SimulatorConfig.Ldev.of(401, 2 * SimulatorConfig.GIB_BLOCKS))
                .copyRateMiBPerSecondPerPace(1024)
                .jobDuration(Duration.ofMillis(50), Duration.ofMillis(150));
    }

    public static RetryPolicy fastRetries() {
        return RetryPolicy.builder().initialDelay(Duration.ofMillis(50)).maxDelay(Duration.ofMillis(400))
                .budget(ErrorClass.LOCKED, Duration.ofSeconds(5)).budget(ErrorClass.BUSY, Duration.ofSeconds(5))
                .budget(ErrorClass.UNAVAILABLE, Duration.ofSeconds(8))
                .budget(ErrorClass.SERVER_ERROR, Duration.ofSeconds(5))
                .budget(ErrorClass.CONNECTION, Duration.ofSeconds(5)).build();
    }

    /** Fast retries, no session sharing (so sessions are closed at once), short server-side job waits. */
    public static ClientOptions.Builder clientOptions() {
        return ClientOptions.builder().aliveTime(Duration.ofSeconds(60)).sessionLinger(Duration.ZERO)
                .responseMaxWait(Duration.ofSeconds(1)).permitWait(Duration.ofSeconds(60)).retryPolicy(fastRetries());
    }

    public static EngineOptions engineOptions() {
        return EngineOptions.builder().jobPollInitial(Duration.ofMillis(50)).jobPollMax(Duration.ofMillis(300))
                .statusPollMin(Duration.ofMillis(50)).statusPollMax(Duration.ofMillis(500))
                .permitRetry(Duration.ofMillis(50)).build();
    }

    public static Endpoint endpoint(VspSimulator sim) {
        return Endpoint.builder(sim.baseUrl()).trust(Trust.pem(sim.certificatePem()))
                .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(30)).build();
    }

    public static Endpoint restServerEndpoint(VspSimulator sim, String storageDeviceId) {
        return Endpoint.builder(sim.baseUrl()).urlForm(UrlForm.REST_SERVER).storageDeviceId(storageDeviceId)
                .trust(Trust.pem(sim.certificatePem())).build();
    }

    public static CredentialsSource credentials() {
        return CredentialsSource.of(USER, PASSWORD.toCharArray());
    }

    public static ArrayAccess access(VspSimulator sim) {
        return new ArrayAccess(endpoint(sim), credentials(), clientOptions().build());
    }

    public static ArrayAccess access(VspSimulator sim, ClientOptions options) {
        return new ArrayAccess(endpoint(sim), credentials(), options);
    }

    public static PairRequest.Builder pair(String group, String name, int pvol, int svol) {
        return PairRequest.builder().copyGroupName(group).copyPairName(name).pvolLdevId(pvol).svolLdevId(svol)
                .timeout(Duration.ofSeconds(60));
    }

    public static PairRequest.Builder pairRef(String group, String name) {
        return PairRequest.builder().copyGroupName(group).copyPairName(name).timeout(Duration.ofSeconds(60));
    }

    /** Runs one operation to the end through the runtime on {@code access}. */
    public static PairInfo run(ArrayAccess access, Events events, OperationType type, PairRequest request)
            throws ShadowImageException {
        OperationState st = OperationState.start(type, request, Instant.now());
        return TestRuntime.run(access, events, engineOptions(), st, StateSink.NONE);
    }

    /**
     * Slows the simulated array down (time scale 0.01) as soon as the pair shows COPY, so that a test can
     * observe a long copy whatever the machine's load, while jobs before it run at normal speed.
     */
    public static Thread slowDownOnceCopying(io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin admin,
            String pairName) {
        Thread t = new Thread(() -> {
            Awaitility.await("pair " + pairName + " in COPY").atMost(Duration.ofSeconds(60))
                    .until(() -> admin.pairs().stream()
                    .anyMatch(p -> p.copyPairName().equals(pairName) && "COPY".equals(p.pvolStatus())));
            admin.setTimeScale(0.01);
        }, "slow-down-" + pairName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Asserts that no session is open on the simulator (waiting briefly for in-flight discards). */
    public static void assertNoOpenSessions(VspSimulator sim) {
        Awaitility.await("all REST sessions discarded (open: " + sim.admin().openSessionCount() + ")")
                .atMost(Duration.ofSeconds(10))
                .until(() -> sim.admin().openSessionCount() == 0);
    }

    /** Asserts that a text carries no password, token or Basic header. */
    public static void assertNoSecrets(String text) {
        assertThat(text).doesNotContain(PASSWORD).doesNotContain("pass1").doesNotContain("Basic ");
        assertThat(TOKEN.matcher(text).find()).as("token-like string in: %s", text).isFalse();
    }

    /** Collects progress events. */
    public static final class Events implements io.jenkins.plugins.shadowimage.core.engine.ProgressListener {
        private final List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onEvent(ProgressEvent event) {
            events.add(event);
        }

        public List<ProgressEvent> all() {
            synchronized (events) {
                return new ArrayList<>(events);
            }
        }

        public List<String> messages(ProgressEvent.Kind kind) {
            return all().stream().filter(e -> e.kind() == kind).map(ProgressEvent::message).toList();
        }

        public String text() {
            StringBuilder sb = new StringBuilder();
            for (ProgressEvent e : all()) {
                sb.append(e.message()).append('\n');
            }
            return sb.toString();
        }
    }

    /** Captures every log record of our packages at every level. */
    public static final class LogCapture extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger("io.jenkins.plugins.shadowimage.core");
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final Level old;

        public LogCapture() {
            old = logger.getLevel();
            logger.setLevel(Level.ALL);
            setLevel(Level.ALL);
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord r) {
            String msg = r.getMessage();
            if (r.getParameters() != null) {
                msg = java.text.MessageFormat.format(msg, r.getParameters());
            }
            lines.add(msg + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        /**
         * Stops capturing, then asserts what every test against the simulator ends with: no REST session left open,
         * and no secret in the log or in {@code otherTexts} (events, output).
         */
        public void closeAndCheck(VspSimulator sim, String... otherTexts) {
            close();
            assertNoOpenSessions(sim);
            assertNoSecrets(text());
            for (String t : otherTexts) {
                assertNoSecrets(t);
            }
        }

        public String text() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(old);
        }
    }
}
