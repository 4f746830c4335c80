package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A with-split state file of the first format (written before it kept the core's block state: see golden/README.md)
 * still resumes: the command is not run again, the after step resyncs, and the file then holds the block's state.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WithSplitGoldenStateTest {

    @TempDir
    Path dir;

    @Test
    void aWithSplitKilledWhileItsCommandRanResumesFromTheFirstFormat() throws Exception {
        Path state = dir.resolve("golden-with-split.state");
        Files.copy(resource("golden/with-split-command-format1.state"), state);
        try (VspSimulator array = VspSimulator.start(SimulatorConfig.builder().port(23999).https(true)
                .tls(new SimulatorConfig.Tls.Pem(resource("golden/golden-array.pem"), resource("golden/golden-array.key")))
                .build())) {
            SimulatorAdmin a = array.admin();
            // The array as the killed process left it: GOLD/p1 split.
            CliRunner setup = new CliRunner().password("pass1");
            String[] conn = {"--url", "https://127.0.0.1:23999", "--ca-cert", resource("golden/golden-array.pem").toString(),
                "--user", "user1"};
            assertThat(setup.run(concat(new String[] {"create", "--copy-group-name", "GOLD", "--copy-pair-name", "p1",
                "--pvol-ldev-id", "100", "--svol-ldev-id", "101", "--auto-split"}, conn)).code()).isZero();
            assertThat(a.pairs()).singleElement().satisfies(p -> assertThat(p.pvolStatus()).isEqualTo("PSUS"));
            a.clearRequestLog();

            CliRunner.Result r = new CliRunner().password("pass1").run("resume", "--state-file", state.toString(),
                    "--progress", "plain");
            assertThat(r.code()).as(r.all()).isZero();
            assertThat(r.all()).contains("not run again");
            assertThat(a.pairs()).singleElement().satisfies(p -> assertThat(p.pvolStatus()).isEqualTo("PAIR"));
            assertThat(a.requestCount("POST", "/actions/resync/invoke$")).isEqualTo(1);
            assertThat(a.requestCount("POST", "/actions/split/invoke$")).isZero();
            JsonNode saved = new ObjectMapper().readTree(state.toFile());
            assertThat(saved.path("withSplit").path("step").asText()).isEqualTo("DONE");
            assertThat(saved.path("frozenCopy").path("step").asText()).isEqualTo("DONE");
            assertThat(saved.path("summary").path("operation").asText()).isEqualTo(OperationType.RESYNC.cliName());
            assertThat(a.openSessionCount()).isZero();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(WithSplitGoldenStateTest.class.getClassLoader().getResource(name).toURI());
    }
}
