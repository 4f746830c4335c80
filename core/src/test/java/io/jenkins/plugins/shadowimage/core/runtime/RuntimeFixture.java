package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.CredentialsSource;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A simulator (plain HTTP, fast copies), one access to it and a pool, for runtime tests that resume saved operations:
 * built on the runtime's and the simulator's public API only.
 */
final class RuntimeFixture implements AutoCloseable {

    static final String ARRAY = "vsp";
    private static final String USER = "runtime";
    private static final String PASSWORD = "Runtime-Pw-7d2e";

    final VspSimulator sim;
    final ArrayAccess access;
    private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(2);

    RuntimeFixture() {
        sim = VspSimulator.start(SimulatorConfig.builder().http().port(0).addUser(USER, PASSWORD, false)
                .copyRateMiBPerSecondPerPace(1024).jobDuration(Duration.ofMillis(50), Duration.ofMillis(100)).build());
        access = new ArrayAccess(Endpoint.builder(sim.baseUrl()).build(), CredentialsSource.of(USER,
                PASSWORD.toCharArray()), ClientOptions.builder().sessionLinger(Duration.ZERO).build());
    }

    OperationRuntime runtime(Clock clock, LockStore locks, Duration grace) {
        return new OperationRuntime(() -> pool, locks, MaintenancePause.NONE, clock,
                new RuntimeOptions(Duration.ofMillis(50), Duration.ofMinutes(5), grace,
                        EngineOptions.builder().jobPollInitial(Duration.ofMillis(50)).statusPollMin(Duration.ofMillis(50))
                                .statusPollMax(Duration.ofMillis(200)).build()));
    }

    OperationSpec spec() {
        return new OperationSpec(ARRAY, ArrayConnector.shared(access), false);
    }

    static SavedOperation first(String id, OperationType type, PairRequest request) throws Exception {
        return SavedOperation.start(id, OperationState.start(type, request, Instant.now()),
                LockKeys.forOperation(ARRAY, type, request), type.cliName() + " " + request.copyPairName() + " by " + id);
    }

    static SavedOperation holding(SavedOperation s) {
        return new SavedOperation(s.id(), s.state(), s.locks(), s.lockDescription(), true, null, null, null);
    }

    static PairRequest pair(String name) {
        return PairRequest.builder().copyGroupName("CG1").copyPairName(name).timeout(Duration.ofMinutes(1)).build();
    }

    static PairRequest create(String name, int pvol, int svol) {
        return PairRequest.builder().copyGroupName("CG1").copyPairName(name).pvolLdevId(pvol).svolLdevId(svol)
                .timeout(Duration.ofMinutes(1)).build();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        access.close();
        sim.close();
    }

    /** The surface of one operation: its last saved state and how it ended (a {@link PairInfo} or a failure). */
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

        PairInfo result() throws Exception {
            Object e = awaitEnd();
            if (e instanceof PairInfo p) {
                return p;
            }
            throw new AssertionError("failed: " + e);
        }
    }

    /** In-memory locks that note who took (or re-claimed, or lost) a lock, in order. */
    static final class OrderedLocks implements LockStore {
        private final InMemoryLockStore locks = new InMemoryLockStore();
        final List<String> order = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Optional<LockHolder> tryAcquire(Collection<String> resources, String ownerId, String description) {
            Optional<LockHolder> other = locks.tryAcquire(resources, ownerId, description);
            if (other.isEmpty()) {
                order.add("took " + ownerId);
            }
            return other;
        }

        @Override
        public Optional<LockHolder> reclaim(Collection<String> resources, String ownerId, String description) {
            Optional<LockHolder> other = locks.reclaim(resources, ownerId, description);
            order.add((other.isEmpty() ? "reclaimed " : "lost ") + ownerId);
            return other;
        }

        @Override
        public void release(String ownerId) {
            locks.release(ownerId);
        }

        @Override
        public List<String> heldResources() {
            return locks.heldResources();
        }
    }
}
