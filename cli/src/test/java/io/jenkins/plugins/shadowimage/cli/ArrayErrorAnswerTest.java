package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.client.ErrorCatalogue;
import io.jenkins.plugins.shadowimage.simulator.Fault;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An HTTP 500 carrying the array's KART error: exit 3 with the KART id, SSB codes and solution, after one POST. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ArrayErrorAnswerTest {
    private static final String PASSWORD = "ArrayError-Pw-31";
    private static final String SPLIT = "/local-clone-copypairs/CG1,CG1P_,CG1S_,p1/actions/split/invoke$";

    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimulatorConfig.builder()
            .addUser("ops", PASSWORD, false).jobDuration(Duration.ofMillis(50))).keepStateBetweenTests();

    @TempDir
    static Path dir;

    private final CliRunner cli = new CliRunner().password(PASSWORD);

    private static String[] args(String command, String... more) {
        return pairArgs("p1", command, more);
    }

    private static String[] pairArgs(String pair, String command, String... more) {
        List<String> l = new ArrayList<>(List.of(command));
        l.addAll(CliSimulator.connection(SIM, "--copy-group-name", "CG1", "--copy-pair-name", pair, "--progress", "plain"));
        l.addAll(List.of(more));
        return l.toArray(String[]::new);
    }

    @Test
    void splitAnswered500WithKart70000ExitsWithTheArraysError() {
        SimulatorAdmin admin = SIM.admin();
        CliRunner.Result created = cli.run(args("create", "--pvol-ldev-id", "100", "--svol-ldev-id", "101"));
        assertThat(created.code()).as(created.all()).isZero();
        admin.clearRequestLog();
        admin.injectFault(Fault.kartError("POST", SPLIT, 1, 500, "KART70000-E", "2E11", "8303"));

        CliRunner.Result r = cli.run(args("split"));

        assertThat(r.code()).as(r.all()).isEqualTo(3);
        assertThat(r.err()).contains("KART70000-E").contains("SSB1=2E11, SSB2=8303").contains("Solution: ")
                .doesNotContain(PASSWORD);
        assertThat(admin.requestCount("POST", SPLIT)).isEqualTo(1);
        assertThat(admin.pairs()).singleElement().satisfies(p -> assertThat(p.pvolStatus()).isEqualTo("PAIR"));
        assertThat(admin.openSessionCount()).isZero();
    }

    @Test
    void aRejectionIsExplainedInTheCataloguesWordsAsInTheBuildLog() {
        SimulatorAdmin admin = SIM.admin();
        CliRunner.Result created = cli.run(pairArgs("p2", "create", "--pvol-ldev-id", "102", "--svol-ldev-id", "103"));
        assertThat(created.code()).as(created.all()).isZero();
        admin.failNextJobs(1, "KART30000-E", "2E31", "9A01");

        CliRunner.Result r = cli.run(pairArgs("p2", "split", "--json"));

        String explanation = ErrorCatalogue.explain("KART30000-E", "2E31", "9A01");
        assertThat(r.code()).as(r.all()).isEqualTo(3);
        assertThat(r.err()).contains(explanation);
        assertThat(r.out()).contains("\"explanation\" : \"" + explanation + "\"");
    }
}
