package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code shadowimage wait}: follows what another command (or another tool) does to a pair, and only reads. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WaitCommandTest {
    private static final String PASSWORD = "Wait-Pw-31";

    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(CliSimulator.config(PASSWORD, 3000, 20, 10));

    @TempDir
    static Path dir;

    private final CliRunner cli = new CliRunner().password(PASSWORD);
    private SimulatorAdmin admin;

    @BeforeEach
    void reset() {
        admin = SIM.admin();
    }

    private static String[] args(String command, String... more) {
        List<String> l = new ArrayList<>(List.of(command));
        l.addAll(CliSimulator.connection(SIM, "--progress", "plain"));
        l.addAll(List.of(more));
        return l.toArray(String[]::new);
    }

    private List<RequestRecord> changingRequests() {
        return admin.requests().stream().filter(r -> !"GET".equals(r.method()))
                .filter(r -> !r.path().contains("/sessions")).toList();
    }

    @Test
    void waitFollowsAnInitialCopyToPairAndOnlyReads() throws Exception {
        CliRunner.Result r = cli.run(args("create", "--copy-group-name", "W1", "--copy-pair-name", "p1",
                "--pvol-ldev-id", "3000", "--svol-ldev-id", "3001", "--wait-for", "ACCEPTED"));
        assertThat(r.code()).as(r.all()).isZero();
        admin.clearRequestLog();
        r = cli.run(args("wait", "--copy-group-name", "W1", "--copy-pair-name", "p1", "--until", "PAIR", "--json"));
        assertThat(r.code()).as(r.all()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("command").asText()).isEqualTo("wait");
        assertThat(doc.path("result").path("outcome").asText()).isEqualTo("REACHED");
        assertThat(doc.path("result").path("pvolStatus").asText()).isEqualTo("PAIR");
        assertThat(r.err()).contains("COPY").contains("%");
        assertThat(changingRequests()).isEmpty();
        assertThat(admin.openSessionCount()).isZero();
    }

    @Test
    void waitForAGroupToBeSplitAndForAPairToGo() {
        for (int i = 0; i < 2; i++) {
            assertThat(cli.run(args("create", "--copy-group-name", "W2", "--copy-pair-name", "p" + i,
                    "--pvol-ldev-id", String.valueOf(3002 + 2 * i), "--svol-ldev-id", String.valueOf(3003 + 2 * i)))
                    .code()).isZero();
        }
        assertThat(cli.run(args("split", "--copy-group-name", "W2", "--wait-for", "ACCEPTED")).code()).isZero();
        admin.clearRequestLog();
        CliRunner.Result r = cli.run(args("wait", "--copy-group-name", "W2", "--until", "psus"));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("REACHED").contains("p0").contains("p1");
        r = cli.run(args("wait", "--copy-group-name", "W2", "--copy-pair-name", "nope", "--until", "GONE"));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(changingRequests()).isEmpty();
    }

    @Test
    void aSplitPairDoesNotBecomePairByWaitingAndTheWaitTimesOut() {
        assertThat(cli.run(args("create", "--copy-group-name", "W3", "--copy-pair-name", "p1",
                "--pvol-ldev-id", "3010", "--svol-ldev-id", "3011", "--auto-split")).code()).isZero();
        admin.clearRequestLog();
        CliRunner.Result r = cli.run(args("wait", "--copy-group-name", "W3", "--copy-pair-name", "p1", "--until", "PAIR",
                "--timeout", "2s"));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(changingRequests()).isEmpty();
    }

    @Test
    void anUnknownStatusIsAUsageErrorBeforeAnyRequest() {
        admin.clearRequestLog();
        CliRunner.Result r = cli.run(args("wait", "--copy-group-name", "W4", "--copy-pair-name", "p1", "--until", "PSUE"));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("PAIR, SPLIT");
        r = cli.run(args("wait", "--copy-group-name", "W4", "--copy-pair-name", "p1", "--until", "PAIR", "--copy-pace", "3"));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(admin.requestCount("*", ".*")).isZero();
    }
}
