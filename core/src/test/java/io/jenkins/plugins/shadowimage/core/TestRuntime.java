package io.jenkins.plugins.shadowimage.core;

import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.StateSink;
import io.jenkins.plugins.shadowimage.core.runtime.ArrayConnector;
import io.jenkins.plugins.shadowimage.core.runtime.InMemoryLockStore;
import io.jenkins.plugins.shadowimage.core.runtime.MaintenancePause;
import io.jenkins.plugins.shadowimage.core.runtime.OperationContext;
import io.jenkins.plugins.shadowimage.core.runtime.OperationFailure;
import io.jenkins.plugins.shadowimage.core.runtime.OperationRuntime;
import io.jenkins.plugins.shadowimage.core.runtime.OperationSpec;
import io.jenkins.plugins.shadowimage.core.runtime.RunningOperation;
import io.jenkins.plugins.shadowimage.core.runtime.RuntimeOptions;
import io.jenkins.plugins.shadowimage.core.runtime.SavedOperation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs operations in the tests the way both surfaces do, through one {@link OperationRuntime} on a small pool, and
 * waits for their outcome. It takes no locks and knows no maintenance pause: a test keeps its operations apart itself.
 */
public final class TestRuntime implements AutoCloseable {
    /** Longer than any operation of the tests; a run still going then is a hung test, not a slow machine. */
    private static final Duration OUTCOME_WAIT = Duration.ofMinutes(2);
    private static final AtomicInteger IDS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor pool;
    private final OperationRuntime runtime;
    private final Set<Run> running = ConcurrentHashMap.newKeySet();

    public TestRuntime(int threads) {
        this(threads, SimSupport.engineOptions());
    }

    public TestRuntime(int threads, EngineOptions engine) {
        AtomicInteger n = new AtomicInteger();
        pool = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "test-runtime-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        runtime = new OperationRuntime(() -> pool, new InMemoryLockStore(), MaintenancePause.NONE, Clock.systemUTC(),
                new RuntimeOptions(Duration.ofMillis(50), Duration.ofMinutes(5), Duration.ZERO, engine));
    }

    /** Runs one operation to its end on a runtime of its own (one thread), saving each state to {@code sink}. */
    public static PairInfo run(ArrayAccess access, ProgressListener events, EngineOptions engine, OperationState state,
            StateSink sink) throws ShadowImageException {
        try (TestRuntime runtime = new TestRuntime(1, engine)) {
            return runtime.start(access, events, state, sink).await();
        }
    }

    /** Starts driving {@code state} (a new operation or one resumed from a saved state) on this runtime. */
    public Run start(ArrayAccess access, ProgressListener events, OperationState state, StateSink sink) {
        String id = "test-" + IDS.incrementAndGet();
        Run run = new Run(state, sink == null ? StateSink.NONE : sink, events == null ? ProgressListener.NONE : events,
                running);
        running.add(run);
        ArrayConnector connector = ArrayConnector.shared(access);
        run.operation = runtime.start(SavedOperation.start(id, state, List.of(), id), new OperationSpec("array",
                connector, false), run);
        return run;
    }

    /** Operations started and not yet ended. */
    public int active() {
        return running.size();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** One operation of a {@link TestRuntime}: its last saved state and its outcome. */
    public static final class Run implements OperationContext {
        private final StateSink sink;
        private final ProgressListener events;
        private final Set<Run> running;
        private final CompletableFuture<PairInfo> end = new CompletableFuture<>();
        private volatile OperationState state;
        private volatile OperationFailure failure;
        private volatile RunningOperation operation;

        private Run(OperationState first, StateSink sink, ProgressListener events, Set<Run> running) {
            this.state = first;
            this.sink = sink;
            this.events = events;
            this.running = running;
        }

        /** The last state the runtime saved (the first one before any step). */
        public OperationState state() {
            return state;
        }

        /** Completes with the result, or exceptionally with the {@link ShadowImageException} {@link #await()} throws. */
        public CompletableFuture<PairInfo> future() {
            return end;
        }

        /** How the operation ended without success, or null. */
        public OperationFailure failure() {
            return failure;
        }

        /** Whether a step (its requests) is running now. */
        public boolean stepInFlight() {
            return operation.stepInFlight();
        }

        /** Stops the operation as a surface's abort does (the step in flight is interrupted). */
        public void abort() {
            operation.abort(null);
        }

        /** Waits for the end: the result, or the engine's error (an abort reads as {@code INTERRUPTED}). */
        public PairInfo await() throws ShadowImageException {
            try {
                return end.get(OUTCOME_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw (ShadowImageException) e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + state.type().cliName(), e);
            } catch (TimeoutException e) {
                throw new AssertionError(state.type().cliName() + " did not end within " + OUTCOME_WAIT + "; last in phase "
                        + state.phase(), e);
            }
        }

        @Override
        public void saveState(SavedOperation saved) {
            state = saved.state();
            try {
                sink.save(saved.state());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void log(String line) {
            SimSupport.assertNoSecrets(line);
        }

        @Override
        public ProgressListener progress() {
            return events;
        }

        @Override
        public void succeeded(PairInfo result) {
            running.remove(this);
            end.complete(result);
        }

        @Override
        public void failed(OperationFailure f) {
            failure = f;
            running.remove(this);
            end.completeExceptionally(asEngineError(f));
        }

        private ShadowImageException asEngineError(OperationFailure f) {
            if (f.engineError() != null) {
                return f.engineError();
            }
            return switch (f.kind()) {
                case ABORTED -> ShadowImageException.interrupted(state);
                case TIMED_OUT_WAITING -> new ShadowImageException(ShadowImageException.Category.TIMEOUT, f.message());
                default -> new ShadowImageException(ShadowImageException.Category.INTERNAL, f.message(), f.cause());
            };
        }
    }
}
