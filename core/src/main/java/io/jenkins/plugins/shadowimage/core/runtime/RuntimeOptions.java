package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * @param waitRecheck how often a waiting operation looks again at a busy lock or a paused array
 * @param waitReminder how often a still-waiting operation repeats why it waits
 * @param resumeGrace after each resume, how long operations that did not hold a lock leave it to those that did
 */
public record RuntimeOptions(Duration waitRecheck, Duration waitReminder, Duration resumeGrace, EngineOptions engine) {

    public RuntimeOptions {
        Objects.requireNonNull(waitRecheck, "waitRecheck");
        Objects.requireNonNull(waitReminder, "waitReminder");
        Objects.requireNonNull(resumeGrace, "resumeGrace");
        engine = engine == null ? EngineOptions.defaults() : engine;
    }

    public static RuntimeOptions defaults() {
        return new RuntimeOptions(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(10), EngineOptions.defaults());
    }
}
