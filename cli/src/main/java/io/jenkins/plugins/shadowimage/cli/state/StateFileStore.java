package io.jenkins.plugins.shadowimage.cli.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Reads and writes a {@link StateFile} so that a crash at any instant leaves either the previous
 * or the new content on disk, never a torn file: the new content goes to a temporary file in the
 * same directory, is fsynced, renamed over the old one, and the directory is fsynced so the
 * rename itself survives a power cut.
 */
public final class StateFileStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final Path given;

    /**
     * A store of the file {@code file} names, wherever the name leads: symbolic links and {@code ..} are
     * resolved first, so that the lock and the atomic rename act on the real file (a rename over a link would
     * replace the link and fork the state; a lock next to the link would not see a process that came another
     * way).
     */
    public StateFileStore(Path file) {
        this.given = file.toAbsolutePath().normalize();
        this.file = realPath(file);
    }

    /** The real path of the state file. */
    public Path file() {
        return file;
    }

    /** The path as given on the command line (absolute), for messages. */
    public Path given() {
        return given;
    }

    /**
     * The path of {@code given} with every symbolic link resolved, also when the file (or its directory) does
     * not exist yet: links in the last component are followed one by one, then the nearest existing directory
     * is resolved by the file system.
     */
    static Path realPath(Path given) {
        Path p = given.toAbsolutePath();
        try {
            for (int hops = 0; Files.isSymbolicLink(p); hops++) {
                if (hops == 40) {
                    throw new InvalidStateFileException("too many levels of symbolic links: " + given);
                }
                p = p.getParent().resolve(Files.readSymbolicLink(p));
            }
            Path name = p.getFileName();
            Path dir = p.getParent();
            java.util.Deque<Path> missing = new java.util.ArrayDeque<>();
            while (dir != null && !Files.exists(dir)) {
                missing.push(dir.getFileName());
                dir = dir.getParent();
            }
            Path real = dir == null ? p.getRoot() : dir.toRealPath();
            while (!missing.isEmpty()) {
                real = real.resolve(missing.pop());
            }
            return (name == null ? real : real.resolve(name)).normalize();
        } catch (IOException e) {
            throw new InvalidStateFileException("cannot resolve the state file path " + given + ": " + e.getMessage());
        }
    }

    public void write(StateFile state) {
        Path dir = file.getParent();
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(dir);
            byte[] bytes = JSON.writeValueAsBytes(state);
            Files.deleteIfExists(tmp);
            createOwnerOnly(tmp);
            // Plain stream I/O, not a FileChannel: an interrupted thread must still be able to save its state
            // (channels close themselves when their thread is interrupted).
            try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
                out.write(bytes);
                out.getFD().sync();
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically; "
                        + "put the state file on a local file system", e);
            }
            fsyncDirectory(dir);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original failure is what matters
            }
            throw new UncheckedIOException("cannot write state file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The state, or empty when the file does not exist. */
    public Optional<StateFile> read() {
        try {
            byte[] bytes = Files.readAllBytes(file);
            StateFile state = JSON.readValue(bytes, StateFile.class);
            if (state.format() == null || !state.format().startsWith(StateFile.FORMAT_PREFIX)) {
                throw new InvalidStateFileException(file + " is not a shadowimage state file");
            }
            if (!StateFile.FORMAT.equals(state.format())) {
                throw new InvalidStateFileException(file + " has format " + state.format()
                        + ", this shadowimage reads " + StateFile.FORMAT);
            }
            return Optional.of(state);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidStateFileException("cannot read state file " + file + ": " + e.getMessage());
        }
    }

    public boolean exists() {
        return Files.exists(file);
    }

    static ObjectMapper json() {
        return JSON;
    }

    private static void createOwnerOnly(Path tmp) throws IOException {
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("temporary file " + tmp + " appeared while writing", e);
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory; the rename is still atomic there.
        }
    }
}
