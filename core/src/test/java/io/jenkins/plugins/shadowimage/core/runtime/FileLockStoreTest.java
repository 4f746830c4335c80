package io.jenkins.plugins.shadowimage.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Locks between real processes: another JVM takes them, this one meets them. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FileLockStoreTest {

    private static final String ARRAY = "https://array.example:443";

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    /** A holder process: takes {@code args[2..]} under {@code args[0]} as {@code args[1]}, says so, then sits. */
    public static void main(String[] args) throws Exception {
        FileLockStore store = new FileLockStore(Path.of(args[0]));
        Optional<LockHolder> other = store.tryAcquire(Arrays.asList(args).subList(2, args.length), "child", args[1]);
        System.out.println(other.isEmpty() ? "HELD" : "BUSY " + other.get().description());
        System.out.flush();
        System.in.read(); // until killed or told to end
    }

    @AfterEach
    void killChildren() throws Exception {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process holder(String description, String... resources) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FileLockStoreTest.class.getName(), dir.toString(),
                description));
        cmd.addAll(List.of(resources));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        children.add(p);
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).isEqualTo("HELD");
        return p;
    }

    @Test
    void aPairHeldByAnotherProcessIsBusyWithItsDescriptionAndFreedWhenThatProcessIsKilled() throws Exception {
        Process other = holder("split CG/P1 by shadowimage pid 1", LockKeys.pair(ARRAY, "CG", "P1"));
        FileLockStore store = new FileLockStore(dir);

        Optional<LockHolder> busy = store.tryAcquire(List.of(LockKeys.pair(ARRAY, "CG", "P1")), "me", "resync CG/P1");
        assertThat(busy).isPresent();
        assertThat(busy.get().description()).contains("split CG/P1 by shadowimage pid 1");
        assertThat(store.heldResources()).isEmpty();

        other.destroyForcibly(); // SIGKILL: no chance to release anything
        other.waitFor(30, TimeUnit.SECONDS);

        assertThat(store.tryAcquire(List.of(LockKeys.pair(ARRAY, "CG", "P1")), "me", "resync CG/P1")).isEmpty();
        assertThat(store.heldResources()).containsExactly(LockKeys.pair(ARRAY, "CG", "P1"));
    }

    @Test
    void theSameSvolUnderAnotherPairNameIsBusy() throws Exception {
        holder("create CG/P1", LockKeys.pair(ARRAY, "CG", "P1"), LockKeys.svol(ARRAY, 5));
        FileLockStore store = new FileLockStore(dir);

        Optional<LockHolder> busy = store.tryAcquire(
                List.of(LockKeys.pair(ARRAY, "CG2", "P9"), LockKeys.svol(ARRAY, 5)), "me", "create CG2/P9");

        assertThat(busy).map(LockHolder::description).get().asString().contains("create CG/P1");
        assertThat(store.tryAcquire(List.of(LockKeys.pair(ARRAY, "CG2", "P9"), LockKeys.svol(ARRAY, 6)), "me",
                "create CG2/P9")).as("nothing was left taken by the refused call").isEmpty();
    }

    @Test
    void aGroupOperationAndAnOperationOnOneOfItsPairsExcludeEachOther() throws Exception {
        holder("split CG/P1", LockKeys.pair(ARRAY, "CG", "P1"));
        FileLockStore store = new FileLockStore(dir);

        assertThat(store.tryAcquire(List.of(LockKeys.group(ARRAY, "CG")), "g", "group split CG"))
                .map(LockHolder::description).get().asString().contains("a pair of this copy group");
        assertThat(store.tryAcquire(List.of(LockKeys.pair(ARRAY, "CG", "P2")), "p2", "split CG/P2"))
                .as("another pair of the same group").isEmpty();
        assertThat(store.tryAcquire(List.of(LockKeys.pair(ARRAY, "CG", "P3")), "p3", "split CG/P3"))
                .as("a second pair of the group in this process").isEmpty();
        store.release("p2");
        store.release("p3");

        Process group = holder("group resync CG2", LockKeys.group(ARRAY, "CG2"));
        assertThat(store.tryAcquire(List.of(LockKeys.pair(ARRAY, "CG2", "P1")), "p", "split CG2/P1"))
                .map(LockHolder::description).get().asString().contains("group resync CG2");

        group.destroyForcibly();
        group.waitFor(30, TimeUnit.SECONDS);
        holder("split CG2/P1", LockKeys.pair(ARRAY, "CG2", "P1"));
        assertThat(store.tryAcquire(List.of(LockKeys.group(ARRAY, "CG2")), "g", "group split CG2"))
                .as("not the killed group holder's leftover description")
                .map(LockHolder::description).get().asString().contains("a pair of this copy group");
    }

    @Test
    void anotherArrayOrAReleasedLockIsFree() throws Exception {
        holder("split CG/P1", LockKeys.pair(ARRAY, "CG", "P1"));
        FileLockStore store = new FileLockStore(dir);
        assertThat(store.tryAcquire(List.of(LockKeys.pair("https://other:443", "CG", "P1")), "me", "x")).isEmpty();

        assertThat(store.tryAcquire(List.of(LockKeys.pair(ARRAY, "CG", "P7")), "a", "split CG/P7")).isEmpty();
        assertThat(store.tryAcquire(List.of(LockKeys.pair(ARRAY, "CG", "P7")), "b", "split CG/P7"))
                .as("within the process").map(LockHolder::description).contains("split CG/P7");
        store.release("a");
        holder("resync CG/P7", LockKeys.pair(ARRAY, "CG", "P7")); // fails unless the OS lock was let go
    }

    @Test
    void theDirectoryComesFromTheEnvironment() {
        assertThat(FileLockStore.defaultDirectory(Map.of(FileLockStore.DIRECTORY_ENV, "/x/locks")))
                .isEqualTo(Path.of("/x/locks"));
        assertThat(FileLockStore.defaultDirectory(Map.of("XDG_RUNTIME_DIR", "/run/user/1000")))
                .isEqualTo(Path.of("/run/user/1000/shadowimage-locks"));
        assertThat(FileLockStore.defaultDirectory(Map.of()))
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "shadowimage-locks"));
    }
}
