package io.jenkins.plugins.shadowimage.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the request budget learns a server's capacity from busy answers (pure logic on a manual clock). */
@Timeout(10) // a request the budget does not admit waits for ever on the manual clock
class RequestBudgetLearningTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RequestBudget budget = new RequestBudget("https://array:443", now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    /** {@code n} requests admitted and served within the current second. */
    private void serve(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            long t = budget.admit(RequestBudget.Priority.CONFIRM);
            budget.answered(t, false, null);
            advance(Duration.ofMillis(1));
        }
    }

    private void refuse() throws InterruptedException {
        long t = budget.admit(RequestBudget.Priority.CONFIRM);
        budget.answered(t, true, null);
    }

    @Test
    void nothingIsPacedUntilTheServerSaysItIsBusy() throws InterruptedException {
        serve(500);
        assertThat(budget.limit()).isZero();
    }

    @Test
    void aBusyAnswerPacesAtWhatTheServerServedAndTheRefusedRateIsRemembered() throws InterruptedException {
        serve(20);
        long first = budget.admit(RequestBudget.Priority.CONFIRM);
        long second = budget.admit(RequestBudget.Priority.CONFIRM);
        budget.answered(first, true, null);
        budget.answered(second, true, null); // the same overload: taught once
        assertThat(budget.capacity()).isEqualTo(20);
        assertThat(budget.limit()).isEqualTo(20);
        assertThat(budget.refusedRate()).isEqualTo(21);
    }

    @Test
    void aBusyAnswerWhilePacedLowersTheLimitBelowTheRateThatDrewIt() throws InterruptedException {
        serve(20);
        refuse();
        advance(Duration.ofSeconds(2));
        serve(12);
        refuse();
        assertThat(budget.limit()).isEqualTo(12);
        assertThat(budget.refusedRate()).isEqualTo(13);
        advance(Duration.ofSeconds(2));
        serve(4);
        refuse();
        assertThat(budget.limit()).as("never lower than half at once").isEqualTo(6);
    }

    @Test
    void aBusyAnswerAtALowRateTeachesNothing() throws InterruptedException {
        serve(RequestBudget.LEARN_FROM - 1);
        long t = budget.admit(RequestBudget.Priority.CONFIRM);
        budget.answered(t, true, Duration.ofSeconds(1));
        assertThat(budget.limit()).isZero();
    }

    @Test
    void theLearntLimitIsKeptWithoutRefusalsSoTheServerIsNotOverrunAgain() throws InterruptedException {
        serve(20);
        refuse();
        advance(Duration.ofMinutes(10));
        serve(5);
        assertThat(budget.limit()).isEqualTo(20);
    }

    @Test
    void aHeldReadCountsFromItsSendingNotUntilItsAnswer() throws InterruptedException {
        budget.ceiling(2);
        long held = budget.admit(RequestBudget.Priority.POLL);
        budget.heldSent(held);
        long other = budget.admit(RequestBudget.Priority.CONFIRM);
        budget.answered(other, false, null);
        advance(RequestBudget.WINDOW.plus(RequestBudget.HELD_MARGIN));
        // Both left the window although the held read is still unanswered: two more go at once.
        serve(2);
        budget.heldAnswered(false, null);
        assertThat(budget.limit()).isEqualTo(2);
    }

    /** Admits a request of {@code p} on a thread of its own; completes with its admission time. */
    private java.util.concurrent.CompletableFuture<Long> admitting(RequestBudget.Priority p) {
        java.util.concurrent.CompletableFuture<Long> admitted = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                admitted.complete(budget.admit(p));
            } catch (InterruptedException e) {
                admitted.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        org.awaitility.Awaitility.await().until(() -> t.getState() == Thread.State.TIMED_WAITING);
        return admitted;
    }

    @Test
    void aPollThatWaitedASecondGoesWithTheConfirmingReadsButNeverAheadOfAChange() throws Exception {
        budget.ceiling(1);
        long first = budget.admit(RequestBudget.Priority.CONFIRM);
        var poll = admitting(RequestBudget.Priority.POLL);
        var confirm = admitting(RequestBudget.Priority.CONFIRM);
        budget.answered(first, false, null);
        advance(RequestBudget.POLL_PATIENCE.plusMillis(500));
        // the slot is free again: the poll, waiting longest, goes before the confirming read that came after it
        long polled = poll.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(confirm).isNotDone();
        var change = admitting(RequestBudget.Priority.MUTATION);
        var laterPoll = admitting(RequestBudget.Priority.POLL);
        budget.answered(polled, false, null);
        advance(RequestBudget.POLL_PATIENCE.plusMillis(500));
        long changed = change.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(confirm).isNotDone();
        assertThat(laterPoll).isNotDone();
        budget.answered(changed, false, null);
        advance(RequestBudget.WINDOW);
        budget.answered(confirm.get(10, java.util.concurrent.TimeUnit.SECONDS), false, null);
        advance(RequestBudget.WINDOW);
        budget.answered(laterPoll.get(10, java.util.concurrent.TimeUnit.SECONDS), false, null);
    }

    @Test
    void aConfiguredCeilingAppliesFromTheStartAndBoundsTheLearntLimit() throws InterruptedException {
        budget.ceiling(8);
        assertThat(budget.limit()).isEqualTo(8);
        serve(7);
        refuse();
        assertThat(budget.limit()).isEqualTo(7);
        budget.ceiling(5);
        assertThat(budget.limit()).isEqualTo(5);
    }
}
