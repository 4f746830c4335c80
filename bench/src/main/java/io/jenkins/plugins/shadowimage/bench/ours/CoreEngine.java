package io.jenkins.plugins.shadowimage.bench.ours;

import io.jenkins.plugins.shadowimage.bench.TimeScale;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTest;
import io.jenkins.plugins.shadowimage.bench.subject.Engine;
import io.jenkins.plugins.shadowimage.bench.subject.Operation;
import io.jenkins.plugins.shadowimage.bench.subject.OperationOutcome;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.CredentialsSource;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationDriver;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.core.engine.Advance;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import io.jenkins.plugins.shadowimage.core.runtime.ArrayConnector;
import io.jenkins.plugins.shadowimage.core.runtime.InMemoryLockStore;
import io.jenkins.plugins.shadowimage.core.runtime.LockKeys;
import io.jenkins.plugins.shadowimage.core.runtime.MaintenancePause;
import io.jenkins.plugins.shadowimage.core.runtime.OperationContext;
import io.jenkins.plugins.shadowimage.core.runtime.OperationFailure;
import io.jenkins.plugins.shadowimage.core.runtime.OperationRuntime;
import io.jenkins.plugins.shadowimage.core.runtime.OperationSpec;
import io.jenkins.plugins.shadowimage.core.runtime.RuntimeOptions;
import io.jenkins.plugins.shadowimage.core.runtime.SavedOperation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our engine as a pipeline would use it: one {@link ArrayAccess} per array (shared by every operation,
 * as in the plugin), {@link OperationDriver} steps, and for concurrent work the non-blocking
 * {@link OperationRuntime} on a few threads, as the plugin runs its steps (locks, state saved after every step). The storage ID is given, as the sample's parameters give it.
 */
public final class CoreEngine implements Engine {

    /** Threads of the runtime's pool for concurrent runs: a small fixed pool, whatever the number of operations. */
    public static final int SCHEDULER_THREADS = 4;

    private final Map<ArrayUnderTest, ArrayAccess> accesses = new ConcurrentHashMap<>();
    /** How operations reach the array. */
    private enum Access {
        /** One access per array, shared by every operation (the plugin, the CLI). */
        SHARED,
        /** Every operation builds its own access (the plugin before d45ad62). */
        PER_OPERATION,
        /** One shared access whose operations share no status read: each polls its own pair. */
        SHARED_WITHOUT_BATCHED_READS
    }

    private final ClientOptions options;
    private final Access mode;
    private final AtomicLong ids = new AtomicLong();
    private ScheduledExecutorService pool;
    private OperationRuntime runtime;

    /** The engine with the defaults the plugin and the CLI use, one shared {@link ArrayAccess} per array. */
    public CoreEngine() {
        this(defaultOptions(), Access.SHARED);
    }

    private CoreEngine(ClientOptions options, Access mode) {
        this.options = options;
        this.mode = mode;
    }

    /**
     * A variant for concurrent runs in which every operation builds its own {@link ArrayAccess} (its own
     * client and connection pool) and closes it at its end, as the plugin's step executions do.
     */
    public static CoreEngine withAccessPerOperation() {
        return new CoreEngine(defaultOptions(), Access.PER_OPERATION);
    }

    /**
     * A variant whose operations share no status read (batched reads off): every waiting operation polls its own
     * pair at its own pace, as the engine did before the shared reads. The request budget stays.
     */
    public static CoreEngine withPerOperationReads() {
        return new CoreEngine(defaultOptions(), Access.SHARED_WITHOUT_BATCHED_READS);
    }

    /** The defaults with a configured request rate ({@link ClientOptions#requestRateLimit()}) from the start. */
    public static CoreEngine withRequestRateLimit(int perSecond) {
        return new CoreEngine(defaultOptions().toBuilder().requestRateLimit(perSecond).build(), Access.SHARED);
    }

    /**
     * The defaults with the client's idle-session linger in array time: on an array {@code time} faster than a
     * real one, the linger is that much shorter, so that a long wait keeps (or frees) its session as it would on a
     * real array.
     */
    public static CoreEngine atTimeScale(TimeScale time) {
        ClientOptions d = defaultOptions();
        return new CoreEngine(d.toBuilder().sessionLinger(time.toWall(d.sessionLinger())).build(), Access.SHARED);
    }

