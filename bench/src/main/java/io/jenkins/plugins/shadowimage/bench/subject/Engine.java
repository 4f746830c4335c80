package io.jenkins.plugins.shadowimage.bench.subject;

import io.jenkins.plugins.shadowimage.bench.TimeScale;
import java.util.List;

/** Our pair-operations engine, driven by the benchmark. */
public interface Engine extends AutoCloseable {

    /**
     * Runs one operation to its end on the calling thread, stepping the engine and sleeping between
     * steps in array time (the engine's clock runs at the same scale as the array's).
     */
    OperationOutcome run(ArrayUnderTest array, Operation operation, TimeScale time) throws InterruptedException;

    /** Runs all operations at once (ours: on the engine's OperationRuntime, as the plugin does) and waits for every one. */
    List<OperationOutcome> runConcurrently(ArrayUnderTest array, List<Operation> operations) throws InterruptedException;

    /** Lets go of everything held for this array (shared idle sessions are discarded: REST calls). */
    void release(ArrayUnderTest array);

    /** The engine's session budget per array (what it allows itself of the array's cap). */
    int sessionBudget();

    /** Releases shared sessions and threads. */
    @Override
    void close();
}
