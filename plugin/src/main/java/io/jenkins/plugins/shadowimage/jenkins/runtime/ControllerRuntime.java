package io.jenkins.plugins.shadowimage.jenkins.runtime;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.init.Terminator;
import io.jenkins.plugins.shadowimage.core.runtime.LockStore;
import io.jenkins.plugins.shadowimage.core.runtime.OperationRuntime;
import io.jenkins.plugins.shadowimage.core.runtime.RuntimeLifecycle;
import io.jenkins.plugins.shadowimage.core.runtime.RuntimeOptions;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Core's runtime for this controller ({@link RuntimeLifecycle}): one per start of Jenkins, on its own pool (never the
 * CPS VM thread nor {@code jenkins.util.Timer}: a step talks to the array for up to one HTTP read timeout), with each
 * storage system's maintenance switch as the pause.
 */
public final class ControllerRuntime {

    /** Enough for many short steps at once: an operation occupies a thread only while it talks to the array. */
    private static final RuntimeLifecycle LIFECYCLE = new RuntimeLifecycle(8, "VSP ShadowImage operations",
            ControllerRuntime::pauseOf, Clock.systemUTC(), RuntimeOptions.defaults());

    private ControllerRuntime() {}

    public static OperationRuntime get() { return LIFECYCLE.runtime(); }
    public static LockStore locks() { return LIFECYCLE.locks(); }

    /** Runs before pipelines resume (they resume once jobs are loaded). */
    @Initializer(after = InitMilestone.PLUGINS_STARTED)
    public static void reopen() { LIFECYCLE.restart(); }
    @Terminator public static void shutdown() throws InterruptedException { LIFECYCLE.stop(Duration.ofSeconds(10)); }

    private static Optional<String> pauseOf(String storageName) {
        StorageSystem s = StorageSystemsConfiguration.get().findSystem(storageName);
        return s == null ? Optional.empty() : s.settings().pause();
    }
}
