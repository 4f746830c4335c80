package io.jenkins.plugins.shadowimage.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.shadowimage.core.client.model.ApiError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The decisions of the retry policy (pure logic; the HTTP behaviour is tested against the simulator). */
class RetryPolicyTest {
    private final RetryPolicy policy = RetryPolicy.defaults();

    private static ApiError error(String json) throws Exception {
        return new ObjectMapper().readValue(json, ApiError.class);
    }

    @Test
    void classifiesLockBusyAndHttpClasses() throws Exception {
        assertThat(policy.classify(409, error("{\"messageId\":\"KART40050-E\"}"))).isEqualTo(ErrorClass.LOCKED);
        assertThat(policy.classify(409, error("{\"messageId\":\"KART40052-E\"}"))).isEqualTo(ErrorClass.LOCKED);
        assertThat(policy.classify(500, error("{\"messageId\":\"KART30000-E\",\"errorCode\":{\"SSB1\":\"2e11\",\"SSB2\":\"2207\"}}")))
                .isEqualTo(ErrorClass.LOCKED);
        assertThat(policy.classify(500, error("{\"messageId\":\"KART30000-E\",\"errorCode\":{\"errorCode\":\"EX_EACCES\"}}")))
                .isEqualTo(ErrorClass.LOCKED);
        assertThat(policy.classify(503, error("{\"messageId\":\"KART00003-E\"}"))).isEqualTo(ErrorClass.BUSY);
        assertThat(policy.classify(503, null)).isEqualTo(ErrorClass.UNAVAILABLE);
        assertThat(policy.classify(500, null)).isEqualTo(ErrorClass.SERVER_ERROR);
        assertThat(policy.classify(502, null)).isEqualTo(ErrorClass.SERVER_ERROR);
        assertThat(policy.classify(401, null)).isEqualTo(ErrorClass.SESSION_EXPIRED);
        assertThat(policy.classify(400, error("{\"messageId\":\"KART40038-E\"}"))).isEqualTo(ErrorClass.FATAL);
        assertThat(policy.classify(404, error("{\"messageId\":\"KART30013-E\"}"))).isEqualTo(ErrorClass.FATAL);
    }

    @Test
    void nonIdempotentRequestsAreRetriedOnlyWhenCertainlyNotExecuted() {
        assertThat(policy.isRetryable(ErrorClass.LOCKED, false, true)).isTrue();
        assertThat(policy.isRetryable(ErrorClass.BUSY, false, true)).isTrue();
        assertThat(policy.isRetryable(ErrorClass.UNAVAILABLE, false, true)).isTrue();
        assertThat(policy.isRetryable(ErrorClass.SERVER_ERROR, false, true)).isFalse();
        assertThat(policy.isRetryable(ErrorClass.SERVER_ERROR, true, true)).isTrue();
        assertThat(policy.isRetryable(ErrorClass.CONNECTION, false, true)).isFalse();
        assertThat(policy.isRetryable(ErrorClass.CONNECTION, false, false)).isTrue();
        assertThat(policy.isRetryable(ErrorClass.FATAL, true, false)).isFalse();
    }

    @Test
    void backoffIsExponentialWithJitterCappedAndBounded() {
        RetryPolicy p = RetryPolicy.builder().initialDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(8))
                .jitter(0.2).budget(ErrorClass.BUSY, Duration.ofSeconds(60)).build();
        for (int i = 0; i < 50; i++) {
            assertThat(p.nextDelay(ErrorClass.BUSY, 1, Duration.ZERO, null)).get()
                    .satisfies(d -> assertThat(d.toMillis()).isBetween(800L, 1200L));
            assertThat(p.nextDelay(ErrorClass.BUSY, 3, Duration.ZERO, null)).get()
                    .satisfies(d -> assertThat(d.toMillis()).isBetween(3200L, 4800L));
            assertThat(p.nextDelay(ErrorClass.BUSY, 10, Duration.ZERO, null)).get()
                    .satisfies(d -> assertThat(d.toMillis()).isBetween(6400L, 9600L));
        }
        assertThat(p.nextDelay(ErrorClass.BUSY, 2, Duration.ofSeconds(59), null)).isEmpty();
        assertThat(p.nextDelay(ErrorClass.FATAL, 1, Duration.ZERO, null)).isEmpty();
    }

    @Test
    void retryAfterIsALowerBound() {
        RetryPolicy p = RetryPolicy.builder().initialDelay(Duration.ofMillis(100)).jitter(0).build();
        assertThat(p.nextDelay(ErrorClass.UNAVAILABLE, 1, Duration.ZERO, Duration.ofSeconds(7))).contains(Duration.ofSeconds(7));
        assertThat(p.nextDelay(ErrorClass.UNAVAILABLE, 1, Duration.ZERO, Duration.ZERO)).contains(Duration.ofMillis(100));
    }

    @Test
    void retriesAreDescribedWithTheirCause() {
        assertThat(RetryPolicy.describe(ErrorClass.BUSY, "KART00003-E", 3, Duration.ofSeconds(8)))
                .isEqualTo("array busy (KART00003-E), retry 3 in 8.0 s");
        assertThat(RetryPolicy.describe(ErrorClass.UNAVAILABLE, "HTTP 503", 1, Duration.ofSeconds(30)))
                .isEqualTo("service unavailable (HTTP 503), retry 1 in 30 s");
    }

    @Test
    void apiVersionComparison() {
        assertThat(new io.jenkins.plugins.shadowimage.core.client.model.ApiVersion("x", "1.2.0").atLeast(1, 2)).isTrue();
        assertThat(new io.jenkins.plugins.shadowimage.core.client.model.ApiVersion("x", "1.31.0").atLeast(1, 2)).isTrue();
        assertThat(new io.jenkins.plugins.shadowimage.core.client.model.ApiVersion("x", "2.0").atLeast(1, 2)).isTrue();
        assertThat(new io.jenkins.plugins.shadowimage.core.client.model.ApiVersion("x", "1.1.9").atLeast(1, 2)).isFalse();
        assertThat(new io.jenkins.plugins.shadowimage.core.client.model.ApiVersion("x", "garbage").atLeast(1, 2)).isFalse();
    }
}
