package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    @Test
    void defaultsMatchTheDocumentation() {
        SimulatorConfig c = SimulatorMain.parse(new String[0]).config();
        assertThat(c.port()).isEqualTo(23451);
        assertThat(c.https()).isTrue();
        assertThat(c.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(c.storageDeviceId()).isEqualTo("934000400123");
        assertThat(c.users()).extracting(SimulatorConfig.User::name).containsExactly("user1", "admin");
        assertThat(c.ldevs()).extracting(SimulatorConfig.Ldev::id).contains(347, 348, 100, 131, 200, 400);
        assertThat(c.siJobCompletion()).isEqualTo(SimulatorConfig.SiJobCompletion.ON_ACCEPT);
        assertThat(c.rejectionMode()).isEqualTo(SimulatorConfig.RejectionMode.FAILED_JOB);
        assertThat(c.sessionLimit()).isEqualTo(64);
    }

    @Test
    void everyOptionIsParsed() {
        SimulatorConfig c = SimulatorMain.parse(new String[] {"--port", "0", "--bind", "127.0.0.1", "--http",
            "--key-algorithm", "rsa", "--model", "VSP 5500", "--serial", "40014", "--api-version", "1.9.0",
            "--users", "a:b,c:d:admin", "--ldevs", "1-3:4096,7:4096:cs", "--add-ldevs", "9:8192:-:OPEN-V",
            "--time-scale", "50", "--job-duration", "10-20", "--copy-rate", "64", "--default-copy-pace", "5",
            "--resync-diff-percent", "20", "--split-diff-percent", "2", "--session-limit", "8",
            "--session-grace", "5", "--max-response-wait", "30", "--job-retention", "10", "--no-basic-auth",
            "--basic-auth-not-counted", "--rejection", "http-412", "--si-job-completion", "on-target-status",
            "--psue-split", "reject", "--keep-empty-groups", "--no-put-invoke", "--report-psup",
            "--name-characters", "A-Z", "--max-threads", "64", "--export-cert=/tmp/x.pem", "--latency", "50-150"}).config();
        assertThat(c.requestLatencyMin()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.requestLatencyMax()).isEqualTo(Duration.ofMillis(150));
        assertThat(c.port()).isZero();
        assertThat(c.https()).isFalse();
        assertThat(c.tls()).isEqualTo(new SimulatorConfig.Tls.Generated("RSA"));
        assertThat(c.storageDeviceId()).isEqualTo("900000040014");
        assertThat(c.apiVersion()).isEqualTo("1.9.0");
        assertThat(c.users()).containsExactly(new SimulatorConfig.User("a", "b", false), new SimulatorConfig.User("c", "d", true));
        assertThat(c.ldevs()).extracting(SimulatorConfig.Ldev::id).containsExactly(1, 2, 3, 7, 9);
        assertThat(c.ldevs().get(3).capacitySaving()).isTrue();
        assertThat(c.ldevs().get(0).emulationType()).isEqualTo("OPEN-V-CVS");
        assertThat(c.ldevs().get(4).emulationType()).isEqualTo("OPEN-V");
        assertThat(c.ldevs().get(4).capacitySaving()).isFalse();
        assertThat(c.timeScale()).isEqualTo(50);
        assertThat(c.jobDurationMin()).isEqualTo(Duration.ofMillis(10));
        assertThat(c.jobDurationMax()).isEqualTo(Duration.ofMillis(20));
        assertThat(c.copyRateMiBPerSecondPerPace()).isEqualTo(64);
        assertThat(c.defaultCopyPace()).isEqualTo(5);
        assertThat(c.resyncDifferentialPercent()).isEqualTo(20);
        assertThat(c.splitDifferentialPercent()).isEqualTo(2);
        assertThat(c.sessionLimit()).isEqualTo(8);
        assertThat(c.sessionExpiryGraceSeconds()).isEqualTo(5);
        assertThat(c.maxResponseWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.jobRetention()).isEqualTo(10);
        assertThat(c.basicAuthOnEveryEndpoint()).isFalse();
        assertThat(c.basicAuthCountsAgainstSessionLimit()).isFalse();
        assertThat(c.rejectionMode()).isEqualTo(SimulatorConfig.RejectionMode.HTTP_412);
        assertThat(c.siJobCompletion()).isEqualTo(SimulatorConfig.SiJobCompletion.ON_TARGET_STATUS);
        assertThat(c.psueSplitRule()).isEqualTo(SimulatorConfig.PsueSplitRule.REJECT);
        assertThat(c.deleteEmptyGroup()).isFalse();
        assertThat(c.putOnInvoke()).isFalse();
        assertThat(c.reportPsupDuringQuickSplit()).isTrue();
        assertThat(c.nameCharacters()).isEqualTo("A-Z");
        assertThat(c.maxThreads()).isEqualTo(64);
        assertThat(SimulatorMain.parse(new String[] {"--export-cert", "/tmp/c.pem"}).exportCert()).isEqualTo("/tmp/c.pem");
        assertThat(SimulatorMain.parse(new String[] {"--help"})).isNull();
        SimulatorConfig quirks = SimulatorMain.parse(new String[] {"--svol-status-lag", "1500",
            "--group-list-degraded-entry"}).config();
        assertThat(quirks.svolStatusLag()).isEqualTo(Duration.ofMillis(1500));
        assertThat(quirks.groupListDegradedEntry()).isTrue();
        assertThat(c.svolStatusLag()).isEqualTo(Duration.ZERO);
        assertThat(c.groupListDegradedEntry()).isFalse();
        SimulatorConfig f = SimulatorMain.parse(new String[] {"--fault", "HTTP_503:2:POST:/local-clone-copypairs$",
            "--fault", "drop_connection:1:*:/jobs/\\d+:x", "--fail-jobs", "1:KART40050-E:2E11:2205",
            "--fail-jobs", "3:KART00003-E", "--slow-jobs", "2500"}).config();
        assertThat(f.startupFaults()).containsExactly(
                new Fault("POST", "/local-clone-copypairs$", FaultKind.HTTP_503, 2, 0, 1),
                new Fault("*", "/jobs/\\d+:x", FaultKind.DROP_CONNECTION, 1, 0, 1));
        assertThat(f.startupJobFailures()).containsExactly(
                new SimulatorConfig.FailedJobs(1, "KART40050-E", "2E11", "2205"),
                new SimulatorConfig.FailedJobs(3, "KART00003-E", "", ""));
        assertThat(f.startupSlowJobs()).isEqualTo(Duration.ofMillis(2500));
        SimulatorConfig j = SimulatorMain.parse(new String[] {"--ignore-no-wait", "--lock-jobs", "2",
            "--unknown-jobs", "3", "--foreign-affected-resources", "4"}).config();
        assertThat(j.noWaitHonoured()).isFalse();
        assertThat(j.startupLockedJobs()).isEqualTo(2);
        assertThat(j.startupUnknownJobs()).isEqualTo(3);
        assertThat(j.startupForeignAffectedJobs()).isEqualTo(4);
        assertThat(SimulatorConfig.defaults().noWaitHonoured()).isTrue();
        assertThat(SimulatorConfig.defaults().startupLockedJobs()).isZero();
        assertThat(SimulatorMain.parse(new String[] {"--ignore-response-job-status"}).config().responseJobStatusHonoured())
                .isFalse();
        assertThat(SimulatorConfig.defaults().responseJobStatusHonoured()).isTrue();
    }

    @Test
    void badOptionsAreExplained() {
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--bogus"})).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--port"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--port", "x"})).hasMessageContaining("integer");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--ldevs", "5"})).hasMessageContaining("--ldevs");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--ldevs", "5:4096:x"})).hasMessageContaining("--ldevs");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--users", "nopassword"})).hasMessageContaining("--users");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--rejection", "maybe"})).hasMessageContaining("--rejection");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--tls-cert", "a.pem"})).hasMessageContaining("--tls-key");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--bind", "0.0.0.0"})).hasMessageContaining("--admin-token-env");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--time-scale", "0"})).hasMessageContaining("timeScale");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--fault", "HTTP_503:2"})).hasMessageContaining("--fault");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--fault", "NOPE:1:*:x"})).hasMessageContaining("NOPE");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--fault", "LOCK:1:*:("})).hasMessageContaining("regular");
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--fail-jobs", "1"})).hasMessageContaining("--fail-jobs");
    }

    @Test
    void helpListsEveryOption() {
        for (String opt : List.of("--port", "--bind", "--http", "--key-algorithm", "--tls-pkcs12", "--tls-password-env",
                "--tls-cert", "--tls-key", "--export-cert", "--model", "--serial", "--storage-device-id", "--api-version",
                "--users", "--ldevs", "--add-ldevs", "--time-scale", "--job-duration", "--copy-rate",
                "--default-copy-pace", "--resync-diff-percent", "--split-diff-percent", "--session-limit",
                "--session-grace", "--max-response-wait", "--job-retention", "--no-basic-auth",
                "--basic-auth-not-counted", "--rejection", "--si-job-completion", "--psue-split", "--keep-empty-groups",
                "--delete-duration", "--deleting-status",
                "--no-put-invoke", "--report-psup", "--name-characters", "--admin-token-env", "--max-threads", "--fault",
                "--fail-jobs", "--slow-jobs", "--latency")) {
            assertThat(SimulatorMain.USAGE).contains(opt);
        }
    }

    @Test
    void theMainClassExportsItsCertificateForClientsToTrust(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path pem = dir.resolve("sim.pem");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SimulatorMain.class.getName(), "--port", "0", "--export-cert", pem.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).startsWith("VSP simulator listening on https://127.0.0.1:");
            URI base = URI.create(first.substring(first.indexOf("https://")));
            Rest r = new Rest(base, Files.readString(pem), null);
            assertThat(r.get("/ConfigurationManager/configuration/version").status()).isEqualTo(200);
        } finally {
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theMainClassPrintsItsUrlAndServesUntilKilled() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SimulatorMain.class.getName(), "--port", "0", "--http").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).startsWith("VSP simulator listening on http://127.0.0.1:");
            assertThat(out.readLine()).contains("storageDeviceId 934000400123");
            URI base = URI.create(first.substring(first.indexOf("http://")));
            Rest r = new Rest(base, (String) null, null);
            assertThat(r.get("/ConfigurationManager/configuration/version").status()).isEqualTo(200);
            String all = first + out.readLine() + out.readLine() + out.readLine();
            assertThat(all).doesNotContain("pass1").doesNotContain("admin-pass");
        } finally {
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
