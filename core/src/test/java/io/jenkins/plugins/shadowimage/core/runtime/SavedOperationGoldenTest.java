package io.jenkins.plugins.shadowimage.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Saved operations in today's JSON form ({@link SavedOperation#toJson()}: the engine state's document plus the
 * runtime's fields beside it), as a surface persisted them before an upgrade, still load with every field and resume:
 * a lock holder whose split may have been sent, and a waiter that had been told why it waits. The files were written by
 * the code of their time against a simulator; the test only puts its own simulator's address where the files say
 * {@code 127.0.0.1:23451}, and their deadlines lie far ahead so that they resume.
 */
class SavedOperationGoldenTest {

    private static final String RECORDED_ADDRESS = "127.0.0.1:23451";

    private static String golden(String name) throws IOException {
        try (InputStream in = SavedOperationGoldenTest.class.getResourceAsStream("/golden/runtime/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theHolderInItsSubmitPhaseLoadsWithEveryField() throws Exception {
        SavedOperation s = SavedOperation.fromJson(golden("saved-operation-split-holding-in-submit.json"));

        assertThat(s.id()).isEqualTo("8d0c5a1e-split");
        assertThat(s.state().type()).isEqualTo(OperationType.SPLIT);
        assertThat(s.state().phase()).isEqualTo(Phase.SUBMIT);
        assertThat(s.state().submitAttempts()).isEqualTo(1);
        assertThat(s.state().arrayKey()).isEqualTo("http://" + RECORDED_ADDRESS);
        assertThat(s.state().request().copyPairName()).isEqualTo("p1");
        assertThat(s.state().deadline()).isEqualTo(Instant.parse("2099-12-31T00:00:00Z"));
        assertThat(s.locks()).containsExactly("pair|http://" + RECORDED_ADDRESS + "|CG1|p1");
        assertThat(s.lockDescription()).isEqualTo("pair CG1/p1 is being split by nightly-clone #41");
        assertThat(s.holdsLock()).isTrue();
        assertThat(s.waitingFor()).isNull();
        assertThat(s.waitingSince()).isNull();
        assertThat(s.lastReminder()).isNull();
    }

    @Test
    void theWaiterLoadsWithWhyAndSinceWhenAndFieldsItLacksTakeTheirDefaults() throws Exception {
        SavedOperation s = SavedOperation.fromJson(golden("saved-operation-resync-waiting.json"));

        assertThat(s.id()).isEqualTo("3f6b2c9d-resync");
        assertThat(s.state().type()).isEqualTo(OperationType.RESYNC);
        assertThat(s.state().phase()).isEqualTo(Phase.CHECK);
        assertThat(s.state().request().svolLdevId()).isEqualTo(103);
        assertThat(s.locks()).containsExactly("pair|http://" + RECORDED_ADDRESS + "|CG1|p2",
                "svol|http://" + RECORDED_ADDRESS + "|103");
        assertThat(s.holdsLock()).as("absent: not holding").isFalse();
        assertThat(s.waitingFor()).isEqualTo("pair CG1/p2 is being split by release #3");
        assertThat(s.waitingSince()).isEqualTo(Instant.parse("2026-12-03T13:03:09.931791403Z"));
        assertThat(s.lastReminder()).isEqualTo(Instant.parse("2026-12-03T13:08:09.931791403Z"));
    }

    @Test
    void whatIsWrittenReadsBackTheSame() throws Exception {
        for (String name : List.of("saved-operation-split-holding-in-submit.json", "saved-operation-resync-waiting.json")) {
            SavedOperation s = SavedOperation.fromJson(golden(name));
            SavedOperation again = SavedOperation.fromJson(s.toJson());
            assertThat(again).usingRecursiveComparison().isEqualTo(s);
        }
    }

    @Test
    void aSurfacesPlainFieldsMakeTheSameSavedOperationAndComeBackFromIt() throws Exception {
        SavedOperation s = SavedOperation.fromJson(golden("saved-operation-resync-waiting.json"));
        SavedOperation fromFields = SavedOperation.of(s.id(), s.state(), s.locks(), "release #4", s.holdsLock(),
                s.waitingFor(), s.waitingSinceMillis(), s.lastReminderMillis());
        assertThat(fromFields.waitingSince()).isEqualTo(s.waitingSince().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(fromFields.lastReminder()).isEqualTo(s.lastReminder().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(fromFields.lockDescription()).isEqualTo(OperationWords.lockDescription(s.state(), "release #4"))
                .isEqualTo("pair CG1,CG1P_,CG1S_,p2 is being resynchronised by release #4");
        assertThat(fromFields.locks()).isEqualTo(s.locks());
        SavedOperation holder = SavedOperation.fromJson(golden("saved-operation-split-holding-in-submit.json"));
        assertThat(holder.waitingSinceMillis()).isZero();
        assertThat(holder.lastReminderMillis()).isZero();
        SavedOperation notWaiting = SavedOperation.of(holder.id(), holder.state(), holder.locks(), "x", true, null, 0, 0);
        assertThat(notWaiting.waitingSince()).isNull();
        assertThat(notWaiting.lastReminder()).isNull();
        assertThat(notWaiting.holdsLock()).isTrue();
    }

    @Test
    void anotherDocumentIsRefusedClearly() {
        assertThatThrownBy(() -> SavedOperation.fromJson("{\"form\":1,\"type\":\"SPLIT\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a saved operation");
    }

    @Test
    void bothResumeAgainstTheArrayTheHolderFirstAndEachSendsItsRequestOnce() throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture()) {
            String address = fixture.sim.baseUrl().getAuthority();
            // The array as it was when the files were saved: p1 in PAIR (its split not yet applied), p2 split.
            OperationRuntime before = fixture.runtime(Clock.systemUTC(), new InMemoryLockStore(), Duration.ZERO);
            for (SavedOperation s : List.of(
                    RuntimeFixture.first("c1", OperationType.CREATE, RuntimeFixture.create("p1", 100, 101)),
                    RuntimeFixture.first("c2", OperationType.CREATE, RuntimeFixture.create("p2", 102, 103)),
                    RuntimeFixture.first("s2", OperationType.SPLIT, RuntimeFixture.pair("p2")))) {
                RuntimeFixture.Surface done = new RuntimeFixture.Surface();
                before.start(s, fixture.spec(), done);
                done.result();
            }
            fixture.sim.admin().clearRequestLog();
            SavedOperation holder = SavedOperation.fromJson(golden("saved-operation-split-holding-in-submit.json")
                    .replace(RECORDED_ADDRESS, address));
            SavedOperation waiter = SavedOperation.fromJson(golden("saved-operation-resync-waiting.json")
                    .replace(RECORDED_ADDRESS, address));

            RuntimeFixture.OrderedLocks locks = new RuntimeFixture.OrderedLocks();
            OperationRuntime after = fixture.runtime(Clock.systemUTC(), locks, Duration.ofMillis(200));
            RuntimeFixture.Surface resync = new RuntimeFixture.Surface();
            RuntimeFixture.Surface split = new RuntimeFixture.Surface();
            after.resume(waiter, fixture.spec(), resync);
            after.resume(holder, fixture.spec(), split);

            assertThat(split.result().outcome()).isEqualTo("SPLIT");
            assertThat(split.result().pvolStatus()).isEqualTo("PSUS");
            assertThat(resync.result().outcome()).isEqualTo("RESYNCED");
            assertThat(resync.result().pvolStatus()).isEqualTo("PAIR");
            assertThat(locks.order).containsExactly("reclaimed 8d0c5a1e-split", "took 3f6b2c9d-resync");
            assertThat(fixture.sim.admin().requestCount("POST", "/actions/split/invoke$")).isEqualTo(1);
            assertThat(fixture.sim.admin().requestCount("POST", "/actions/resync/invoke$")).isEqualTo(1);
            assertThat(resync.saved.waitingFor()).as("done waiting").isNull();
        }
    }
}
