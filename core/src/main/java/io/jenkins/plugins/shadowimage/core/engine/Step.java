package io.jenkins.plugins.shadowimage.core.engine;

import java.time.Duration;

/** The outcome of one {@link OperationDriver#advance} call. */
public sealed interface Step permits Step.Again, Step.Done, Step.Failed {

    /** Not finished: persist the state and call again after {@code delay}. */
    record Again(Duration delay) implements Step {
    }

    /** Finished successfully with {@code result}. */
    record Done(PairInfo result) implements Step {
    }

    /** Finished with {@code error}. */
    record Failed(ShadowImageException error) implements Step {
    }
}
