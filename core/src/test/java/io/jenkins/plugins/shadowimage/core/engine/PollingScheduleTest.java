package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Adaptive polling with a hand-moved clock (no wall-clock time involved), and the plain result map. */
class PollingScheduleTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final PollingSchedule schedule = new PollingSchedule(EngineOptions.builder().clock(clock).build());

    private WorkingState state(Duration timeout) throws ValidationException {
        return WorkingState.start(OperationType.CREATE, PairRequest.builder().copyGroupName("G").copyPairName("p")
                .pvolLdevId(1).svolLdevId(2).timeout(timeout).build(), now);
    }

    private static CopyPair pair(String status, Integer progress) {
        return new CopyPair("G,GP_,GS_,p", "G", "p", "SI", "NotSnapshot", progress, 1, 0, status, 2, status, -1,
                null, null, null, null);
    }

    @Test
    void jobsArePolledFastFirstThenBackOffToTheCap() throws Exception {
        WorkingState st = state(Duration.ofHours(1));
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            delays.add(schedule.jobDelay(st).toMillis());
            st.jobPolled();
        }
        assertThat(delays).startsWith(500L, 750L, 1125L).endsWith(5000L, 5000L);
        assertThat(delays).isSorted();
    }

    @Test
    void copyProgressIsPolledFromTheEtaCappedAt30Seconds() throws Exception {
        WorkingState st = state(Duration.ofHours(5));
        st.startWait(now);
        assertThat(schedule.eta(st, pair("COPY", 10))).isNull(); // first sample: no rate yet
        now = now.plusSeconds(10);
        Duration eta = schedule.eta(st, pair("COPY", 20)); // 10 % in 10 s -> 80 s left
        assertThat(eta).isEqualTo(Duration.ofSeconds(80));
        assertThat(schedule.statusDelay(st, eta)).isEqualTo(Duration.ofSeconds(20)); // a quarter of the ETA
        now = now.plusSeconds(70);
        Duration nearlyDone = schedule.eta(st, pair("COPY", 90)); // 80 % in 80 s -> 10 s left
        assertThat(nearlyDone).isEqualTo(Duration.ofSeconds(10));
        assertThat(schedule.statusDelay(st, nearlyDone)).isEqualTo(Duration.ofMillis(2500));
        // a slow copy: 1 % per minute -> ETA 90 min, but never more than 30 s between polls
        WorkingState slow = state(Duration.ofHours(5));
        slow.startWait(now);
        schedule.eta(slow, pair("COPY", 1));
        now = now.plusSeconds(60);
        assertThat(schedule.statusDelay(slow, schedule.eta(slow, pair("COPY", 2)))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aWaitOfHoursPollsAtAShareOfTheTimeWaitedSoFar() throws Exception {
        WorkingState st = state(Duration.ofHours(5));
        st.startWait(now);
        schedule.eta(st, pair("COPY", 1));
        now = now.plus(Duration.ofHours(2));
        // 1 % in 2 h: the ETA is days, the poll 5 % of the two hours waited
        assertThat(schedule.statusDelay(st, schedule.eta(st, pair("COPY", 2)))).isEqualTo(Duration.ofMinutes(6));
        // near its end the ETA decides again: 10 s left, a quarter of it
        assertThat(schedule.statusDelay(st, Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void withoutProgressTheStatusPollBacksOffFromTheMinimum() throws Exception {
        WorkingState st = state(Duration.ofHours(1));
        st.startWait(now);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            st.statusPolled();
            delays.add(schedule.statusDelay(st, null).toMillis());
        }
        assertThat(delays).startsWith(500L, 750L, 1125L).endsWith(30_000L).isSorted();
    }

    @Test
    void noPollIsPlannedPastTheDeadline() throws Exception {
        WorkingState st = state(Duration.ofSeconds(10));
        now = now.plusSeconds(8);
        assertThat(schedule.statusDelay(st, Duration.ofMinutes(10))).isEqualTo(Duration.ofMillis(2001));
        now = now.plusSeconds(5);
        assertThat(schedule.jobDelay(st)).isZero();
    }

    @Test
    void resultMapHoldsOnlyPlainValues() throws Exception {
        WorkingState st = state(Duration.ofHours(1));
        st.observed("COPY", "COPY", 50, now);
        st.job(17L, now);
        PairInfo info = Outcomes.info(st, Outcome.CREATED, pair("PAIR", 100));
        Map<String, Object> map = info.toMap();
        assertThat(map).containsEntry("pvolStatus", "PAIR").containsEntry("copyProgressRate", 100)
                .containsEntry("jobIds", List.of(17L)).containsEntry("exists", true);
        assertThat(map.get("statusObservedAt")).isEqualTo(Map.of("COPY", "2026-01-01T00:00:00Z"));
        assertOnlyPlainValues(map);
        assertThat(info.toJson()).contains("\"outcome\" : \"CREATED\"");
    }

    private static void assertOnlyPlainValues(Object o) {
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                assertThat(k).isInstanceOf(String.class);
                assertOnlyPlainValues(v);
            });
        } else if (o instanceof List<?> l) {
            l.forEach(PollingScheduleTest::assertOnlyPlainValues);
        } else {
            assertThat(o).isInstanceOfAny(String.class, Number.class, Boolean.class);
        }
    }
}
