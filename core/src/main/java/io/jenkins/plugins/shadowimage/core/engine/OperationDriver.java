package io.jenkins.plugins.shadowimage.core.engine;

/**
 * Advances an {@link OperationState} one short step at a time. Each step opens at most one REST session
 * (or takes a shared idle one), does a few requests, and closes it in a {@code finally}; no session is
 * held between steps. A driver is cheap and stateless apart from its access and listener: after a
 * restart, build a new one and call {@link #advance} with the last persisted state.
 *
 * <p>Thread-safe, but a given state must be advanced by one caller at a time.
 */
public final class OperationDriver {
    private final ArrayAccess access;
    private final ProgressListener listener;
    private final EngineOptions options;

    public OperationDriver(ArrayAccess access, ProgressListener listener, EngineOptions options) {
        this.access = access;
        this.listener = listener == null ? ProgressListener.NONE : listener;
        this.options = options == null ? EngineOptions.defaults() : options;
    }

    public OperationDriver(ArrayAccess access, ProgressListener listener) {
        this(access, listener, EngineOptions.defaults());
    }

    public ArrayAccess access() {
        return access;
    }

    public EngineOptions options() {
        return options;
    }

    /**
     * Does one step and mutates {@code state}. The caller persists {@code state} after every call, then
     * calls again after {@link Step.Again#delay()}. A terminal state returns its result again.
     * Never throws for operational failures: they come back as {@link Step.Failed}.
     */
    public Step advance(OperationState state) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
