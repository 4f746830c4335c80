package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limits of a REST server shared by many clients: a request rate and slow logins. */
class ServerLimitsTest {

    @Test
    void requestsBeyondTheRateGet503BusyWithRetryAfterUntilTheNextSecond() throws Exception {
        ManualClock clock = new ManualClock();
        try (VspSimulator sim = VspSimulator.start(SimTest.manual(clock).http().requestRateLimit(3).build())) {
            Rest rest = new Rest(sim);
            rest.login();                                   // 1
            assertThat(rest.get(rest.objects + "/ldevs/100").status()).isEqualTo(200);   // 2
            assertThat(rest.get(rest.objects + "/ldevs/101").status()).isEqualTo(200);   // 3
            Rest.Resp refused = rest.get(rest.objects + "/ldevs/102");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.str("messageId")).isEqualTo("KART00003-E");
            assertThat(refused.str("solution")).isNotBlank();
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            // A refused request does not use the budget, and is logged as refused.
            assertThat(rest.get(rest.objects + "/ldevs/102").status()).isEqualTo(503);
            List<RequestRecord> log = sim.admin().requests();
            assertThat(log.get(log.size() - 1).status()).isEqualTo(503);

            clock.advance(Duration.ofMillis(600));
            assertThat(rest.get(rest.objects + "/ldevs/102").status()).isEqualTo(503);
            clock.advance(Duration.ofMillis(400));
            for (int i = 0; i < 3; i++) {
                assertThat(rest.get(rest.objects + "/ldevs/102").status()).isEqualTo(200);
            }
            assertThat(rest.get(rest.objects + "/ldevs/102").status()).isEqualTo(503);
        }
    }

    @Test
    void theRateCanBeSetWhileRunningAndAResetRestoresTheConfiguredOne() throws Exception {
        ManualClock clock = new ManualClock();
        try (VspSimulator sim = VspSimulator.start(SimTest.manual(clock).http().build())) {
            Rest rest = new Rest(sim);
            rest.login();
            assertThat(rest.post("/simulator/request-rate", java.util.Map.of("perSecond", 2)).status()).isEqualTo(200);
            assertThat(rest.get("/simulator/request-rate").json().get("perSecond").asInt()).isEqualTo(2);
            clock.advance(Duration.ofSeconds(1));
            assertThat(rest.get(rest.objects + "/ldevs/100").status()).isEqualTo(200);
            assertThat(rest.get(rest.objects + "/ldevs/100").status()).isEqualTo(200);
            assertThat(rest.get(rest.objects + "/ldevs/100").status()).isEqualTo(503);
            sim.admin().setRequestRateLimit(0);
            for (int i = 0; i < 20; i++) {
                assertThat(rest.get(rest.objects + "/ldevs/100").status()).isEqualTo(200);
            }
            sim.admin().setRequestRateLimit(1);
            sim.admin().reset();
            assertThat(sim.admin().requestRateLimit()).isZero();
        }
    }

    @Test
    void noLimitByDefault() throws Exception {
        try (VspSimulator sim = VspSimulator.start(SimTest.manual(new ManualClock()).http().build())) {
            Rest rest = new Rest(sim);
            rest.login();
            for (int i = 0; i < 200; i++) {
                assertThat(rest.get(rest.objects + "/ldevs/100").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aLoginTakesItsLatency() throws Exception {
        try (VspSimulator sim = VspSimulator.start(SimulatorConfig.builder().http().loginLatency(Duration.ofMillis(300))
                .build())) {
            Rest rest = new Rest(sim);
            long start = System.nanoTime();
            rest.login();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void aLoginWithAnAnswerDelayOpensItsSessionBeforeItAnswers() throws Exception {
        try (VspSimulator sim = VspSimulator.start(SimulatorConfig.builder().http()
                .loginAnswerDelay(Duration.ofMillis(300)).build())) {
            Rest rest = new Rest(sim);
            rest.login();
            Instant answered = Instant.now();
            Instant created = sim.admin().openSessions().get(0).createdTime();
            assertThat(Duration.between(created, answered)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void aLogoutTakesItsLatencyAndDiscardsTheSessionBeforeItAnswers() throws Exception {
        try (VspSimulator sim = VspSimulator.start(SimulatorConfig.builder().http().logoutLatency(Duration.ofMillis(300))
                .build())) {
            Rest rest = new Rest(sim);
            int id = rest.login();
            long start = System.nanoTime();
            assertThat(rest.delete(rest.objects + "/sessions/" + id, null).status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(sim.admin().openSessionCount()).isZero();
        }
    }

    @Test
    void limitsFromTheCommandLine() {
        SimulatorConfig c = SimulatorMain.parse(new String[] {"--request-rate", "50", "--login-latency", "800",
                "--pair-list-lag", "1500", "--login-answer-delay", "700", "--logout-latency", "600"}).config();
        assertThat(c.loginAnswerDelay()).isEqualTo(Duration.ofMillis(700));
        assertThat(c.logoutLatency()).isEqualTo(Duration.ofMillis(600));
        assertThat(SimulatorConfig.defaults().loginAnswerDelay()).isZero();
        assertThat(SimulatorConfig.defaults().logoutLatency()).isZero();
        assertThat(c.pairListLag()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.requestRateLimit()).isEqualTo(50);
        assertThat(c.loginLatency()).isEqualTo(Duration.ofMillis(800));
        assertThat(SimulatorConfig.defaults().requestRateLimit()).isZero();
        assertThat(SimulatorConfig.defaults().loginLatency()).isZero();
    }

    @Test
    void aNewPairIsLeftOutOfItsGroupsListForTheLagUnlessRefreshed() throws Exception {
        ManualClock clock = new ManualClock();
        try (VspSimulator sim = VspSimulator.start(SimTest.manual(clock).http().pairListLag(Duration.ofSeconds(2))
                .build())) {
            Rest rest = new Rest(sim);
            rest.login();
            assertThat(rest.createPair("G", "p", 100, 101, true).status()).isEqualTo(202);
            String list = rest.objects + "/local-clone-copypairs?localCloneCopyGroupId=" + Rest.groupId("G");
            assertThat(rest.get(list).json().path("data")).isEmpty();
            assertThat(rest.get(list + "&refresh=true").json().path("data")).hasSize(1);
            assertThat(rest.get(rest.objects + "/local-clone-copypairs/" + Rest.pairId("G", "p")).status()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(2));
            assertThat(rest.get(list).json().path("data")).hasSize(1);
        }
    }
}
