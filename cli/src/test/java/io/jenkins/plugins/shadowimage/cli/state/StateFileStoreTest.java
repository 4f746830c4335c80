package io.jenkins.plugins.shadowimage.cli.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileStoreTest {
    @TempDir
    Path dir;

    private static StateFile sample(String phase) {
        return new StateFile(StateFile.FORMAT, "2026-01-01T00:00:00Z", "create",
                new StateFile.Connection("https://127.0.0.1:1234", "EMBEDDED", "934000400123", "user1",
                        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", false),
                Map.of("phase", phase, "copyGroupName", "SI_347"), null, null,
                EngineStateCodec.encode(new Sample(phase, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMinutes(5),
                        new ArrayList<>(List.of(1L, 2L)))));
    }

    /** Stands in for the engine's serializable state. */
    record Sample(String phase, Instant deadline, Duration timeout, List<Long> jobIds) implements java.io.Serializable {
    }

    @Test
    void roundTripsAndLeavesNoTemporaryFiles() throws Exception {
        StateFileStore store = new StateFileStore(dir.resolve("sub/op.state"));
        assertThat(store.read()).isEmpty();
        store.write(sample("SUBMIT"));
        store.write(sample("WAIT_PAIR"));
        StateFile back = store.read().orElseThrow();
        assertThat(back.summary()).containsEntry("phase", "WAIT_PAIR");
        assertThat(back.connection().user()).isEqualTo("user1");
        assertThat(back.finished()).isFalse();
        Sample s = EngineStateCodec.decode(back.engineState(), Sample.class);
        assertThat(s.jobIds()).containsExactly(1L, 2L);
        assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(5));
        try (Stream<Path> files = Files.list(dir.resolve("sub"))) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("op.state");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
    }

    @Test
    void refusesFilesThatAreNotOurs() throws Exception {
        Path f = dir.resolve("x.json");
        Files.writeString(f, "{\"format\":\"something-else\"}");
        assertThatThrownBy(() -> new StateFileStore(f).read())
                .isInstanceOf(InvalidStateFileException.class).hasMessageContaining("not a shadowimage state file");
        Files.writeString(f, "not json");
        assertThatThrownBy(() -> new StateFileStore(f).read())
                .isInstanceOf(InvalidStateFileException.class).hasMessageContaining("cannot read");
        Files.writeString(f, "{\"format\":\"shadowimage-state/99\"}");
        assertThatThrownBy(() -> new StateFileStore(f).read())
                .isInstanceOf(InvalidStateFileException.class).hasMessageContaining("shadowimage-state/99");
    }

    @SuppressWarnings("try") // the lock is held for the duration of the block
    @Test
    void aStateFileIsDrivenByOneProcessAtATime() {
        Path f = dir.resolve("op.state");
        try (StateFileLock first = StateFileLock.acquire(new StateFileStore(f))) {
            assertThatThrownBy(() -> StateFileLock.acquire(new StateFileStore(f)))
                    .isInstanceOf(io.jenkins.plugins.shadowimage.cli.CliException.class)
                    .hasMessageContaining("already works on");
        }
        StateFileLock.acquire(new StateFileStore(f)).close();
    }

    @Test
    void theStoreWorksOnTheRealFileBehindLinksEvenBeforeItExists() throws Exception {
        Path realDir = Files.createDirectories(dir.resolve("realdir"));
        Path aliasDir = Files.createSymbolicLink(dir.resolve("aliasdir"), realDir);
        Path target = realDir.resolve("new/op.state");
        // A dangling link to a file in a directory that does not exist yet, reached through a linked directory.
        Path link = Files.createSymbolicLink(aliasDir.resolve("link.state"), Path.of("new/op.state"));
        StateFileStore store = new StateFileStore(link);
        assertThat(store.file()).isEqualTo(realDir.toRealPath().resolve("new/op.state"));
        assertThat(store.given()).isEqualTo(link.toAbsolutePath());
        store.write(sample("SUBMIT"));
        assertThat(Files.isSymbolicLink(link)).as("the link is kept").isTrue();
        assertThat(Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(new StateFileStore(link).read()).isPresent();
    }

    @Test
    void aChainOfLinksThatLoopsIsAClearError() throws Exception {
        Path a = dir.resolve("loop-a");
        Path b = dir.resolve("loop-b");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        assertThatThrownBy(() -> new StateFileStore(a)).isInstanceOf(InvalidStateFileException.class)
                .hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void engineStateRejectsForeignClasses() {
        String foreign = EngineStateCodec.encode(new javax.management.Attribute("a", "b"));
        assertThatThrownBy(() -> EngineStateCodec.decode(foreign, Object.class))
                .isInstanceOf(InvalidStateFileException.class);
    }
}
