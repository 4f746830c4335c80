package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storage device id the REST server does not manage: the array answers 404 to the login. The commands
 * must say so (exit 5) instead of reporting a missing pair, and must leave the pair alone.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WrongArrayTest {
    private static final String PASSWORD = "WrongArray-Pw-17";
    private static final String WRONG_ID = "934000999999";

    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimulatorConfig.builder()
            .addUser("ops", PASSWORD, false).jobDuration(Duration.ofMillis(50)));

    @TempDir
    static Path dir;

    private final CliRunner cli = new CliRunner().password(PASSWORD);
    private SimulatorAdmin admin;

    @BeforeEach
    void createPair() {
        admin = SIM.admin();
        CliRunner.Result r = cli.run(args("create", SIM.simulator().storageDeviceId(), "--pvol-ldev-id", "100",
                "--svol-ldev-id", "101"));
        assertThat(r.code()).as(r.all()).isZero();
        admin.clearRequestLog();
    }

    private static String[] args(String command, String storageDeviceId, String... more) {
        List<String> l = new ArrayList<>(List.of(command));
        l.addAll(CliSimulator.connection(SIM, "--url-form", "rest-server", "--storage-device-id", storageDeviceId,
                "--copy-group-name", "CG1", "--progress", "plain"));
        if (!command.equals("status") || more.length > 0) {
            l.addAll(List.of("--copy-pair-name", "p1"));
        }
        l.addAll(List.of(more));
        return l.toArray(String[]::new);
    }

    private void assertWrongArray(CliRunner.Result r) {
        assertThat(r.code()).as(r.all()).isEqualTo(5);
        assertThat(r.err()).contains("the array answered 404").contains("wrong URL form (--url-form) or storage device id?")
                .contains(WRONG_ID).doesNotContain(PASSWORD);
        assertThat(r.all()).doesNotContain("NOT_FOUND").doesNotContain("(no pairs)");
        // Nothing is known of the pair: no "it does not exist" explanation, no partial result saying it is absent.
        assertThat(r.all()).doesNotContain("The object does not exist").doesNotContain("\"exists\" : false");
        assertThat(admin.pairs()).anyMatch(p -> p.copyPairName().equals("p1"));
        assertThat(admin.openSessionCount()).isZero();
    }

    @Test
    void deleteWithAWrongStorageIdExits5AndKeepsThePair() {
        assertWrongArray(cli.run(args("delete", WRONG_ID)));
        assertThat(admin.requestCount("DELETE", "/local-clone-copypairs")).isZero();
    }

    @Test
    void groupStatusWithAWrongStorageIdExits5() {
        assertWrongArray(cli.run(args("status", WRONG_ID)));
    }

    @Test
    void deleteWithAWrongStorageIdSaysNothingOfThePairInJson() {
        assertWrongArray(cli.run(args("delete", WRONG_ID, "--json")));
    }

    @Test
    void pairStatusWithAWrongStorageIdExits5() {
        assertWrongArray(cli.run(args("status", WRONG_ID, "--json")));
    }

    @Test
    void theRightStorageIdDeletes() {
        CliRunner.Result r = cli.run(args("delete", SIM.simulator().storageDeviceId()));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(admin.pairs()).isEmpty();
    }
}
