package io.jenkins.plugins.shadowimage.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import org.junit.jupiter.api.Test;

/** A wait, like a status read, locks nothing: it must not keep out the change it waits for. */
class ReadOnlyLockKeysTest {
    private static final PairRequest PAIR = PairRequest.builder().copyGroupName("CG1").copyPairName("p1").svolLdevId(101)
            .build();

    @Test
    void waitsAndStatusReadsLockNothingWhileChangesLockThePair() {
        assertThat(LockKeys.forOperation("array", OperationType.WAIT, PAIR)).isEmpty();
        assertThat(LockKeys.forOperation("array", OperationType.GROUP_WAIT,
                PairRequest.builder().copyGroupName("CG1").build())).isEmpty();
        assertThat(LockKeys.forOperation("array", OperationType.STATUS, PAIR)).isEmpty();
        assertThat(LockKeys.forOperation("array", OperationType.SPLIT, PAIR)).isNotEmpty();
    }
}
