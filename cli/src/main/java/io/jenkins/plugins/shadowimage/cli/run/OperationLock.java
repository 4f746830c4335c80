package io.jenkins.plugins.shadowimage.cli.run;

import io.jenkins.plugins.shadowimage.cli.CliException;
import io.jenkins.plugins.shadowimage.cli.ExitCodes;
import io.jenkins.plugins.shadowimage.cli.Interruption;
import io.jenkins.plugins.shadowimage.cli.output.Output;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.runtime.Durations;
import io.jenkins.plugins.shadowimage.core.runtime.FileLockStore;
import io.jenkins.plugins.shadowimage.core.runtime.LockHolder;
import io.jenkins.plugins.shadowimage.core.runtime.LockKeys;
import io.jenkins.plugins.shadowimage.core.runtime.LockStore;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One operation per pair, S-VOL and copy group among the shadowimage processes of this machine, whatever state files
 * they use: the command waits (saying for whom) until the other one is done, bounded by its own deadline. The locks
 * are OS file locks ({@link FileLockStore}), so a killed process never blocks the next one.
 */
public final class OperationLock implements AutoCloseable {

    /** How often a waiting command looks at the lock again (a local file, so cheap). */
    static final Duration RECHECK = Duration.ofMillis(500);

    private final LockStore store;
    private final String owner;

    private OperationLock(LockStore store, String owner) {
        this.store = store;
        this.owner = owner;
    }

    /** The lock directory: {@code $SHADOWIMAGE_LOCK_DIR}, else under {@code $XDG_RUNTIME_DIR} or the temp dir. */
    public static Path directory(Map<String, String> env) {
        return FileLockStore.defaultDirectory(env);
    }

    /** The locks of an operation as the runtime takes them itself (with --fail-fast): where, which, and in whose name. */
    record ForRuntime(LockStore store, List<String> keys, String description) {}

    /**
     * The locks of {@code state}'s operation for the runtime to take, which fails the operation at once when another
     * process holds one (the fail-fast path the Jenkins steps take).
     */
    static ForRuntime forRuntime(Map<String, String> env, String arrayKey, OperationState state, String stateFile) {
        return new ForRuntime(FileLockStore.shared(directory(env)),
                LockKeys.forOperation(arrayKey, state.type(), state.request()), description(state, stateFile));
    }

    private static String description(OperationState state, String stateFile) {
        return "shadowimage " + state.type().cliName() + " " + state.target() + " (pid "
                + ProcessHandle.current().pid() + (stateFile == null ? "" : ", state file " + stateFile) + ")";
    }

    /**
     * Takes the locks of {@code state}'s operation, waiting for another process that holds one.
     *
     * @throws ShadowImageException TIMEOUT when the deadline passes while waiting, INTERRUPTED on Ctrl-C; either way
     *     nothing was sent to the array
     */
    static OperationLock acquire(Map<String, String> env, String arrayKey, OperationState state, String stateFile,
            Interruption interruption, Output output, Clock clock) throws ShadowImageException {
        List<String> keys = LockKeys.forOperation(arrayKey, state.type(), state.request());
        String owner = "pid " + ProcessHandle.current().pid() + " " + System.identityHashCode(state);
        if (keys.isEmpty()) {
            return new OperationLock(null, owner);
        }
        Path dir = directory(env);
        LockStore store = FileLockStore.shared(dir);
        String description = description(state, stateFile);
        Instant since = clock.instant();
        String waitingFor = null;
        while (true) {
            Optional<LockHolder> other;
            try {
                // Clean: an interrupt would close the lock file's channel under the store's feet.
                other = interruption.clean(() -> store.tryAcquire(keys, owner, description));
            } catch (Interruption.StopRequestedException e) {
                throw stopped(state, waitingFor);
            } catch (UncheckedIOException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage() + "; set " + FileLockStore.DIRECTORY_ENV
                        + " to a writable directory shared by the shadowimage processes of this machine");
            }
            if (other.isEmpty()) {
                if (waitingFor != null) {
                    output.info("done waiting after " + Durations.words(Duration.between(since, clock.instant()))
                            + " (" + waitingFor + ")");
                }
                return new OperationLock(store, owner);
            }
            String why = other.get().description() + " is working on the same pair, S-VOL or copy group";
            if (!why.equals(waitingFor)) {
                waitingFor = why;
                output.warn("waiting: " + why + "; this command starts once it is done (nothing is sent to the "
                        + "array until then)");
            }
            if (clock.instant().isAfter(state.deadline())) {
                throw new ShadowImageException(ShadowImageException.Category.TIMEOUT, state.type().cliName() + " "
                        + state.target() + ": timed out after " + Durations.words(Duration.between(since,
                        clock.instant())) + " waiting (" + why + "); nothing was sent to the array.");
            }
            if (interruption.awaitStop(RECHECK)) {
                throw stopped(state, why);
            }
        }
    }

    private static ShadowImageException stopped(OperationState state, String why) {
        return new ShadowImageException(ShadowImageException.Category.INTERRUPTED, state.type().cliName() + " "
                + state.target() + " stopped by Ctrl-C" + (why == null ? "" : " while waiting (" + why + ")")
                + "; nothing was sent to the array");
    }

    @Override
    public void close() {
        if (store != null) {
            store.release(owner);
        }
    }
}
