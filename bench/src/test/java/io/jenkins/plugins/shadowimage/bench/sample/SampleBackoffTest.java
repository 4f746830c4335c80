package io.jenkins.plugins.shadowimage.bench.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleBackoffTest {

    @Test
    void doublesFromOneSecondUpToTheCapForTenPolls() {
        SampleBackoff backoff = new SampleBackoff();
        List<Long> waits = new ArrayList<>();
        while (backoff.mayPoll()) {
            waits.add(backoff.nextWait().toSeconds());
        }
        assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 120L, 120L, 120L);
        assertThat(backoff.polls()).isEqualTo(10);
        assertThatThrownBy(backoff::nextWait).hasMessageContaining("Timeout");
    }
}
