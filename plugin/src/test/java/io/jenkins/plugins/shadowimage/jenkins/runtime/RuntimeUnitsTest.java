package io.jenkins.plugins.shadowimage.jenkins.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.util.StreamTaskListener;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.ProgressEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Plain unit tests of the runtime helpers (no Jenkins instance needed). */
class RuntimeUnitsTest {

    private static ProgressEvent status(Instant t, String status, Integer percent) {
        return new ProgressEvent(t, ProgressEvent.Kind.STATUS, OperationType.CREATE, "CG,CGP_,CGS_,p1", Phase.WAIT_STATUS,
                1L, status, percent, null, "create CG,CGP_,CGS_,p1: " + status + " " + percent + " %");
    }

    @Test
    void copyProgressIsLoggedAtAReadableRate() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuildLogProgress log = new BuildLogProgress(new StreamTaskListener(out, StandardCharsets.UTF_8), "[t] ");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i <= 40; i++) { // one poll per second, 1 % per poll
            log.onEvent(status(t.plusSeconds(i), "COPY", i));
        }
        log.onEvent(status(t.plusSeconds(41), "PAIR", 100));
        log.onEvent(new ProgressEvent(t.plusSeconds(42), ProgressEvent.Kind.RETRY, OperationType.CREATE, "x", Phase.POLL_JOB,
                1L, null, null, null, "array busy (KART00003-E), retry 1 in 1.1 s"));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        // 0 %, 10 %, 20 %, 30 %, 40 %, then PAIR, then the retry: not one line per poll.
        assertThat(lines).hasSize(7);
        assertThat(lines.get(5)).contains("PAIR");
        assertThat(lines.get(6)).isEqualTo("[t] retry: array busy (KART00003-E), retry 1 in 1.1 s");
    }

    @Test
    void slowCopiesStillReportEveryInterval() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuildLogProgress log = new BuildLogProgress(new StreamTaskListener(out, StandardCharsets.UTF_8), "");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        log.onEvent(status(t, "COPY", 1));
        log.onEvent(status(t.plus(Duration.ofSeconds(30)), "COPY", 2));
        log.onEvent(status(t.plus(BuildLogProgress.INTERVAL).plusSeconds(1), "COPY", 3));
        log.onEvent(status(t.plus(BuildLogProgress.INTERVAL).plusSeconds(2), "COPY", 3));
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(2);
    }

    /** After the terminator nothing brings the pool back until the next start of Jenkins. */
    @Test
    void noPoolAfterTheTerminatorUntilTheNextStart() throws Exception {
        try {
            OperationExecutor.get();
            OperationExecutor.shutdown();
            assertThat(OperationExecutor.isShuttingDown()).isTrue();
            assertThatThrownBy(OperationExecutor::get).isInstanceOf(RejectedExecutionException.class);
            assertThat(OperationExecutor.isShuttingDown()).as("still shutting down after a refused get()").isTrue();
        } finally {
            OperationExecutor.reopen();
        }
        assertThat(OperationExecutor.isShuttingDown()).isFalse();
        assertThat(OperationExecutor.get().submit(() -> 42).get(30, TimeUnit.SECONDS)).isEqualTo(42);
    }
}
