package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.cli.options.DurationConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command tree, options and usage errors; nothing here talks to an array. */
class CliParsingTest {
    private final CliRunner cli = new CliRunner();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"create", "split", "resync", "restore", "delete", "status", "resume", "demo"})
    void everySubcommandHasHelp(String command) {
        CliRunner.Result r = cli.run(command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: shadowimage " + command);
    }

    @Test
    void simulatorHelpIsTheSimulatorsOwn() {
        // The simulator prints its options and returns without starting a server.
        assertThat(cli.run("simulator", "--help").code()).isZero();
    }

    @Test
    void topLevelHelpListsCommandsAndExitCodes() {
        CliRunner.Result r = cli.run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("create", "split", "resync", "restore", "delete", "status", "resume", "demo",
                "simulator", "Exit codes:", "130");
    }

    @Test
    void noSubcommandIsAUsageError() {
        CliRunner.Result r = cli.run();
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Missing subcommand");
    }

    @Test
    void thereIsNoPasswordOption() {
        CliRunner.Result r = cli.run("status", "--url", "https://127.0.0.1:1", "--user", "u", "--password", "secret");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("there is no --password option", "--password-file").doesNotContain("secret");
        assertThat(cli.run("status", "--url", "https://127.0.0.1:1", "--password=secret").err())
                .doesNotContain("secret");
    }

    @Test
    void createOptionsMirrorTheEngineParameters() {
        CommandLine create = ShadowImageCli.commandLine(new CliContext(System.out, System.err, System.in,
                java.util.Map.of(), () -> null, java.time.Clock.systemUTC(), Interruption.none()))
                .getSubcommands().get("create");
        assertThat(create.getCommandSpec().optionsMap().keySet()).contains(
                "--copy-group-name", "--copy-pair-name", "--pvol-device-group-name", "--svol-device-group-name",
                "--pvol-ldev-id", "--svol-ldev-id", "--pvol-mu-number", "--copy-pace", "--quick-mode", "--auto-split",
                "--consistency-group-id", "--data-reduction-force-copy", "--wait-for", "--timeout",
                "--url", "--url-form", "--storage-device-id", "--user", "--password-file", "--ca-cert", "--insecure",
                "--state-file", "--json");
    }

    @Test
    void pipelineStepParameterNamesAreAcceptedToo() {
        assertThat(ShadowImageCli.normalizeOptionNames(new String[] {"create", "--copyGroupName", "G",
            "--pvolLdevId=347", "--copy-pair-name", "p", "--URL", "--", "--copyPace"}))
                .containsExactly("create", "--copy-group-name", "G", "--pvol-ldev-id=347", "--copy-pair-name", "p",
                        "--URL", "--", "--copyPace");
        assertThat(ShadowImageCli.kebab("dataReductionForceCopy")).isEqualTo("data-reduction-force-copy");
    }

    @Test
    void missingRequiredOptionsAreUsageErrors() {
        CliRunner.Result r = cli.run("create", "--copy-group-name", "G");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--pvol-ldev-id");
    }

    @Test
    void engineValidationComesBeforeTheConnection() {
        // No --url at all: the bad copy pace is reported first, and nothing is contacted.
        CliRunner.Result r = cli.run("create", "--copy-group-name", "G", "--copy-pair-name", "p", "--pvol-ldev-id", "1",
                "--svol-ldev-id", "2", "--copy-pace", "20");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("copyPace must be 1-15");
    }

    @Test
    void connectionProblemsAreUsageErrors() throws Exception {
        String[] pair = {"--copy-group-name", "G", "--copy-pair-name", "p"};
        assertThat(cli.run(concat(new String[] {"split", "--user", "u"}, pair)).err()).contains("--url is required");
        assertThat(cli.run(concat(new String[] {"split", "--url", "https://a", "--user", "u"}, pair)).code())
                .isEqualTo(ExitCodes.USAGE);
        CliRunner.Result r = cli.run(concat(new String[] {"split", "--url", "ftp://a", "--user", "u"}, pair));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("https://");
        r = cli.run(concat(new String[] {"split", "--url", "https://u:pw@a", "--user", "u"}, pair));
        assertThat(r.err()).contains("must not contain a user or password").doesNotContain("pw@");
        r = cli.run(concat(new String[] {"split", "--url", "https://a"}, pair));
        assertThat(r.err()).contains("--user is required");
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n");
        r = cli.run(concat(new String[] {"split", "--url", "https://a", "--user", "u", "--ca-cert", key.toString()}, pair));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("private key");
        r = cli.run(concat(new String[] {"split", "--url", "https://a", "--user", "u", "--ca-cert", key.toString(),
            "--insecure"}, pair));
        assertThat(r.err()).contains("contradict");
    }

    @Test
    void withoutAPasswordSourceTheUserIsToldTheChoices() {
        CliRunner.Result r = cli.run("split", "--url", "https://127.0.0.1:9", "--user", "u", "--copy-group-name", "G",
                "--copy-pair-name", "p");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--password-file", "SHADOWIMAGE_PASSWORD");
    }

    @Test
    void resumeNeedsAnExistingStateFile() {
        CliRunner.Result r = cli.run("resume", "--state-file", dir.resolve("none.state").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("does not exist");
    }

    @Test
    void durations() {
        assertThat(DurationConverter.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("PT45M")).isEqualTo(Duration.ofMinutes(45));
        assertThatThrownBy(() -> DurationConverter.parse("soon")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> DurationConverter.parse("0s")).hasMessageContaining("positive");
        assertThatThrownBy(() -> DurationConverter.parse("5x")).hasMessageContaining("not a duration");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
