package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code shadowimage with-split}, in-process: the command runs on a frozen copy and the after step always runs. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WithSplitTest {
    private static final String PASSWORD = "WithSplit-Pw-5";

    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(CliSimulator.config(PASSWORD, 4000, 20, 20));

    @TempDir
    static Path dir;

    private final CliRunner cli = new CliRunner().password(PASSWORD);
    private SimulatorAdmin admin;

    @BeforeEach
    void reset() {
        admin = SIM.admin();
    }

    static List<String> conn() {
        return CliSimulator.connection(SIM, "--progress", "plain");
    }

    private static String[] args(String command, List<String> more, String... command2) {
        List<String> l = new ArrayList<>();
        l.add(command);
        l.addAll(conn());
        l.addAll(more);
        l.addAll(List.of(command2));
        return l.toArray(String[]::new);
    }

    private void createPair(String group, String name, int pvol) {
        CliRunner.Result r = cli.run(args("create", List.of("--copy-group-name", group, "--copy-pair-name", name,
                "--pvol-ldev-id", String.valueOf(pvol), "--svol-ldev-id", String.valueOf(pvol + 1))));
        assertThat(r.code()).as(r.all()).isZero();
    }

    private String status(String name) {
        return admin.pairs().stream().filter(p -> p.copyPairName().equals(name))
                .map(p -> p.pvolStatus() + "/" + p.svolStatus()).findFirst().orElse("gone");
    }

    @Test
    void theCommandSeesTheFrozenCopyAndThePairIsResyncedAfterwards() throws Exception {
        createPair("WS1", "p1", 4000);
        Path env = dir.resolve("ws1.env");
        admin.clearRequestLog();
        CliRunner.Result r = cli.run(args("with-split", List.of("--copy-group-name", "WS1", "--copy-pair-name", "p1",
                "--"), "sh", "-c", "env | grep '^SI_' > " + env + "; echo from-the-command"));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("from-the-command").contains("PSUS").contains("SSUS");
        String seen = Files.readString(env);
        assertThat(seen).contains("SI_PVOL_LDEV_ID=4000", "SI_SVOL_LDEV_ID=4001", "SI_COPY_PAIR_NAME=p1",
                "SI_COPY_PAIR_ID=WS1,WS1P_,WS1S_,p1", "SI_PVOL_STATUS=PSUS", "SI_SPLIT_OUTCOME=SPLIT")
                .containsPattern("SI_SPLIT_OBSERVED_AT=20\\d\\d-");
        assertThat(status("p1")).isEqualTo("PAIR/PAIR");
        // a pair in PAIR needs no resync first: one split, one resync
        assertThat(admin.requestCount("POST", "/actions/split/invoke$")).isEqualTo(1);
        assertThat(admin.requestCount("POST", "/actions/resync/invoke$")).isEqualTo(1);
        assertThat(admin.openSessionCount()).isZero();
    }

    @Test
    void aFailingCommandsExitCodeIsPropagatedAfterTheAfterStep() {
        createPair("WS2", "p2", 4002);
        CliRunner.Result r = cli.run(args("with-split", List.of("--copy-group-name", "WS2", "--copy-pair-name", "p2",
                "--json", "--"), "sh", "-c", "echo failing >&2; exit 7"));
        assertThat(r.code()).as(r.all()).isEqualTo(7);
        assertThat(status("p2")).isEqualTo("PAIR/PAIR");
        assertThat(r.err()).contains("failing");
        assertThat(r.out()).contains("\"commandExitCode\" : 7", "\"exitCode\" : 7", "\"after\" : \"resync\"");
    }

    @Test
    void afterKeepLeavesItSplitAndASplitPairIsResyncedFirst() {
        createPair("WS3", "p3", 4004);
        assertThat(cli.run(args("split", List.of("--copy-group-name", "WS3", "--copy-pair-name", "p3"))).code()).isZero();
        admin.clearRequestLog();
        CliRunner.Result r = cli.run(args("with-split", List.of("--copy-group-name", "WS3", "--copy-pair-name", "p3",
                "--after", "keep", "--"), "true"));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(status("p3")).isEqualTo("PSUS/SSUS");
        assertThat(admin.requestCount("POST", "/actions/resync/invoke$")).isEqualTo(1);
        assertThat(admin.requestCount("POST", "/actions/split/invoke$")).isEqualTo(1);
    }

    @Test
    void aWholeCopyGroupIsFrozenAndDeletedAfterwards() throws Exception {
        createPair("WS4", "a", 4006);
        createPair("WS4", "b", 4008);
        Path env = dir.resolve("ws4.env");
        CliRunner.Result r = cli.run(args("with-split", List.of("--copy-group-name", "WS4", "--after", "delete",
                "--resync-first=false", "--"), "sh", "-c", "env | grep '^SI_' > " + env));
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(Files.readString(env)).contains("SI_PAIR_COUNT=2", "SI_COPY_PAIR_NAMES=a b",
                "SI_PVOL_LDEV_IDS=4006 4008", "SI_SVOL_LDEV_IDS=4007 4009");
        assertThat(r.out()).contains("COPY PAIR").contains("PSUS");
        assertThat(admin.pairs()).noneMatch(p -> p.copyGroupName().equals("WS4"));
    }

    @Test
    void badInputIsRefusedBeforeAnyRequest() {
        admin.clearRequestLog();
        CliRunner.Result r = cli.run(args("with-split", List.of("--copy-group-name", "WS5", "--copy-pair-name", "p")));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("needs a COMMAND");
        r = cli.run(args("with-split", List.of("--copy-group-name", "WS5", "--after", "later", "--"), "true"));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("resync, keep or delete");
        r = cli.run(args("with-split", List.of("--copy-group-name", "WS5", "--copy-pace", "99", "--"), "true"));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(admin.requestCount("*", ".*")).isZero();
    }

    @Test
    void aRejectedSplitRunsNoCommand() throws Exception {
        Path ran = dir.resolve("ws6.ran");
        CliRunner.Result r = cli.run(args("with-split", List.of("--copy-group-name", "WS6", "--copy-pair-name", "none",
                "--"), "touch", ran.toString()));
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.REJECTED);
        assertThat(ran).doesNotExist();
    }

    static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }
}
