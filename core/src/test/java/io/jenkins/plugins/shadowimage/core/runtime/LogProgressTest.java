package io.jenkins.plugins.shadowimage.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.ProgressEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Copy progress reaches a shared log at a readable rate; everything else as it happens. */
class LogProgressTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static ProgressEvent status(Instant t, String status, Integer percent) {
        return new ProgressEvent(t, ProgressEvent.Kind.STATUS, OperationType.CREATE, "CG,CGP_,CGS_,p1", Phase.WAIT_STATUS,
                1L, status, percent, null, "create CG,CGP_,CGS_,p1: " + status + " " + percent + " %");
    }

    @Test
    void copyProgressIsLoggedEveryTenPointsAndAtEachStatusChange() {
        List<String> lines = new ArrayList<>();
        LogProgress log = new LogProgress(lines::add, LogProgress.DEFAULT_INTERVAL);
        for (int i = 0; i <= 40; i++) { // one poll per second, 1 % per poll
            log.onEvent(status(T.plusSeconds(i), "COPY", i));
        }
        log.onEvent(status(T.plusSeconds(41), "PAIR", 100));
        log.onEvent(new ProgressEvent(T.plusSeconds(42), ProgressEvent.Kind.RETRY, OperationType.CREATE, "x", Phase.POLL_JOB,
                1L, null, null, null, "array busy (KART00003-E), retry 1 in 1.1 s"));
        assertThat(lines).hasSize(7); // 0, 10, 20, 30, 40 %, PAIR, the retry
        assertThat(lines.get(5)).contains("PAIR");
        assertThat(lines.get(6)).isEqualTo("retry: array busy (KART00003-E), retry 1 in 1.1 s");
    }

    @Test
    void aSlowCopyStillReportsOncePerInterval() {
        List<String> lines = new ArrayList<>();
        LogProgress log = new LogProgress(lines::add, Duration.ofSeconds(60));
        log.onEvent(status(T, "COPY", 1));
        log.onEvent(status(T.plusSeconds(30), "COPY", 2));
        log.onEvent(status(T.plusSeconds(61), "COPY", 3));
        log.onEvent(status(T.plusSeconds(62), "COPY", 3));
        assertThat(lines).containsExactly("create CG,CGP_,CGS_,p1: COPY 1 %", "create CG,CGP_,CGS_,p1: COPY 3 %");
    }
}
