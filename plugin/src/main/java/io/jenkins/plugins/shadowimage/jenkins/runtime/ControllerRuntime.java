package io.jenkins.plugins.shadowimage.jenkins.runtime;

import io.jenkins.plugins.shadowimage.core.runtime.InMemoryLockStore;
import io.jenkins.plugins.shadowimage.core.runtime.LockStore;
import io.jenkins.plugins.shadowimage.core.runtime.OperationRuntime;
import io.jenkins.plugins.shadowimage.core.runtime.RuntimeOptions;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The engine's durable runtime for this controller: one per start of Jenkins, on {@link OperationExecutor}'s pool,
 * with the pair / S-VOL / copy-group locks in memory (resumed holders re-claim them) and each storage system's
 * maintenance switch as the pause.
 */
public final class ControllerRuntime {

    static final Duration WAIT_RECHECK =
            Duration.ofSeconds(Long.getLong(ControllerRuntime.class.getName() + ".waitRecheckSeconds", 5));

    private static OperationRuntime runtime;
    private static LockStore locks;

    private ControllerRuntime() {}

    public static synchronized OperationRuntime get() {
        if (runtime == null) {
            locks = new InMemoryLockStore();
            RuntimeOptions defaults = RuntimeOptions.defaults();
            runtime = new OperationRuntime(OperationExecutor::get, locks, ControllerRuntime::pauseOf, Clock.systemUTC(),
                    new RuntimeOptions(WAIT_RECHECK, defaults.waitReminder(), defaults.resumeGrace(), defaults.engine()));
        }
        return runtime;
    }

    /** The locks held on this controller now. */
    public static synchronized LockStore locks() {
        get();
        return locks;
    }

    /** A new start of Jenkins (also in the same JVM, as in tests) starts with a new runtime and no locks. */
    static synchronized void reset() {
        runtime = null;
        locks = null;
    }

    /** From now on an interrupted step is left to resume after the restart. */
    static synchronized void shutdown() {
        if (runtime != null) {
            runtime.shutdown();
        }
    }

    private static Optional<String> pauseOf(String storageName) {
        StorageSystem s = StorageSystemsConfiguration.get().findSystem(storageName);
        return s != null && s.isOperationsPaused() ? Optional.of(s.settings().pauseNotice()) : Optional.empty();
    }
}
