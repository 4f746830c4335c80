package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of bad input, against a running simulated array: exit code 2, a message that names the problem,
 * no secret echoed, and not a single request in the array's request log.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BadInputTest {
    private static final String PASSWORD = "BadInput-Pw-17";
    /** A password with every character that changes how a URL is read, and spaces. */
    private static final String URL_PASSWORD = "s3cr/et?pa#ss w@rd";

    private static VspSimulator sim;
    private static SimulatorAdmin admin;
    private static String hostPort;

    private final CliRunner cli = new CliRunner().password(PASSWORD);

    @BeforeAll
    static void start() {
        sim = VspSimulator.start(SimulatorConfig.builder().port(0).https(false).addUser("ops", PASSWORD, false).build());
        admin = sim.admin();
        hostPort = sim.baseUrl().getHost() + ":" + sim.baseUrl().getPort();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** One bad input: the class it stands for, the command line, and what the message must say. */
    record BadInput(String inputClass, List<String> args, String message) {
        @Override
        public String toString() {
            return inputClass;
        }
    }

    private static String url() {
        return "http://" + hostPort;
    }

    /** A create that is valid except for {@code change}, option-value pairs that replace or add to it. */
    private static List<String> create(String... change) {
        return changed(List.of("create", "--url", url(), "--user", "ops", "--progress", "none", "--copy-group-name",
                "BAD", "--copy-pair-name", "p1", "--pvol-ldev-id", "100", "--svol-ldev-id", "101"), change);
    }

    private static List<String> changed(List<String> base, String... change) {
        List<String> l = new ArrayList<>(base);
        for (int i = 0; i < change.length; i += 2) {
            int at = l.indexOf(change[i]);
            if (at < 0) {
                l.add(change[i]);
                l.add(change[i + 1]);
            } else {
                l.set(at + 1, change[i + 1]);
            }
        }
        return l;
    }

    /** A create whose URL is {@code url}. */
    private static List<String> createAt(String url) {
        return create("--url", url);
    }

    /** A create without the option {@code name} (and its value). */
    private static List<String> createWithout(String name) {
        List<String> l = create();
        int i = l.indexOf(name);
        l.remove(i + 1);
        l.remove(i);
        return l;
    }

    private static List<String> split(String... change) {
        return changed(List.of("split", "--url", url(), "--user", "ops", "--progress", "none", "--copy-group-name",
                "BAD", "--copy-pair-name", "p1"), change);
    }

    private static List<String> waitFor(String... change) {
        return changed(List.of("wait", "--url", url(), "--user", "ops", "--progress", "none", "--copy-group-name",
                "BAD", "--copy-pair-name", "p1", "--until", "PAIR"), change);
    }

    /** A with-split of {@code options} around the command {@code true}. */
    private static List<String> withSplit(String... options) {
        List<String> l = new ArrayList<>(List.of("with-split", "--url", url(), "--user", "ops", "--progress", "none",
                "--copy-group-name", "BAD"));
        l.addAll(List.of(options));
        l.addAll(List.of("--", "true"));
        return l;
    }

    private static Arguments row(String inputClass, List<String> args, String message) {
        return Arguments.of(new BadInput(inputClass, args, message));
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                row("missing P-VOL LDEV id", createWithout("--pvol-ldev-id"), "Missing required option: '--pvol-ldev-id"),
                row("missing S-VOL LDEV id", createWithout("--svol-ldev-id"), "Missing required option: '--svol-ldev-id"),
                row("Arabic-Indic digits in an LDEV id", create("--pvol-ldev-id", "\u0661\u0660\u0660"),
                        "'\\u0661\\u0660\\u0660' is not a decimal number"),
                row("full-width digits in an LDEV guard", split("--svol-ldev-id", "\uff11\uff10\uff11"),
                        "is not a decimal number"),
                row("plus sign in a number", create("--copy-pace", "+3"), "'+3' is not a decimal number"),
                row("Devanagari digit in the MU number", create("--pvol-mu-number", "\u0967"), "is not a decimal number"),
                row("non-ASCII digits in the consistency group", create("--consistency-group-id", "\u0665"),
                        "is not a decimal number"),
                row("non-ASCII digits in the URL port", createAt("http://127.0.0.1:\u0662\u0663\u0664\u0665\u0661"),
                        "has no valid host name"),
                row("non-ASCII digits in a duration", create("--timeout", "\u0663\u0660m"), "is not a duration"),
                row("LDEV id overflowing an int", create("--pvol-ldev-id", "99999999999"), "is too large"),
                row("copy pace overflowing an int", create("--copy-pace", "2147483648"), "is too large"),
                row("duration overflowing a long", create("--timeout", "99999999999999999999d"), "is too long"),
                row("ISO duration overflowing", create("--timeout", "PT9999999999999999H"), "is too long"),
                row("duration beyond 100 years", create("--timeout", "40000d"), "is too long"),
                row("resume timeout overflowing", List.of("resume", "--state-file", "x.state", "--timeout",
                        "9999999999999999999999h"), "is too long"),
                row("URL port above 65535", createAt("http://127.0.0.1:99999"), "the port of host 127.0.0.1 must be from 1 to 65535"),
                row("URL port overflowing an int", createAt("http://127.0.0.1:99999999999"), "has no valid host name"),
                row("URL port 0", createAt("http://127.0.0.1:0"), "the port of host 127.0.0.1 must be from 1 to 65535"),
                row("URL with a path", createAt(url() + "/ConfigurationManager/v1"), "must have no path"),
                row("URL with a query", createAt(url() + "?x=1"), "must have no query"),
                row("URL with a fragment", createAt(url() + "#top"), "must have no fragment"),
                row("URL with a user", createAt("http://ops@" + hostPort), "must not contain a user or password"),
                row("URL with a password holding / ? # @ and spaces",
                        createAt("http://ops:" + URL_PASSWORD + "@" + hostPort), "must not contain a user or password"),
                row("URL with a password, no space", createAt("http://ops:pa/ss?w#rd@" + hostPort),
                        "must not contain a user or password"),
                row("URL of another scheme", createAt("ftp://" + hostPort), "must start with https://"),
                row("connect timeout zero", create("--connect-timeout", "0s"), "must be a positive duration"),
                row("session alive time above 300 s", create("--session-alive-time", "301s"), "aliveTime must be 1..300 s"),
                row("session alive time below 1 s", create("--session-alive-time", "500ms"), "aliveTime must be 1..300 s"),
                row("copy pace 0", create("--copy-pace", "0"), "copyPace must be 1-15"),
                row("copy pace 16", split("--copy-pace", "16"), "copyPace must be 1-15"),
                row("MU number 3", create("--pvol-mu-number", "3"), "pvolMuNumber must be 0-2"),
                row("negative LDEV id", create("--svol-ldev-id", "-1"), "svolLdevId must be 0-65279"),
                row("LDEV id above 65279", create("--pvol-ldev-id", "65280"), "pvolLdevId must be 0-65279"),
                row("consistency group 256", create("--consistency-group-id", "256"), "consistencyGroupId must be 0-255"),
                row("copy group name of 30 characters", create("--copy-group-name", "G".repeat(30)),
                        "copyGroupName must be 1-29 characters"),
                row("pair name of 32 characters", create("--copy-pair-name", "p".repeat(32)),
                        "copyPairName must be 1-31 characters"),
                row("space in a name", create("--copy-group-name", "my group"), "may contain only letters"),
                row("comma in a name", split("--copy-pair-name", "a,b"), "may contain only letters"),
                row("non-ASCII letter in a name", create("--copy-pair-name", "p\u00e4"), "may contain only letters"),
                row("unknown option", create("--frobnicate", "1"), "Unknown options: '--frobnicate'"),
                row("a --password option", create("--password", PASSWORD), "there is no --password option"),
                row("a misspelt password option", create("--pasword", PASSWORD), "there is no --password option"),
                row("URL form unknown", create("--url-form", "cloud"), "--url-form must be embedded or rest-server"),
                row("a wait for an unknown status", waitFor("--until", "PSUE"), "unknown status to wait for: 'PSUE'"),
                row("a wait with a copy option", waitFor("--copy-pace", "3"), "Unknown options: '--copy-pace'"),
                row("a wait with a timeout of zero", waitFor("--timeout", "0s"), "must be a positive duration"),
                row("a with-split without a command", withSplit().subList(0, withSplit().size() - 2),
                        "with-split needs a COMMAND after '--'"),
                row("a with-split with an unknown after step", withSplit("--after", "later"),
                        "--after must be resync, keep or delete"),
                row("a with-split of a group with an LDEV guard", withSplit("--pvol-ldev-id", "100"),
                        "pvolLdevId/svolLdevId are not used by group-resync"),
                row("a with-split with copy pace 16", withSplit("--copy-pair-name", "p1", "--copy-pace", "16"),
                        "copyPace must be 1-15"));
    }

    /** Rows that core's Endpoint checks (storage device id, timeout ranges). */
    static Stream<Arguments> endpointChecks() {
        return Stream.of(
                row("storage device id of 5 digits", create("--storage-device-id", "12345"),
                        "storage device id must be"),
                row("storage device id with a slash", create("--storage-device-id", "934000/00123"),
                        "storage device id must be"),
                row("connect timeout below 1 s", create("--connect-timeout", "500ms"),
                        "connect timeout must be from 1 second to 5 minutes"),
                row("connect timeout above 5 min", create("--connect-timeout", "6m"),
                        "connect timeout must be from 1 second to 5 minutes"),
                row("read timeout above 1 h", create("--read-timeout", "61m"), "read timeout must be from 1 second to 1 hour"),
                row("read timeout below 1 s", create("--read-timeout", "999ms"),
                        "read timeout must be from 1 second to 1 hour"));
    }

    /** Rows that core's check of PEM text refuses, as the plugin's settings form does. */
    static Stream<Arguments> caCertChecks() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ca-cert");
        dir.toFile().deleteOnExit();
        java.nio.file.Path text = java.nio.file.Files.writeString(dir.resolve("text.pem"), "just text\n");
        java.nio.file.Path key = java.nio.file.Files.writeString(dir.resolve("key.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        java.nio.file.Path broken = java.nio.file.Files.writeString(dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        for (java.nio.file.Path p : List.of(text, key, broken)) {
            p.toFile().deleteOnExit();
        }
        return Stream.of(
                row("a --ca-cert without a certificate", create("--ca-cert", text.toString()),
                        ": no '-----BEGIN CERTIFICATE-----' block found; give the certificate in PEM form"),
                row("a --ca-cert with a private key", create("--ca-cert", key.toString()),
                        ": it contains a private key; give the certificate only"),
                row("a --ca-cert block that is no certificate", create("--ca-cert", broken.toString()),
                        ": no certificate could be read"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caCertChecks")
    void isAUsageErrorFromCoresPemCheck(BadInput input) {
        assertRefused(input);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void isAUsageErrorWithNoRequestSent(BadInput input) {
        assertRefused(input);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointChecks")
    void isAUsageErrorFromCoresEndpointChecks(BadInput input) {
        assertRefused(input);
    }

    @Test
    void aValidCommandLineReachesTheArray() {
        // The rows above fail for the reason they name, not because the base command line is broken.
        admin.clearRequestLog();
        CliRunner.Result r = cli.run(split("--copy-pair-name", "nosuchpair").toArray(String[]::new));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.REJECTED);
        assertThat(admin.requests()).isNotEmpty();
    }

    private void assertRefused(BadInput input) {
        admin.clearRequestLog();
        CliRunner.Result r = cli.run(input.args().toArray(String[]::new));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).as("message").contains(input.message());
        assertThat(r.all()).as("secrets echoed").doesNotContain(PASSWORD).doesNotContain(URL_PASSWORD)
                .doesNotContain("et?pa").doesNotContain("w@rd").doesNotContain("pa/ss");
        assertThat(admin.requests()).as("requests sent to the array").isEmpty();
    }
}
