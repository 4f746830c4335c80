package io.jenkins.plugins.shadowimage.cli.state;

import io.jenkins.plugins.shadowimage.cli.CliException;
import io.jenkins.plugins.shadowimage.cli.ExitCodes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps two processes from driving the same operation at once (e.g. {@code resume} while the original
 * command still runs). An OS file lock on {@code F.lock}: the kernel releases it when the holder dies,
 * even by SIGKILL, so a crash never leaves a stale lock behind.
 */
public final class StateFileLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StateFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static StateFileLock acquire(Path stateFile) {
        Path lockFile = stateFile.resolveSibling(stateFile.getFileName() + ".lock");
        FileChannel ch = null;
        try {
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                throw new CliException(ExitCodes.USAGE, "another shadowimage process is working on " + stateFile
                        + " right now; wait for it to finish (or stop it) before running this command");
            }
            return new StateFileLock(ch, l);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw new CliException(ExitCodes.USAGE, "this process already works on " + stateFile);
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
