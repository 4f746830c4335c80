package io.jenkins.plugins.shadowimage.core.engine;

import java.io.IOException;

/**
 * Persists an operation's state after every step (a CLI state file, a Jenkins step execution's
 * {@code save()}). If it throws, the operation stops: continuing without a persisted state would break the
 * resume guarantee.
 */
@FunctionalInterface
public interface StateSink {
    StateSink NONE = s -> { };

    void save(OperationState state) throws IOException;
}
