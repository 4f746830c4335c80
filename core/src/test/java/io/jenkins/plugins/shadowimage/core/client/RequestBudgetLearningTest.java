package io.jenkins.plugins.shadowimage.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How the request budget learns a server's capacity from busy answers (pure logic on a manual clock). */
class RequestBudgetLearningTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RequestBudget budget = new RequestBudget("https://array:443", now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    /** {@code n} requests admitted and served within the current second. */
    private void serve(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            budget.admit(RequestBudget.Priority.CONFIRM);
            budget.answered(false, null);
            advance(Duration.ofMillis(1));
        }
    }

    @Test
    void nothingIsPacedUntilTheServerSaysItIsBusy() throws InterruptedException {
        serve(500);
        assertThat(budget.limit()).isZero();
    }

    @Test
    void aBusyAnswerHalvesTheRateOnceThenItRisesByOneASecondUpToTheCapacity() throws InterruptedException {
        serve(20);
        budget.answered(true, null);
        budget.answered(true, null); // the same overload: no second decrease
        assertThat(budget.capacity()).isEqualTo(20);
        assertThat(budget.limit()).isEqualTo(10);
        for (int second = 1; second <= 15; second++) {
            advance(Duration.ofSeconds(1));
            budget.answered(false, null);
            assertThat(budget.limit()).isEqualTo(Math.min(20, 10 + second));
        }
    }

    @Test
    void aBusyAnswerWhilePacedLowersTheCapacity() throws InterruptedException {
        serve(20);
        budget.answered(true, null);
        advance(Duration.ofSeconds(2));
        budget.answered(false, null);
        assertThat(budget.limit()).isEqualTo(11);
        budget.answered(true, null);
        assertThat(budget.capacity()).isEqualTo(10);
        assertThat(budget.limit()).isEqualTo(5);
    }

    @Test
    void aBusyAnswerAtALowRateTeachesNothing() throws InterruptedException {
        serve(RequestBudget.LEARN_FROM - 1);
        budget.answered(true, Duration.ofSeconds(1));
        assertThat(budget.limit()).isZero();
    }

    @Test
    void theLimitIsForgottenAfterAQuietMinute() throws InterruptedException {
        serve(20);
        budget.answered(true, null);
        advance(RequestBudget.FORGET_AFTER.minusSeconds(1));
        budget.answered(false, null);
        assertThat(budget.limit()).isPositive();
        advance(Duration.ofSeconds(1));
        budget.answered(false, null);
        assertThat(budget.limit()).isZero();
        assertThat(budget.capacity()).isZero();
    }

    @Test
    void aConfiguredCeilingAppliesFromTheStartAndBoundsTheLearntLimit() throws InterruptedException {
        budget.ceiling(8);
        assertThat(budget.limit()).isEqualTo(8);
        serve(8);
        advance(Duration.ofMillis(200));
        budget.answered(true, null);
        assertThat(budget.limit()).isEqualTo(4);
        advance(RequestBudget.FORGET_AFTER);
        budget.answered(false, null);
        assertThat(budget.limit()).isEqualTo(8);
    }
}
