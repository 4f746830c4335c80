package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.awaitility.Awaitility;

/** Hundreds of parallel clients: nothing lost, no double booking, exact counters. */
class ConcurrencyTest {
    static final int CLIENTS = 300;

    @RegisterExtension
    static VspSimulatorExtension sim = VspSimulatorExtension.create(SimulatorConfig.builder().http()
            .timeScale(1000).jobDuration(Duration.ZERO, Duration.ofMillis(5)).sessionLimit(2000)
            .addLdevRange(1000, 2 * CLIENTS, SimulatorConfig.GIB_BLOCKS).build());

    static ExecutorService pool;
    static HttpClient http;

    @BeforeAll
    static void threads() {
        pool = Executors.newFixedThreadPool(CLIENTS);
        http = Rest.client(null);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    private <T> List<T> inParallel(int n, IntFunction<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            futures.add(pool.submit(() -> {
                start.await();
                return task.apply(k);
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(300, TimeUnit.SECONDS));
        }
        return results;
    }

    private Rest client() {
        return new Rest(sim.simulator().baseUrl(), http, null);
    }

    @Test
    void fullLifecyclesInParallelLoseNothing() throws Exception {
        Set<Long> jobIds = ConcurrentHashMap.newKeySet();
        List<String> outcomes = inParallel(CLIENTS, i -> {
            Rest r = client();
            int session = r.login();
            r.waitForJobs();
            String g = "CG" + i;
            Rest.Resp created = r.createPair(g, "p", 1000 + 2 * i, 1001 + 2 * i, true);
            jobIds.add(created.json().get("jobId").asLong());
            if (!"Succeeded".equals(created.str("state"))) {
                return "create " + created.text();
            }
            Rest.Resp split = r.pairAction(g, "p", "split", Map.of("quickMode", true));
            jobIds.add(split.json().get("jobId").asLong());
            String status = r.pair(g, "p").json().get("pvolStatus").asText();
            if (!status.equals("PSUS")) {
                return "status " + status;
            }
            Awaitility.await("background copy of " + g).atMost(Duration.ofSeconds(60))
                    .until(() -> sim.admin().pairs().stream()
                    .anyMatch(p -> p.copyGroupName().equals(g) && p.internalStatus().equals("PSUS")));
            Rest.Resp deleted = r.delete(r.objects + "/local-clone-copypairs/" + Rest.pairId(g, "p"), null);
            jobIds.add(deleted.json().get("jobId").asLong());
            if (!"Succeeded".equals(deleted.str("state"))) {
                return "delete " + deleted.text();
            }
            return r.delete(r.objects + "/sessions/" + session, null).status() == 200 ? "ok" : "logout";
        });
        assertThat(outcomes).containsOnly("ok");
        assertThat(jobIds).hasSize(3 * CLIENTS);
        assertThat(sim.admin().pairs()).isEmpty();
        assertThat(sim.admin().copyGroups()).isEmpty();
        assertThat(sim.admin().openSessionCount()).isZero();
        Map<String, Long> counters = sim.admin().requestCounters();
        assertThat(counters).containsEntry("POST /sessions", (long) CLIENTS)
                .containsEntry("POST /local-clone-copypairs", (long) CLIENTS)
                .containsEntry("POST /local-clone-copypairs/{id}/actions/split/invoke", (long) CLIENTS)
                .containsEntry("DELETE /local-clone-copypairs/{id}", (long) CLIENTS)
                .containsEntry("DELETE /sessions/{id}", (long) CLIENTS);
        assertThat(sim.admin().requests()).allMatch(q -> q.status() == 200 || q.status() == 202);
    }

    @Test
    void onlyOneOfManyRacingCreatesGetsTheSvol() throws Exception {
        List<String> states = inParallel(100, i -> {
            Rest r = client().basic("user1", "pass1");
            r.waitForJobs();
            return r.createPair("R" + i, "p", 1000 + 2 * i, 1599, true).str("state");
        });
        assertThat(states.stream().filter("Succeeded"::equals)).hasSize(1);
        assertThat(states.stream().filter("Failed"::equals)).hasSize(99);
        assertThat(sim.admin().pairs()).hasSize(1);
    }

    @Test
    void onlyOneOfManyRacingCreatesMakesTheNewGroup() throws Exception {
        List<String> states = inParallel(50, i -> {
            Rest r = client().basic("user1", "pass1");
            r.waitForJobs();
            return r.createPair("NEW", "p" + i, 1000 + 2 * i, 1001 + 2 * i, true).str("state");
        });
        // isNewGroupCreation=true for a group that exists by then is refused, however close the race.
        assertThat(states.stream().filter("Succeeded"::equals)).hasSize(1);
        assertThat(sim.admin().copyGroups()).hasSize(1);
        assertThat(sim.admin().pairs()).hasSize(1);
    }

    @Test
    void heldResponsesDoNotHoldThreads() throws Exception {
        ManualClock clock = new ManualClock();
        // Eight request threads serve three hundred held responses: only possible if a hold holds no thread.
        try (VspSimulator s = VspSimulator.start(SimulatorConfig.builder().http().clock(clock).maxThreads(8)
                .jobDuration(Duration.ofSeconds(1)).addLdevRange(1000, 2 * CLIENTS, SimulatorConfig.GIB_BLOCKS).build())) {
            // One session, used by every client in parallel; only the second client asks for held responses.
            Rest login = new Rest(s.baseUrl(), http, null);
            login.login();
            Rest holding = new Rest(s.baseUrl(), http, null).header("Authorization",
                    login.header("Authorization")).waitForJobs();
            List<Future<Rest.Resp>> pending = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int k = i;
                pending.add(pool.submit(() -> login.createPair("H" + k, "p", 1000 + 2 * k, 1001 + 2 * k, true)));
            }
            List<Future<Rest.Resp>> held = new ArrayList<>();
            for (Future<Rest.Resp> f : pending) {
                f.get(300, TimeUnit.SECONDS);
            }
            for (int i = 0; i < CLIENTS; i++) {
                int k = i;
                held.add(pool.submit(() -> holding.pairAction("H" + k, "p", "split", Map.of())));
            }
            Awaitility.await("every split to be accepted").atMost(Duration.ofSeconds(60))
                    .until(() -> s.admin().jobs().size() == 2 * CLIENTS);
            long simulatorThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("vsp-simulator-" + s.port() + "-")).count();
            assertThat(held).noneMatch(Future::isDone);
            assertThat(simulatorThreads).as("threads while %d responses are held", CLIENTS).isLessThanOrEqualTo(9);
            clock.advance(Duration.ofSeconds(1));
            for (Future<Rest.Resp> f : held) {
                Rest.Resp r = f.get(300, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(202);
                assertThat(r.str("state")).isEqualTo("Succeeded");
            }
            assertThat(s.admin().requestCount("POST", "/split/invoke$")).isEqualTo(CLIENTS);
        }
    }

    @Test
    void manyParallelTlsClients() throws Exception {
        try (VspSimulator s = VspSimulator.start(SimulatorConfig.builder().port(0).sessionLimit(500).build())) {
            HttpClient tls = Rest.client(s.certificatePem());
            List<Integer> codes = inParallel(100, i -> {
                Rest r = new Rest(s.baseUrl(), tls, null);
                int id = r.login();
                int ldev = r.get(r.objects + "/ldevs/347").status();
                return ldev == 200 ? r.delete(r.objects + "/sessions/" + id, null).status() : ldev;
            });
            assertThat(codes).containsOnly(200);
            assertThat(s.admin().openSessionCount()).isZero();
        }
    }

    @Test
    void theSessionCapHoldsUnderContention() throws Exception {
        try (VspSimulator s = VspSimulator.start(SimulatorConfig.builder().http().build())) {
            List<Integer> codes = inParallel(200, i -> {
                Rest r = new Rest(s.baseUrl(), http, null).basic("user1", "pass1");
                return r.post(r.objects + "/sessions", null).status();
            });
            assertThat(codes.stream().filter(c -> c == 200)).hasSize(64);
            assertThat(codes.stream().filter(c -> c == 503)).hasSize(136);
            assertThat(s.admin().openSessionCount()).isEqualTo(64);
        }
    }
}
