package io.jenkins.plugins.shadowimage.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jenkins.plugins.shadowimage.core.MovingClock;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A surface resumes its operations one by one, and all of them together may take longer than the grace (a loaded
 * machine, Jenkins loading one build after another): waiters keep off the locks until the grace has passed since the
 * latest resume, not the first, so that a former holder resumed late still re-claims its lock before a waiter takes it.
 */
class ResumeGraceTest {

    private static final Duration GRACE = Duration.ofSeconds(1);

    @Test
    void aHolderResumedLaterThanTheGraceAfterTheFirstResumeButWithinItAfterThePreviousOneReclaimsFirst() throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture()) {
            MovingClock clock = new MovingClock();
            RuntimeFixture.OrderedLocks locks = new RuntimeFixture.OrderedLocks();
            OperationRuntime runtime = fixture.runtime(clock, locks, GRACE);
            RuntimeFixture.Surface create = new RuntimeFixture.Surface();
            runtime.start(RuntimeFixture.first("create", OperationType.CREATE, RuntimeFixture.create("p1", 100, 101)),
                    fixture.spec(), create);
            create.result();
            locks.order.clear();

            RuntimeFixture.Surface resync = new RuntimeFixture.Surface();
            runtime.resume(RuntimeFixture.first("resync", OperationType.RESYNC, RuntimeFixture.pair("p1")), fixture.spec(),
                    resync);
            clock.advance(GRACE.multipliedBy(6).dividedBy(10));
            RuntimeFixture.Surface status = new RuntimeFixture.Surface();
            runtime.resume(RuntimeFixture.first("status", OperationType.STATUS, RuntimeFixture.pair("p1")), fixture.spec(),
                    status);
            clock.advance(GRACE.multipliedBy(6).dividedBy(10));
            // Real time for the waiter to look at the lock again, now that the grace since the first resume is over.
            await().pollDelay(GRACE.multipliedBy(2)).until(() -> true);
            RuntimeFixture.Surface split = new RuntimeFixture.Surface();
            runtime.resume(RuntimeFixture.holding(RuntimeFixture.first("split", OperationType.SPLIT,
                    RuntimeFixture.pair("p1"))), fixture.spec(), split);
            clock.advance(GRACE.multipliedBy(2));

            assertThat(split.result().pvolStatus()).as("the former holder").isEqualTo("PSUS");
            assertThat(resync.result().pvolStatus()).as("the waiter, after it").isEqualTo("PAIR");
            status.result();
            assertThat(locks.order).containsExactly("reclaimed split", "took resync");
        }
    }
}
