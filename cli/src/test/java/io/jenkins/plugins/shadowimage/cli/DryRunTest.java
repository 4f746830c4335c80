package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --dry-run reads and checks as the real run does, changes nothing, and its plan is what the real run then sends. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DryRunTest {
    private static final String PASSWORD = "DryRun-Pw-64";

    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(CliSimulator.config(PASSWORD, 7000, 10, 20));

    @TempDir
    static Path dir;

    private final CliRunner cli = new CliRunner().password(PASSWORD);
    private SimulatorAdmin admin;

    @BeforeEach
    void reset() {
        admin = SIM.admin();
    }

    private CliRunner.Result run(String command, String... more) {
        List<String> l = new ArrayList<>(List.of(command));
        l.addAll(CliSimulator.connection(SIM, "--progress", "none"));
        l.addAll(List.of(more));
        return cli.run(l.toArray(String[]::new));
    }

    /** Requests other than reads and the sessions' own log-in and log-out. */
    private List<RequestRecord> changing() {
        return admin.requests().stream().filter(r -> !"GET".equals(r.method()))
                .filter(r -> !r.path().contains("/sessions")).toList();
    }

    private static String decoded(RequestRecord r) {
        return URLDecoder.decode(r.path(), StandardCharsets.UTF_8);
    }

    /** Runs the dry run with --json, checks that it changed nothing, and returns its plan. */
    private JsonNode plan(String command, String... more) throws Exception {
        admin.clearRequestLog();
        List<String> args = new ArrayList<>(List.of(more));
        args.add("--dry-run");
        args.add("--json");
        CliRunner.Result r = run(command, args.toArray(String[]::new));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(changing()).as("requests that change something").isEmpty();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("dryRun").asBoolean()).isTrue();
        return doc.path("plan");
    }

    /** The real run's changing requests match the plan: the same method and path, once. */
    private void realRunSends(JsonNode plan, String command, String... more) {
        admin.clearRequestLog();
        CliRunner.Result r = run(command, more);
        assertThat(r.code()).as(r.all()).isZero();
        List<RequestRecord> sent = changing();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).method()).isEqualTo(plan.path("request").path("method").asText());
        assertThat(decoded(sent.get(0))).endsWith(plan.path("request").path("path").asText());
    }

    @Test
    void createSplitResyncAndDeleteArePlannedAsTheyAreThenSent() throws Exception {
        String[] pair = {"--copy-group-name", "DR1", "--copy-pair-name", "p1"};
        String[] create = {"--copy-group-name", "DR1", "--copy-pair-name", "p1", "--pvol-ldev-id", "7000",
            "--svol-ldev-id", "7001"};
        JsonNode plan = plan("create", create);
        assertThat(plan.path("decision").asText()).isEqualTo("SEND");
        assertThat(plan.path("request").path("path").asText()).isEqualTo("/local-clone-copypairs");
        assertThat(plan.path("request").path("parameters").path("pvolLdevId").asInt()).isEqualTo(7000);
        assertThat(plan.path("request").path("parameters").path("isNewGroupCreation").asBoolean()).isTrue();
        assertThat(plan.path("waitsFor").asText()).contains("PAIR");
        assertThat(admin.pairs()).isEmpty();
        realRunSends(plan, "create", create);

        plan = plan("split", join(pair, "--copy-pace", "5"));
        assertThat(plan.path("request").path("path").asText())
                .isEqualTo("/local-clone-copypairs/DR1,DR1P_,DR1S_,p1/actions/split/invoke");
        assertThat(plan.path("request").path("parameters").path("copyPace").asInt()).isEqualTo(5);
        assertThat(plan.path("pvolStatus").asText()).isEqualTo("PAIR");
        assertThat(plan.path("refusedIf").toString()).contains("PSUE");
        realRunSends(plan, "split", join(pair, "--copy-pace", "5"));

        // nothing to send: the dry run ends as the real run would
        plan = plan("split", pair);
        assertThat(plan.path("decision").asText()).isEqualTo("NOTHING");
        assertThat(plan.path("description").asText()).contains("ALREADY_SPLIT");

        plan = plan("resync", pair);
        assertThat(plan.path("request").path("path").asText()).endsWith("/actions/resync/invoke");
        realRunSends(plan, "resync", pair);

        plan = plan("delete", pair);
        assertThat(plan.path("request").path("method").asText()).isEqualTo("DELETE");
        assertThat(plan.path("waitsFor").asText()).contains("gone");
        realRunSends(plan, "delete", pair);
        assertThat(admin.pairs()).isEmpty();
    }

    @Test
    void aGroupSplitIsPlannedAndTextModeSaysItInWords() throws Exception {
        assertThat(run("create", "--copy-group-name", "DR2", "--copy-pair-name", "a", "--pvol-ldev-id", "7002",
                "--svol-ldev-id", "7003").code()).isZero();
        admin.clearRequestLog();
        CliRunner.Result r = run("split", "--copy-group-name", "DR2", "--dry-run");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("would send POST /local-clone-copygroups/DR2,DR2P_,DR2S_/actions/split/invoke",
                "then wait for PSUS/SSUS", "could still refuse it if", "nothing was changed");
        assertThat(changing()).isEmpty();
        JsonNode plan = plan("split", "--copy-group-name", "DR2");
        realRunSends(plan, "split", "--copy-group-name", "DR2");
    }

    @Test
    void aRefusalIsFoundByTheDryRunWithTheRealRunsExitCode() {
        assertThat(run("create", "--copy-group-name", "DR3", "--copy-pair-name", "p", "--pvol-ldev-id", "7004",
                "--svol-ldev-id", "7005").code()).isZero();
        admin.clearRequestLog();
        CliRunner.Result dry = run("restore", "--copy-group-name", "DR3", "--copy-pair-name", "p", "--dry-run");
        assertThat(dry.code()).as(dry.all()).isEqualTo(ExitCodes.REJECTED);
        assertThat(dry.err()).contains("restore is allowed only from PSUS");
        assertThat(changing()).isEmpty();
        CliRunner.Result real = run("restore", "--copy-group-name", "DR3", "--copy-pair-name", "p");
        assertThat(real.code()).isEqualTo(ExitCodes.REJECTED);
        assertThat(changing()).isEmpty();

        dry = run("create", "--copy-group-name", "DR3", "--copy-pair-name", "q", "--pvol-ldev-id", "7006",
                "--svol-ldev-id", "9999", "--dry-run");
        assertThat(dry.code()).as(dry.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(dry.err()).contains("S-VOL LDEV 9999 is not defined");
        assertThat(changing()).isEmpty();
    }

    @Test
    void aDryRunKeepsNoStateFile() {
        admin.clearRequestLog();
        CliRunner.Result r = run("split", "--copy-group-name", "DR4", "--copy-pair-name", "p", "--dry-run",
                "--state-file", dir.resolve("dr4.state").toString());
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("leave out --state-file");
        assertThat(admin.requestCount("*", ".*")).isZero();
        assertThat(dir.resolve("dr4.state")).doesNotExist();
    }

    private static String[] join(String[] a, String... b) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(b));
        return l.toArray(String[]::new);
    }
}
