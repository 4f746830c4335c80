package io.jenkins.plugins.shadowimage.cli.state;

import io.jenkins.plugins.shadowimage.cli.CliException;
import io.jenkins.plugins.shadowimage.cli.ExitCodes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps two processes from driving the same operation at once (e.g. {@code resume} while the original
 * command still runs). An OS file lock on {@code F.lock} next to the real file {@code F} (see
 * {@link StateFileStore#file()}): the kernel releases it when the holder dies, even by SIGKILL, so a crash
 * never leaves a stale lock behind; a bind mount of the directory reaches the same lock file. A state file
 * with a second name (a hard link) is refused: the two names would each get their own lock, and the first
 * atomic rewrite would split them into two states.
 */
public final class StateFileLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StateFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static StateFileLock acquire(StateFileStore store) {
        StateFileLock lock = acquire(store.file(), describe(store));
        try {
            refuseHardLinks(store);
            return lock;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static String describe(StateFileStore store) {
        return store.given().equals(store.file()) ? store.file().toString()
                : store.file() + " (given as " + store.given() + ")";
    }

    private static void refuseHardLinks(StateFileStore store) {
        Object links;
        try {
            links = Files.getAttribute(store.file(), "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return; // no link count on this platform: only the real-path lock applies
        }
        if (links instanceof Integer n && n > 1) {
            throw new CliException(ExitCodes.USAGE, "state file " + describe(store) + " has " + n + " names (hard "
                    + "links); two processes could drive it under different names, and its atomic rewrite would "
                    + "split it. Remove the other names (find / -samefile " + store.file() + ") or use a copy");
        }
    }

    static StateFileLock acquire(Path stateFile, String description) {
        Path lockFile = stateFile.resolveSibling(stateFile.getFileName() + ".lock");
        FileChannel ch = null;
        try {
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                throw new CliException(ExitCodes.USAGE, "another shadowimage process is working on state file "
                        + description + " right now; wait for it to finish (or stop it) before running this command");
            }
            return new StateFileLock(ch, l);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw new CliException(ExitCodes.USAGE, "this process already works on state file " + description);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new CliException(ExitCodes.USAGE, "cannot lock " + lockFile + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it anyway
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
