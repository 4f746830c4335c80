package io.jenkins.plugins.shadowimage.cli.run;

import io.jenkins.plugins.shadowimage.cli.Interruption;
import io.jenkins.plugins.shadowimage.cli.output.Output;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.runtime.ArrayConnector;
import io.jenkins.plugins.shadowimage.core.runtime.InMemoryLockStore;
import io.jenkins.plugins.shadowimage.core.runtime.LockStore;
import io.jenkins.plugins.shadowimage.core.runtime.MaintenancePause;
import io.jenkins.plugins.shadowimage.core.runtime.OperationContext;
import io.jenkins.plugins.shadowimage.core.runtime.OperationFailure;
import io.jenkins.plugins.shadowimage.core.runtime.OperationRuntime;
import io.jenkins.plugins.shadowimage.core.runtime.OperationSpec;
import io.jenkins.plugins.shadowimage.core.runtime.RuntimeOptions;
import io.jenkins.plugins.shadowimage.core.runtime.SavedOperation;
import io.jenkins.plugins.shadowimage.core.runtime.StepPool;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Drives the command's one operation on the core {@link OperationRuntime}, the path the Jenkins steps take: steps on a
 * runtime thread, the state file written after each. The command's thread only waits. Ctrl-C never interrupts a step:
 * it stops the scheduling, lets the step in flight end (its session discarded, its state saved) and then reports the
 * stop. The locks are taken before, by {@link OperationLock}, so the runtime is given none; with --fail-fast the
 * runtime takes them itself, as for a Jenkins step with {@code failFast}.
 */
final class RuntimeDrive {

    private RuntimeDrive() {}

    static PairInfo drive(OperationState state, ArrayAccess access, Output output, EngineOptions engine, Clock clock,
            Interruption interruption, Consumer<OperationState> save, String id) throws ShadowImageException {
        return drive(state, access, output, engine, clock, interruption, save, id, null);
    }

    /**
     * Same as above; with {@code locks} the runtime takes them itself and fails at once (nothing sent) when another
     * process holds one: {@link PairBusyException}.
     */
    static PairInfo drive(OperationState state, ArrayAccess access, Output output, EngineOptions engine, Clock clock,
            Interruption interruption, Consumer<OperationState> save, String id, OperationLock.ForRuntime locks)
            throws ShadowImageException {
        LockStore store = locks == null ? new InMemoryLockStore() : locks.store();
        ScheduledThreadPoolExecutor pool = StepPool.create(1, "shadowimage-step");
        OperationRuntime runtime = new OperationRuntime(() -> pool, store, MaintenancePause.NONE, clock,
                new RuntimeOptions(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ZERO, engine));
        CompletableFuture<PairInfo> end = new CompletableFuture<>();
        ArrayConnector connector = ArrayConnector.shared(access);
        OperationContext context = new OperationContext() {
            @Override
            public void saveState(SavedOperation saved) {
                save.accept(saved.state());
            }

            @Override
            public void log(String line) {
                output.info(line);
            }

            @Override
            public ProgressListener progress() {
                return output::event;
            }

            @Override
            public void succeeded(PairInfo result) {
                end.complete(result);
            }

            @Override
            public void failed(OperationFailure failure) {
                end.completeExceptionally(asEngineError(failure, state));
            }
        };
        try {
            runtime.start(SavedOperation.start(id, state, locks == null ? List.of() : locks.keys(),
                    locks == null ? id : locks.description()), new OperationSpec("array", connector, locks != null),
                    context);
            while (true) {
                if (interruption.requested()) {
                    return stop(runtime, pool, end, state);
                }
                try {
                    return end.get();
                } catch (InterruptedException e) {
                    // Ctrl-C (the hook interrupts this thread, never the step's): see requested() above
                } catch (ExecutionException e) {
                    throw (ShadowImageException) e.getCause();
                }
            }
        } finally {
            pool.shutdownNow();
            store.release(id); // stopped between steps: the runtime did not get to its end
        }
    }

    /** Stops scheduling, waits for the step in flight, and ends as that step left the operation. */
    private static PairInfo stop(OperationRuntime runtime, ScheduledThreadPoolExecutor pool, CompletableFuture<PairInfo> end,
            OperationState state) throws ShadowImageException {
        runtime.shutdown();
        pool.shutdown();
        boolean interrupted = Thread.interrupted();
        try {
            while (!pool.isTerminated()) {
                try {
                    pool.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (end.isDone()) {
            try {
                return end.getNow(null);
            } catch (java.util.concurrent.CompletionException e) {
                throw (ShadowImageException) e.getCause();
            }
        }
        return null; // stopped between steps: the caller reports the stop
    }

    private static ShadowImageException asEngineError(OperationFailure failure, OperationState state) {
        ShadowImageException engine = failure.engineError();
        if (engine != null) {
            return engine;
        }
        return switch (failure.kind()) {
            case FAIL_FAST -> new PairBusyException(failure.message() + "; nothing was sent to the array");
            case TIMED_OUT_WAITING -> new ShadowImageException(ShadowImageException.Category.TIMEOUT, failure.message());
            case UNEXPECTED -> failure.cause() instanceof UncheckedIOException io
                    ? new ShadowImageException(ShadowImageException.Category.INTERNAL,
                            "could not save the operation state: " + io.getMessage(), io)
                    : new ShadowImageException(ShadowImageException.Category.INTERNAL,
                            "internal error in phase " + state.phase() + ": " + failure.cause(), failure.cause());
            default -> new ShadowImageException(ShadowImageException.Category.INTERNAL, failure.message(),
                    failure.cause());
        };
    }
}
