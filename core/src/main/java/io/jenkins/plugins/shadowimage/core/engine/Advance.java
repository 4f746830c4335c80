package io.jenkins.plugins.shadowimage.core.engine;

import java.time.Duration;

/** The outcome of one {@link OperationDriver#advance} call. */
public sealed interface Advance permits Advance.Again, Advance.Done, Advance.Failed {

    /** Not finished: persist the state and call again after {@code delay}. */
    record Again(Duration delay) implements Advance {
    }

    /** Finished successfully with {@code result}. */
    record Done(PairInfo result) implements Advance {
    }

    /** Finished with {@code error}. */
    record Failed(ShadowImageException error) implements Advance {
    }
}
