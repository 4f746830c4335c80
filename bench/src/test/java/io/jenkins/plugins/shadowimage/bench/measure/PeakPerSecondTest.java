package io.jenkins.plugins.shadowimage.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.bench.subject.ServedRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The peak requests per second of a capped run: any one-second window of the array's log. */
class PeakPerSecondTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static ServedRequest at(long millis, int status) {
        return new ServedRequest(millis, T0.plusMillis(millis), "GET /jobs/{id}", status);
    }

    @Test
    void countsTheBusiestSlidingSecondWithAndWithoutRefusals() {
        List<ServedRequest> log = List.of(at(0, 200), at(500, 503), at(990, 200), at(1000, 200), at(1500, 200),
                at(1600, 503), at(1700, 503));
        // 0.99 s, 1.0 s, 1.5 s, 1.6 s, 1.7 s lie within one second; 0 s and 1.0 s do not
        assertThat(CappedArrayBenchmark.peakPerSecond(log, false)).isEqualTo(5);
        assertThat(CappedArrayBenchmark.peakPerSecond(log, true)).isEqualTo(3);
        assertThat(CappedArrayBenchmark.peakPerSecond(List.of(), true)).isZero();
    }
}