    private ArrayAccess access(ArrayUnderTest array) {
        return accesses.computeIfAbsent(array, this::newAccess);
    }

    private ArrayAccess newAccess(ArrayUnderTest a) {
        Endpoint endpoint = Endpoint.builder(a.baseUrl()).storageDeviceId(a.storageDeviceId())
                .trust(Trust.pem(a.certificatePem())).build();
        CredentialsSource credentials = CredentialsSource.of(a.user(), a.password().toCharArray());
        return mode == Access.SHARED_WITHOUT_BATCHED_READS
                ? ArrayAccess.withPerOperationReads(endpoint, credentials, options)
                : new ArrayAccess(endpoint, credentials, options);
    }

    /**
     * The engine's defaults, as the plugin and the CLI use them. For experiments only, the system
     * property {@code bench.core.responseMaxWait} (seconds) overrides how long the array is asked to hold a job
     * read (0: poll every job).
     */
    static ClientOptions defaultOptions() {
        String wait = System.getProperty("bench.core.responseMaxWait", "").trim();
        return wait.isEmpty() ? ClientOptions.defaults()
                : ClientOptions.builder().responseMaxWait(java.time.Duration.ofSeconds(Long.parseLong(wait))).build();
    }

    @Override
    public int sessionBudget() {
        return options.sessionBudget();
    }

    @Override
    public OperationOutcome run(ArrayUnderTest array, Operation operation, TimeScale time) throws InterruptedException {
        Clock clock = time.factor() == 1.0 ? Clock.systemUTC() : new ScaledClock(time);
        OperationDriver driver = new OperationDriver(access(array), ProgressListener.NONE,
                EngineOptions.builder().clock(clock).build());
        long start = System.nanoTime();
        OperationState state;
        try {
            state = OperationState.start(type(operation), request(operation), clock.instant());
        } catch (ValidationException e) {
            return failed(operation, start, e.getMessage(), List.of());
        }
        List<Integer> sizes = new ArrayList<>();
        // A held job answer (or a free session permit) ends the wait at once, as the runtime's timer would.
        java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);
        while (true) {
            Advance step;
            try {
                step = driver.advance(state, wake::release);
                state = step.state();
            } catch (RuntimeException e) {
                // advance() promises not to throw; if it does, that is a finding, not a benchmark crash.
                return failed(operation, start, "advance() threw " + e, sizes);
            }
            if (step instanceof Advance.Again again) {
                sizes.add(serializedSize(state));
                long nanos = time.toWall(again.delay()).toNanos();
                if (wake.tryAcquire(Math.max(0, nanos), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    wake.drainPermits();
                }
            } else if (step instanceof Advance.Done done) {
                return succeeded(operation, start, System.nanoTime(), done.result(), sizes);
            } else if (step instanceof Advance.Failed failed) {
                return failed(operation, start, failed.error().getMessage(), sizes);
            }
        }
    }

