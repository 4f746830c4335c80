package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.client.ClientListener;
import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.model.PairId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The polling round of an array: how it grows with the reads made on it, and how waiters of one group join. */
class StatusRoundTest extends EngineTestBase {
    private static final Duration SHORTEST = Duration.ofMillis(500);
    private static final Duration WINDOW = Duration.ofMillis(250);
    private final Instant t0 = Instant.parse("2026-12-03T10:00:00.100Z");
    private final Clock clock = Clock.fixed(t0, ZoneOffset.UTC);

    @Test
    void theRoundGrowsWithTheDistinctReadsMadeOnTheArrayUpToItsCap() throws Exception {
        StatusReads reads = access.statusReads();
        assertThat(reads.round(t0, SHORTEST)).isEqualTo(SHORTEST);
        try (VspSession s = access.client().openSession(ClientListener.NONE)) {
            // Lone waiters, each in its own group: every one is a read of its own per round.
            for (int i = 0; i < 30; i++) {
                reads.waitingPair(s, new PairId("G" + i, null, null, "p"), clock, null, WINDOW);
            }
            assertThat(reads.round(t0, SHORTEST)).isEqualTo(Duration.ofMillis(30 * 1000 / StatusReads.READS_PER_SECOND));
            for (int i = 30; i < 500; i++) {
                reads.waitingPair(s, new PairId("G" + i, null, null, "p"), clock, null, WINDOW);
            }
        }
        assertThat(reads.round(t0, SHORTEST)).isEqualTo(StatusReads.ROUND_MAX);
        // Reads older than the longest round no longer count.
        assertThat(reads.round(t0.plus(StatusReads.ROUND_MAX).plusMillis(1), SHORTEST)).isEqualTo(SHORTEST);
    }

    @Test
    void waitersOfOneGroupPollOnTheEarliestRoundAnotherOneMakesAnyway() throws Exception {
        StatusReads reads = access.statusReads();
        PairId a = new PairId("G", null, null, "a");
        PairId b = new PairId("G", null, null, "b");
        try (VspSession s = access.client().openSession(ClientListener.NONE)) {
            reads.waitingPair(s, a, clock, null, WINDOW);
            reads.waitingPair(s, b, clock, null, WINDOW);
        }
        // a wants 0.8 s: on the grid of 0.5 s rounds, at 11:00:01.000 (0.9 s from now).
        assertThat(reads.nextPoll(a, a.group(), t0, Duration.ofMillis(800), SHORTEST)).isEqualTo(Duration.ofMillis(900));
        // b wants 5 s, but a's read at 0.9 s answers b too.
        assertThat(reads.nextPoll(b, b.group(), t0, Duration.ofSeconds(5), SHORTEST)).isEqualTo(Duration.ofMillis(900));
        // A lone waiter in another group keeps its own time.
        PairId c = new PairId("H", null, null, "c");
        assertThat(reads.nextPoll(c, c.group(), t0, Duration.ofMillis(800), SHORTEST)).isEqualTo(Duration.ofMillis(800));
        reads.finished(a, a.group());
        reads.finished(b, b.group());
        assertThat(reads.waiters(a.group(), t0)).isZero();
    }
}
