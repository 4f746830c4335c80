package io.jenkins.plugins.shadowimage.core.engine;

import java.time.Duration;

/**
 * The outcome of one {@link OperationDriver#advance} call: what to do next, and the operation's next
 * {@link #state()} (persist it before the next step).
 */
public sealed interface Advance permits Advance.Again, Advance.Done, Advance.Failed {

    /** The state after this step. */
    OperationState state();

    /** Not finished: persist the state and call again after {@code delay}. */
    record Again(Duration delay, OperationState state) implements Advance {
        /** Within a step, before the driver attaches the state. */
        Again(Duration delay) {
            this(delay, null);
        }
    }

    /** Finished successfully with {@code result}. */
    record Done(PairInfo result, OperationState state) implements Advance {
        Done(PairInfo result) {
            this(result, null);
        }
    }

    /** Finished with {@code error}. */
    record Failed(ShadowImageException error, OperationState state) implements Advance {
        Failed(ShadowImageException error) {
            this(error, null);
        }
    }
}
