package io.jenkins.plugins.shadowimage.core.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Locks shared by the processes of one machine (CLI runs), as OS file locks on files under a directory: the kernel
 * frees them when the holder dies, even by SIGKILL, so a killed process never leaves a stale lock behind.
 *
 * <p>Each resource has its own file under {@code <directory>/<hash of the array key>/}. A pair also takes a shared
 * lock on its copy group's file and a group operation an exclusive one, so that a group operation and an operation on
 * one of its pairs exclude each other while operations on two pairs of one group do not. The holder of an exclusive
 * lock writes its description into the file, which is what a waiting process prints. Lock files are never deleted:
 * deleting one would let two processes lock two different files of the same name.
 *
 * <p>Within the process the usual in-memory rules apply first.
 */
public final class FileLockStore implements LockStore {

    /** The environment variable that overrides {@link #defaultDirectory}. */
    public static final String DIRECTORY_ENV = "SHADOWIMAGE_LOCK_DIR";

    private final Path directory;
    private final InMemoryLockStore inProcess = new InMemoryLockStore();
    private final Map<Path, OsLock> files = new HashMap<>();
    private final Map<String, List<Path>> byOwner = new HashMap<>();

    private static final Map<Path, FileLockStore> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    /** Prefer {@link #shared}: the JVM lets one process lock a file only once, so one instance per directory. */
    public FileLockStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** The process's one store for {@code directory}. */
    public static FileLockStore shared(Path directory) {
        return SHARED.computeIfAbsent(directory.toAbsolutePath().normalize(), FileLockStore::new);
    }

    /**
     * {@code $SHADOWIMAGE_LOCK_DIR} when set, else {@code shadowimage-locks} under {@code $XDG_RUNTIME_DIR} (a
     * per-user directory) or, without one, under {@code java.io.tmpdir}.
     */
    public static Path defaultDirectory(Map<String, String> env) {
        String given = env.get(DIRECTORY_ENV);
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        Path base = runtime != null && !runtime.isBlank() ? Path.of(runtime) : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve("shadowimage-locks");
    }

    public Path directory() {
        return directory;
    }

    @Override
    public synchronized Optional<LockHolder> tryAcquire(Collection<String> resources, String ownerId, String description) {
        Optional<LockHolder> here = inProcess.tryAcquire(resources, ownerId, description);
        if (here.isPresent()) {
            return here;
        }
        boolean heldBefore = byOwner.containsKey(ownerId);
        List<Path> taken = new ArrayList<>();
        for (Map.Entry<Path, Boolean> need : filesFor(resources).entrySet()) {
            Path file = need.getKey();
            if (byOwner.getOrDefault(ownerId, List.of()).contains(file)) {
                continue; // already held by this owner
            }
            Optional<LockHolder> other = take(file, need.getValue(), ownerId, description);
            if (other.isPresent()) {
                taken.forEach(this::untake);
                if (!heldBefore) {
                    inProcess.release(ownerId);
                }
                return other;
            }
            taken.add(file);
        }
        byOwner.computeIfAbsent(ownerId, k -> new ArrayList<>()).addAll(taken);
        return Optional.empty();
    }

    @Override
    public synchronized Optional<LockHolder> reclaim(Collection<String> resources, String ownerId, String description) {
        return tryAcquire(resources, ownerId, description);
    }

    @Override
    public synchronized void release(String ownerId) {
        inProcess.release(ownerId);
        List<Path> held = byOwner.remove(ownerId);
        if (held != null) {
            held.forEach(this::untake);
        }
    }

    @Override
    public synchronized List<String> heldResources() {
        return inProcess.heldResources();
    }

    /** The files to lock and whether exclusively: the resources' own, plus a shared one on each pair's group. */
    private Map<Path, Boolean> filesFor(Collection<String> resources) {
        Map<Path, Boolean> need = new LinkedHashMap<>();
        for (String r : resources) {
            need.put(fileOf(r), true);
        }
        for (String r : resources) {
            String group = LockKeys.groupOf(r);
            if (group != null) {
                need.putIfAbsent(fileOf(group), false);
            }
        }
        return need;
    }

    private Path fileOf(String resource) {
        return directory.resolve(hash(LockKeys.arrayOf(resource))).resolve(hash(resource) + ".lock");
    }

    private Optional<LockHolder> take(Path file, boolean exclusive, String ownerId, String description) {
        OsLock mine = files.get(file);
        if (mine != null) {
            // Only shared locks are held twice in one process: the in-memory check let this one through.
            mine.users++;
            return Optional.empty();
        }
        FileChannel ch = null;
        try {
            Files.createDirectories(file.getParent());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock(0, Long.MAX_VALUE, !exclusive);
            if (lock == null) {
                LockHolder other = holderIn(ch, exclusive);
                ch.close();
                return Optional.of(other);
            }
            // No exclusive holder can exist now: clear what a killed one may have left, so that the file names its
            // holder only while an exclusive one holds it.
            ch.truncate(0);
            if (exclusive) {
                ch.write(ByteBuffer.wrap((ownerId + "\n" + description).getBytes(StandardCharsets.UTF_8)), 0);
            }
            files.put(file, new OsLock(ch, lock, exclusive));
            return Optional.empty();
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Who holds a file: its exclusive holder wrote itself into it; shared holders are pairs of the group. */
    private static LockHolder holderIn(FileChannel ch, boolean wantedExclusive) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        ch.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        if (nl > 0 && nl < text.length() - 1) {
            return new LockHolder(text.substring(0, nl), text.substring(nl + 1) + " (in another process)");
        }
        return new LockHolder("?", wantedExclusive
                ? "an operation on a pair of this copy group in another process"
                : "an operation in another process");
    }

    private void untake(Path file) {
        OsLock l = files.get(file);
        if (l != null && --l.users == 0) {
            files.remove(file);
            l.close();
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    private static final class OsLock {
        final FileChannel channel;
        final FileLock lock;
        final boolean exclusive;
        int users = 1;

        OsLock(FileChannel channel, FileLock lock, boolean exclusive) {
            this.channel = channel;
            this.lock = lock;
            this.exclusive = exclusive;
        }

        void close() {
            try {
                if (exclusive) {
                    channel.truncate(0);
                }
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it anyway
            }
            closeQuietly(channel);
        }
    }
}
