package io.jenkins.plugins.shadowimage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** docs/examples/freeze-test-resync.sh, run as documented against a simulated array: twice, and with failing tests. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FreezeTestResyncExampleTest {
    private static final String PASSWORD = "Example-Pw-31";
    private static final Path SCRIPT = Path.of("..", "docs", "examples", "freeze-test-resync.sh");

    @TempDir
    Path dir;

    private int run(VspSimulator sim, Path cert, String tests, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SHADOWIMAGE", java + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "
                + System.getProperty("java.class.path") + " " + ShadowImageCli.class.getName());
        pb.environment().put("VSP_URL", sim.baseUrl().toString());
        pb.environment().put("VSP_CA_CERT", cert.toString());
        pb.environment().put("VSP_USER", "ops");
        pb.environment().put("SHADOWIMAGE_PASSWORD", PASSWORD);
        pb.environment().put("SHADOWIMAGE_LOCK_DIR", dir.resolve("locks").toString());
        pb.environment().put("STATE_DIR", dir.toString());
        pb.environment().put("TESTS", tests);
        Process p = pb.start();
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("the example ended").isTrue();
        return p.exitValue();
    }

    @Test
    void theExampleFreezesTheCopyForTheTestsAndResyncsAfterwardsEvenWhenTheyFail() throws Exception {
        try (VspSimulator sim = VspSimulator.start(SimulatorConfig.builder().port(0).https(true)
                .addUser("ops", PASSWORD, false).timeScale(50).build())) {
            Path cert = dir.resolve("array.pem");
            Files.writeString(cert, sim.certificatePem(), StandardCharsets.US_ASCII);
            SimulatorAdmin a = sim.admin();

            Path log = dir.resolve("first.log");
            int code = run(sim, cert, "echo tests-passed", log);
            String out = Files.readString(log);
            assertThat(code).as(out).isZero();
            assertThat(out).containsPattern("tests run on the copy split at 20\\d\\d-.* \\(S-VOL LDEV 348, pair CI,CIP_,CIS_,"
                    + "testdata\\)").contains("tests-passed").doesNotContain(PASSWORD);
            assertThat(a.pairs()).singleElement().satisfies(p -> assertThat(p.pvolStatus()).isEqualTo("PAIR"));
            assertThat(a.requestCount("POST", "/actions/split/invoke$")).isEqualTo(1);

            // a second run: the pair exists; failing tests give their exit code, and the copy is resynced anyway
            a.clearRequestLog();
            Path second = dir.resolve("second.log");
            code = run(sim, cert, "exit 3", second);
            assertThat(code).as(Files.readString(second)).isEqualTo(3);
            assertThat(a.requestCount("POST", "/local-clone-copypairs$")).as("creates").isZero();
            assertThat(a.requestCount("POST", "/actions/split/invoke$")).isEqualTo(1);
            assertThat(a.requestCount("POST", "/actions/resync/invoke$")).isEqualTo(1);
            assertThat(a.pairs()).singleElement().satisfies(p -> assertThat(p.pvolStatus()).isEqualTo("PAIR"));
            assertThat(a.openSessionCount()).isZero();
        }
    }
}
