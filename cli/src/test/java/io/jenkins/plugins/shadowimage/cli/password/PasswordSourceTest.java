package io.jenkins.plugins.shadowimage.cli.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordSourceTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private PasswordSource source(Path file, Map<String, String> env, String stdin) {
        return new PasswordSource(file, env, () -> null,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), warnings::add);
    }

    @Test
    void fileWinsOverEnvironmentAndLoosesItsLineTerminator() throws Exception {
        Path f = dir.resolve("pw");
        Files.writeString(f, "s3cret pass\r\nsecond line ignored\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        PasswordSource s = source(f, Map.of(PasswordSource.ENV_VAR, "fromenv"), "");
        assertThat(new String(s.password("user1", "https://a"))).isEqualTo("s3cret pass");
        assertThat(warnings).isEmpty();
    }

    @Test
    void warnsWhenOthersCanReadTheFile() throws Exception {
        Path f = dir.resolve("pw");
        Files.writeString(f, "pw\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        source(f, Map.of(), "").password("u", "x");
        assertThat(warnings).singleElement().asString().contains("chmod 600").doesNotContain("pw\n");
    }

    @Test
    void dashReadsStandardInput() {
        PasswordSource s = source(Path.of("-"), Map.of(), "piped\n");
        assertThat(new String(s.password("u", "x"))).isEqualTo("piped");
    }

    @Test
    void environmentIsUsedWithoutAFile() {
        PasswordSource s = source(null, Map.of(PasswordSource.ENV_VAR, "fromenv"), "");
        assertThat(new String(s.password("u", "x"))).isEqualTo("fromenv");
    }

    @Test
    void withoutAnySourceAndNoTerminalItExplainsTheChoices() {
        PasswordSource s = source(null, Map.of(), "");
        assertThatThrownBy(() -> s.password("user1", "x"))
                .isInstanceOf(PasswordUnavailableException.class)
                .hasMessageContaining("--password-file")
                .hasMessageContaining(PasswordSource.ENV_VAR);
    }

    @Test
    void emptyOrMissingFilesAreClearErrorsWithoutContent() throws Exception {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");
        assertThatThrownBy(() -> source(empty, Map.of(), "").password("u", "x"))
                .isInstanceOf(PasswordUnavailableException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> source(dir.resolve("nope"), Map.of(), "").password("u", "x"))
                .isInstanceOf(PasswordUnavailableException.class).hasMessageContaining("does not exist");
    }

    @Test
    void readsOnceAndHandsOutCopies() throws Exception {
        Path f = dir.resolve("pw");
        Files.writeString(f, "one\n");
        PasswordSource s = source(f, Map.of(), "");
        char[] first = s.password("u", "x");
        java.util.Arrays.fill(first, 'x');
        Files.writeString(f, "two\n");
        assertThat(new String(s.password("u", "x"))).isEqualTo("one");
        s.wipe();
        assertThat(new String(s.password("u", "x"))).isEqualTo("two");
    }
}
