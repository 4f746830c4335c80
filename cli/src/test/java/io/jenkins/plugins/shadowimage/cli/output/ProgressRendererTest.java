package io.jenkins.plugins.shadowimage.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressRendererTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T06:50:01.456Z"), ZoneOffset.UTC);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void etaAndBarFormatting() {
        assertThat(ProgressRenderer.formatEta(Duration.ofSeconds(12))).isEqualTo("12s");
        assertThat(ProgressRenderer.formatEta(Duration.ofSeconds(65))).isEqualTo("1:05");
        assertThat(ProgressRenderer.formatEta(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
        assertThat(ProgressRenderer.formatEta(null)).isEqualTo("?");
        assertThat(ProgressRenderer.bar(50, 10)).isEqualTo("[#####-----]");
        assertThat(ProgressRenderer.bar(140, 4)).isEqualTo("[####]");
    }

    @Test
    void plainLinesAreTimestampedAndOnlyPrintedOnChange() {
        ProgressRenderer r = ProgressRenderer.lines(out, clock);
        r.message("create job 12 accepted");
        r.progress(new Progress("m", "COPY", 3, Duration.ofSeconds(40)));
        r.progress(new Progress("m", "COPY", 7, Duration.ofSeconds(38)));
        r.progress(new Progress("m", "COPY", 12, Duration.ofSeconds(30)));
        r.progress(new Progress("m", "PAIR", 100, null));
        assertThat(text().lines()).containsExactly(
                "2026-11-27T06:50:01Z create job 12 accepted",
                "2026-11-27T06:50:01Z COPY 3% ETA 40s",
                "2026-11-27T06:50:01Z COPY 12% ETA 30s",
                "2026-11-27T06:50:01Z PAIR 100%");
        assertThat(text()).doesNotContain("\r");
    }

    @Test
    void barRedrawsInPlaceAndEndsItsLineBeforeMessages() {
        ProgressRenderer r = ProgressRenderer.bar(out, clock, 10);
        r.progress(new Progress("m", "COPY", 50, Duration.ofSeconds(5)));
        r.progress(new Progress("m", "PAIR", 100, null));
        r.message("done");
        r.close();
        assertThat(text()).startsWith("\r[#####-----]  50%  ETA 5s       COPY")
                .contains("\r[##########] 100%  done     PAIR")
                .endsWith("\ndone\n");
    }
}
