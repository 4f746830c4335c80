package io.jenkins.plugins.shadowimage.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An operation ends and lets go of its lock; another one takes the lock and saves that; the process dies before the
 * surface has recorded the first one's end (Jenkins saves a build's program some time after its step completed). After
 * the restart both saved states say that they hold the lock: the one that had ended reports its end, and the other one
 * keeps the lock, whatever order they are resumed in.
 */
class EndedBeforeRestartTest {

    private RuntimeFixture fixture;

    @BeforeEach
    void start() {
        fixture = new RuntimeFixture();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private OperationRuntime runtime() {
        return fixture.runtime(Clock.systemUTC(), new InMemoryLockStore(), Duration.ofMillis(200));
    }

    @ParameterizedTest(name = "the ended one resumed first: {0}")
    @ValueSource(booleans = {true, false})
    void theOperationThatHadEndedReportsItsEndAndTheLaterHolderKeepsTheLock(boolean endedFirst) throws Exception {
        OperationRuntime before = runtime();
        RuntimeFixture.Surface create = new RuntimeFixture.Surface();
        before.start(RuntimeFixture.first("create", OperationType.CREATE, RuntimeFixture.create("p1", 100, 101)),
                fixture.spec(), create);
        create.result();
        RuntimeFixture.Surface split = new RuntimeFixture.Surface();
        before.start(RuntimeFixture.first("split", OperationType.SPLIT, RuntimeFixture.pair("p1")), fixture.spec(),
                split);
        split.result();
        SavedOperation splitAtItsEnd = split.saved;
        assertThat(splitAtItsEnd.state().phase()).isEqualTo(Phase.DONE);
        assertThat(splitAtItsEnd.holdsLock()).as("its last save, before it let go").isTrue();
        SavedOperation resyncHolding = RuntimeFixture.holding(
                RuntimeFixture.first("resync", OperationType.RESYNC, RuntimeFixture.pair("p1")));

        OperationRuntime after = runtime();
        RuntimeFixture.Surface splitAgain = new RuntimeFixture.Surface();
        RuntimeFixture.Surface resync = new RuntimeFixture.Surface();
        for (boolean ended : endedFirst ? List.of(true, false) : List.of(false, true)) {
            if (ended) {
                after.resume(splitAtItsEnd, fixture.spec(), splitAgain);
            } else {
                after.resume(resyncHolding, fixture.spec(), resync);
            }
        }

        assertThat(splitAgain.result().outcome()).as("the split's end, reported again").isEqualTo("SPLIT");
        assertThat(resync.result().pvolStatus()).as("the resync, which held the lock").isEqualTo("PAIR");
        assertThat(fixture.sim.admin().requestCount("POST", "/actions/split/invoke$")).as("splits sent").isEqualTo(1);
        assertThat(fixture.sim.admin().requestCount("POST", "/actions/resync/invoke$")).as("resyncs sent").isEqualTo(1);
    }
}