    @Override
    public List<OperationOutcome> runConcurrently(ArrayUnderTest array, List<Operation> operations)
            throws InterruptedException {
        if (runtime == null) {
            pool = new ScheduledThreadPoolExecutor(SCHEDULER_THREADS);
            runtime = new OperationRuntime(() -> pool, new InMemoryLockStore(), MaintenancePause.NONE, Clock.systemUTC(),
                    RuntimeOptions.defaults());
        }
        String arrayKey = array.baseUrl().toString();
        List<CompletableFuture<OperationOutcome>> futures = new ArrayList<>(operations.size());
        for (Operation operation : operations) {
            long start = System.nanoTime();
            OperationState state;
            try {
                state = OperationState.start(type(operation), request(operation), Clock.systemUTC().instant());
            } catch (ValidationException e) {
                futures.add(CompletableFuture.completedFuture(failed(operation, start, e.getMessage(), List.of())));
                continue;
            }
            List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<OperationOutcome> outcome = new CompletableFuture<>();
            String id = "bench-" + ids.incrementAndGet();
            SavedOperation saved = SavedOperation.start(id, state,
                    LockKeys.forOperation(arrayKey, state.type(), state.request()), state.type().cliName() + " "
                            + state.target());
            runtime.start(saved, new OperationSpec(arrayKey, connector(array), false), new OperationContext() {
                @Override
                public void saveState(SavedOperation s) {
                    if (s.state().phase() != Phase.DONE && s.state().phase() != Phase.FAILED) {
                        sizes.add(serializedSize(s.state()));
                    }
                }

                @Override
                public void log(String line) {
                    // waits for locks: none here, each operation has its own pair
                }

                @Override
                public ProgressListener progress() {
                    return ProgressListener.NONE;
                }

                @Override
                public void succeeded(PairInfo result) {
                    outcome.complete(CoreEngine.succeeded(operation, start, System.nanoTime(), result, sizes));
                }

                @Override
                public void failed(OperationFailure failure) {
                    outcome.complete(CoreEngine.failed(operation, start, failure.message(), sizes));
                }
            });
            futures.add(outcome);
        }
        List<OperationOutcome> outcomes = new ArrayList<>(futures.size());
        for (CompletableFuture<OperationOutcome> f : futures) {
            try {
                outcomes.add(f.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("outcome mapping failed", e.getCause());
            }
        }
        return outcomes;
    }

    /** The shared access of the array, or (per-operation variant) one of its own, closed at the operation's end. */
    private ArrayConnector connector(ArrayUnderTest array) {
        if (mode != Access.PER_OPERATION) {
            // shared by every operation on the array: closed by release() or close()
            return ArrayConnector.shared(access(array));
        }
        ArrayAccess own = newAccess(array);
        return new ArrayConnector() {
            @Override
            public ArrayAccess connect() {
                return own;
            }

            @Override
            public void disconnect() {
                own.close();
            }
        };
    }

    @Override
    public void release(ArrayUnderTest array) {
        ArrayAccess access = accesses.remove(array);
        if (access != null) {
            access.close();
        }
    }

    @Override
    public void close() {
        accesses.values().forEach(ArrayAccess::close);
        accesses.clear();
        if (runtime != null) {
            runtime.shutdown();
            pool.shutdownNow();
        }
    }

    /** Bytes of the state in Java serialization, what the plugin's and the CLI's persistence start from. */
    static int serializedSize(OperationState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        } catch (IOException e) {
            throw new IllegalStateException("operation state is not serializable", e);
        }
        return bytes.size();
    }

    private static OperationType type(Operation operation) {
        return switch (operation.kind()) {
            case CREATE -> OperationType.CREATE;
            case SPLIT -> OperationType.SPLIT;
            case STATUS -> OperationType.STATUS;
        };
    }

    private static PairRequest request(Operation operation) {
        PairRequest.Builder b = PairRequest.builder()
                .copyGroupName(operation.copyGroupName())
                .copyPairName(operation.copyPairName());
        switch (operation.kind()) {
            case CREATE -> b.pvolLdevId(operation.pvolLdevId()).svolLdevId(operation.svolLdevId())
                    .waitFor(operation.waitForTarget() ? WaitFor.COMPLETION
                            : WaitFor.ACCEPTED);
            // The sample splits with copyPace 3.
            case SPLIT -> b.copyPace(3)
                    .waitFor(operation.waitForTarget() ? WaitFor.COMPLETION
                            : WaitFor.ACCEPTED);
            case STATUS -> { }
        }
        if (operation.timeout() != null) {
            b.timeout(operation.timeout());
        }
        return b.build();
    }

    private static OperationOutcome succeeded(Operation operation, long start, long done, PairInfo info, List<Integer> sizes) {
        return new OperationOutcome(operation, true, null, start, done, info.pvolStatus(), info.svolStatus(), List.copyOf(sizes));
    }

    private static OperationOutcome failed(Operation operation, long start, String message, List<Integer> sizes) {
        return new OperationOutcome(operation, false, message, start, System.nanoTime(), null, null, List.copyOf(sizes));
    }
}
