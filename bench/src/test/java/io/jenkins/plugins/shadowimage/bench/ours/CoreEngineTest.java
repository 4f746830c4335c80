package io.jenkins.plugins.shadowimage.bench.ours;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.bench.sim.EmbeddedSimulator;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTestSettings;
import io.jenkins.plugins.shadowimage.bench.subject.Operation;
import io.jenkins.plugins.shadowimage.bench.subject.OperationOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The concurrent path runs on the engine's runtime (what the plugin uses), end to end against a simulated array. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CoreEngineTest {

    @Test
    void concurrentCreatesAndSplitsReachTheirTargetsWithTheirStateSizes() throws Exception {
        ArrayUnderTestSettings fast = new ArrayUnderTestSettings(20.0, Duration.ofMillis(200), Duration.ofMillis(400), 1024, 1000, 6, 1, 64);
        try (EmbeddedSimulator array = EmbeddedSimulator.start(fast); CoreEngine engine = new CoreEngine()) {
            List<Operation> creates = List.of(Operation.create("CG", "a", 1000, 1001, true),
                    Operation.create("CG", "b", 1002, 1003, true), Operation.create("CG2", "c", 1004, 1005, true));

            List<OperationOutcome> created = engine.runConcurrently(array, creates);
            List<OperationOutcome> split = engine.runConcurrently(array,
                    List.of(Operation.split("CG", "a", true), Operation.split("CG", "b", true)));

            assertThat(created).allSatisfy(o -> {
                assertThat(o.succeeded()).as(o.failure()).isTrue();
                assertThat(o.pvolStatus()).isEqualTo("PAIR");
                assertThat(o.stateSizes()).isNotEmpty();
            });
            assertThat(split).allSatisfy(o -> assertThat(o.pvolStatus()).as(o.failure()).isEqualTo("PSUS"));
            engine.release(array); // the shared access keeps idle sessions for the next operations until then
            assertThat(array.openSessions()).isZero();
        }
    }
}
