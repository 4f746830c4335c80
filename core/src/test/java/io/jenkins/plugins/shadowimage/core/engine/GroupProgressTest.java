package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.engine.ProgressEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Aggregate progress of a group from its members, and the line a group operation prints while it waits. */
class GroupProgressTest extends EngineTestBase {

    private static CopyPair member(String name, String status, Integer rate) {
        return new CopyPair("G,GP_,GS_," + name, "G", name, "SI", "NotSnapshot", rate, 100, 0, status, 101,
                status.equals("PSUS") ? "SSUS" : status, -1, "S", "S", "N", "N");
    }

    @Test
    void countsThePairsThereAveragesTheCopyAndEstimatesWhatIsLeftFromTheRateSoFar() throws Exception {
        Instant t0 = Instant.parse("2026-12-03T10:00:00Z");
        OperationState st = OperationState.startWait(PairRequest.builder().copyGroupName("G").build(), WaitTarget.PAIR, t0);
        // one pair there (100), one at 50 %, one at 0 %, one at 2 %: 38 % after 3 min -> about 5 min left
        List<CopyPair> members = List.of(member("a", "PAIR", 100), member("b", "COPY", 50), member("c", "COPY", 0),
                member("d", "COPY", 2));
        GroupProgress g = GroupProgress.of(st.work(), members, t0.plus(Duration.ofMinutes(3)));
        assertThat(g.atTarget()).isEqualTo(1);
        assertThat(g.copyPercent()).isEqualTo(38);
        assertThat(g.eta()).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
        assertThat(g.describe()).isEqualTo("1 of 4 pairs at PAIR, copy 38 %, about 5 min left");

        GroupProgress none = GroupProgress.of(st.work(), List.of(member("c", "COPY", 0)), t0.plusSeconds(10));
        assertThat(none.eta()).as("no progress yet: no estimate").isNull();
        assertThat(none.describe()).isEqualTo("0 of 1 pairs at PAIR, copy 0 %");
    }

    @Test
    void aGroupWaitReportsItsAggregateProgressWithAnEstimate() throws Exception {
        run(OperationType.CREATE, SimSupport.pair("GP", "a", 100, 101).waitFor(WaitFor.ACCEPTED).build());
        sim.admin().setTimeScale(0.1); // the initial copies take seconds
        run(OperationType.CREATE, SimSupport.pair("GP", "b", 102, 103).waitFor(WaitFor.ACCEPTED).build());
        int before = events.all().size();
        try {
            OperationState wait = OperationState.startWait(PairRequest.builder().copyGroupName("GP")
                    .timeout(Duration.ofSeconds(90)).build(), WaitTarget.PAIR, Instant.now());
            io.jenkins.plugins.shadowimage.core.TestRuntime.run(access, events, SimSupport.engineOptions(), wait, StateSink.NONE);
        } finally {
            sim.admin().setTimeScale(1);
        }
        List<ProgressEvent> statuses = events.all().stream().skip(before).filter(e -> e.kind() == Kind.STATUS).toList();
        assertThat(statuses).as(statuses.toString()).anySatisfy(e -> {
            assertThat(e.message()).containsPattern("[01] of 2 pairs at PAIR, copy \\d+ %, about .* left");
            assertThat(e.eta()).isNotNull();
            assertThat(e.copyProgressRate()).isBetween(1, 99);
        });
    }
}
