package io.jenkins.plugins.shadowimage.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Both forms of Retry-After, and the 5-minute bound that lengthens a wait but never ends the retries. */
class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void deltaSeconds() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEqualTo(RetryAfter.MAX);
    }

    @Test
    void httpDatesInEachForm() {
        assertThat(RetryAfter.parse("Thu, 03 Dec 2026 10:00:07 GMT", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Thu, 3 Dec 2026 10:01:00 GMT", NOW)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RetryAfter.parse("Thursday, 03-Dec-26 10:00:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Thu Dec  3 10:00:02 2026", NOW)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aDateInThePastMeansNowAndGarbageMeansNoAdvice() {
        assertThat(RetryAfter.parse("Thu, 03 Dec 2026 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("-5", NOW)).isNull();
        assertThat(RetryAfter.parse("", NOW)).isNull();
        assertThat(RetryAfter.parse(null, NOW)).isNull();
    }

    @Test
    void aLongRetryAfterIsBoundedNotARejection() {
        RetryPolicy p = RetryPolicy.builder().initialDelay(Duration.ofMillis(100)).maxDelay(Duration.ofMillis(400))
                .jitter(0).budget(ErrorClass.UNAVAILABLE, Duration.ofSeconds(8)).build();
        assertThat(p.nextDelay(ErrorClass.UNAVAILABLE, 1, Duration.ZERO, Duration.ofHours(1)))
                .contains(Duration.ofMinutes(5));
        assertThat(p.nextDelay(ErrorClass.UNAVAILABLE, 1, Duration.ZERO, Duration.ofSeconds(30)))
                .as("longer than the class budget, still waited").contains(Duration.ofSeconds(30));
        assertThat(p.allowsWait(ErrorClass.UNAVAILABLE, Duration.ofSeconds(7), Duration.ofMinutes(5))).isTrue();
        assertThat(p.nextDelay(ErrorClass.UNAVAILABLE, 5, Duration.ofSeconds(8), Duration.ofSeconds(1)))
                .as("the class budget still ends the retries").isEmpty();
        assertThat(p.allowsWait(ErrorClass.UNAVAILABLE, Duration.ofSeconds(8), Duration.ofMinutes(5))).isFalse();
        assertThat(RetryPolicy.maxRetryAfter()).isEqualTo(Duration.ofMinutes(5));
    }
}
