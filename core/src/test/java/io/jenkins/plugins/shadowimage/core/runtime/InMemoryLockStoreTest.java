package io.jenkins.plugins.shadowimage.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryLockStoreTest {

    private static final String A = "https://unit-test-array:443";

    @Test
    void locksCoverPairsSvolsAndGroups() {
        InMemoryLockStore locks = new InMemoryLockStore();
        assertThat(locks.tryAcquire(List.of(LockKeys.pair(A, "G", "p1"), LockKeys.svol(A, 348)), "o1", "first")).isEmpty();
        assertThat(locks.tryAcquire(List.of(LockKeys.pair(A, "G", "p1")), "o2", "x")).get()
                .extracting(LockHolder::description).isEqualTo("first");
        assertThat(locks.tryAcquire(List.of(LockKeys.group(A, "G")), "o2", "x")).get()
                .extracting(LockHolder::description).isEqualTo("first");
        assertThat(locks.tryAcquire(List.of(LockKeys.pair(A, "H", "p1"), LockKeys.svol(A, 348)), "o2", "x")).isPresent();
        assertThat(locks.tryAcquire(List.of(LockKeys.group(A, "G2")), "o2", "second")).isEmpty();
        assertThat(locks.tryAcquire(List.of(LockKeys.pair(A, "G", "p10")), "o3", "third")).isEmpty();
        locks.release("o1");
        locks.release("o2");
        locks.release("o3");
        assertThat(locks.tryAcquire(List.of(LockKeys.group(A, "G")), "o4", "fourth")).isEmpty();
        locks.release("o4");
        assertThat(locks.heldResources()).isEmpty();
    }

    @Test
    void aReclaimThatMeetsAnotherHolderTakesNothingAndNamesIt() {
        InMemoryLockStore locks = new InMemoryLockStore();
        locks.tryAcquire(List.of(LockKeys.pair(A, "G", "p1")), "newcomer", "pair p1 is being split by job #3");
        assertThat(locks.reclaim(List.of(LockKeys.pair(A, "G", "p1"), LockKeys.svol(A, 7)), "holder", "x")).get()
                .extracting(LockHolder::description).isEqualTo("pair p1 is being split by job #3");
        assertThat(locks.heldResources()).containsExactly(LockKeys.pair(A, "G", "p1"));
    }
}
