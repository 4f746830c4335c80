package io.jenkins.plugins.shadowimage.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.CredentialsSource;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An operation ends and lets go of its lock; another one takes the lock and saves that; the process dies before the
 * surface has recorded the first one's end (Jenkins saves a build's program some time after its step completed). After
 * the restart both saved states say that they hold the lock: the one that had ended reports its end, and the other one
 * keeps the lock, whatever order they are resumed in.
 */
class EndedBeforeRestartTest {

    private static final String ARRAY = "vsp";
    private static final String USER = "ended";
    private static final String PASSWORD = "Ended-Pw-7d2e";

    private VspSimulator sim;
    private ArrayAccess access;
    private ScheduledExecutorService pool;

    @BeforeEach
    void start() {
        sim = VspSimulator.start(SimulatorConfig.builder().http().port(0).addUser(USER, PASSWORD, false)
                .copyRateMiBPerSecondPerPace(1024).jobDuration(Duration.ofMillis(50), Duration.ofMillis(100)).build());
        access = new ArrayAccess(Endpoint.builder(sim.baseUrl()).build(), CredentialsSource.of(USER,
                PASSWORD.toCharArray()), ClientOptions.builder().sessionLinger(Duration.ZERO).build());
        pool = Executors.newScheduledThreadPool(2);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        access.close();
        sim.close();
    }

    private OperationRuntime runtime() {
        return new OperationRuntime(() -> pool, new InMemoryLockStore(), MaintenancePause.NONE, Clock.systemUTC(),
                new RuntimeOptions(Duration.ofMillis(50), Duration.ofMinutes(5), Duration.ofMillis(200),
                        EngineOptions.builder().jobPollInitial(Duration.ofMillis(50)).statusPollMin(Duration.ofMillis(50))
                                .statusPollMax(Duration.ofMillis(200)).build()));
    }

    /** The surface of one operation: its last saved state and how it ended. */
    static final class Surface implements OperationContext {
        volatile SavedOperation saved;
        final CompletableFuture<Object> end = new CompletableFuture<>();

        @Override
        public void saveState(SavedOperation s) {
            saved = s;
        }

        @Override
        public void log(String line) {
            // not needed here
        }

        @Override
        public ProgressListener progress() {
            return e -> { };
        }

        @Override
        public void succeeded(PairInfo result) {
            end.complete(result);
        }

        @Override
        public void failed(OperationFailure failure) {
            end.complete(failure);
        }

        Object awaitEnd() throws Exception {
            return end.get(60, TimeUnit.SECONDS);
        }
    }

    private OperationSpec spec() {
        return new OperationSpec(ARRAY, new ArrayConnector() {
            @Override
            public ArrayAccess connect() {
                return access;
            }

            @Override
            public void disconnect() {
                // shared by the test's operations
            }
        }, false);
    }

    private static SavedOperation first(String id, OperationType type, PairRequest request) throws Exception {
        return SavedOperation.start(id, OperationState.start(type, request, Instant.now()),
                LockKeys.forOperation(ARRAY, type, request), type.cliName() + " CG1/p1 by " + id);
    }

    private static PairRequest p1() {
        return PairRequest.builder().copyGroupName("CG1").copyPairName("p1").timeout(Duration.ofMinutes(1)).build();
    }

    @ParameterizedTest(name = "the ended one resumed first: {0}")
    @ValueSource(booleans = {true, false})
    void theOperationThatHadEndedReportsItsEndAndTheLaterHolderKeepsTheLock(boolean endedFirst) throws Exception {
        OperationRuntime before = runtime();
        Surface create = new Surface();
        before.start(first("create", OperationType.CREATE, PairRequest.builder().copyGroupName("CG1")
                .copyPairName("p1").pvolLdevId(100).svolLdevId(101).timeout(Duration.ofMinutes(1)).build()), spec(), create);
        assertThat(create.awaitEnd()).isInstanceOf(PairInfo.class);
        Surface split = new Surface();
        before.start(first("split", OperationType.SPLIT, p1()), spec(), split);
        assertThat(split.awaitEnd()).isInstanceOf(PairInfo.class);
        SavedOperation splitAtItsEnd = split.saved;
        assertThat(splitAtItsEnd.state().phase()).isEqualTo(Phase.DONE);
        assertThat(splitAtItsEnd.holdsLock()).as("its last save, before it let go").isTrue();
        SavedOperation resyncHolding = first("resync", OperationType.RESYNC, p1());
        resyncHolding = new SavedOperation(resyncHolding.id(), resyncHolding.state(), resyncHolding.locks(),
                resyncHolding.lockDescription(), true, null, null, null);

        OperationRuntime after = runtime();
        Surface splitAgain = new Surface();
        Surface resync = new Surface();
        for (boolean ended : endedFirst ? List.of(true, false) : List.of(false, true)) {
            if (ended) {
                after.resume(splitAtItsEnd, spec(), splitAgain);
            } else {
                after.resume(resyncHolding, spec(), resync);
            }
        }

        assertThat(splitAgain.awaitEnd()).as("the split's end, reported again").isInstanceOf(PairInfo.class);
        assertThat(((PairInfo) splitAgain.awaitEnd()).outcome()).isEqualTo("SPLIT");
        assertThat(resync.awaitEnd()).as("the resync, which held the lock").isInstanceOf(PairInfo.class);
        assertThat(((PairInfo) resync.awaitEnd()).pvolStatus()).isEqualTo("PAIR");
        assertThat(sim.admin().requestCount("POST", "/actions/split/invoke$")).as("splits sent").isEqualTo(1);
        assertThat(sim.admin().requestCount("POST", "/actions/resync/invoke$")).as("resyncs sent").isEqualTo(1);
    }
}
