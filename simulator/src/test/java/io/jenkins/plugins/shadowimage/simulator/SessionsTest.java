package io.jenkins.plugins.shadowimage.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionsTest {
    static final ManualClock CLOCK = new ManualClock();

    @RegisterExtension
    static VspSimulatorExtension sim = VspSimulatorExtension.create(SimTest.manual(CLOCK).http().build());

    private Rest rest() {
        return new Rest(sim.simulator());
    }

    @Test
    void basicLoginGivesTokenAndSessionId() {
        Rest r = rest().basic("user1", "pass1");
        Rest.Resp resp = r.post(r.objects + "/sessions", null);
        assertThat(resp.status()).isEqualTo(200);
        assertThat(resp.str("token")).matches("[0-9a-f]{32}");
        assertThat(resp.json().get("sessionId").isInt()).isTrue();
        assertThat(sim.admin().openSessionCount()).isEqualTo(1);
    }

    @Test
    void badCredentialsGive401WithErrorBody() {
        Rest r = rest().basic("user1", "wrong");
        Rest.Resp resp = r.post(r.objects + "/sessions", null);
        assertThat(resp.status()).isEqualTo(401);
        assertThat(resp.str("messageId")).isNotBlank();
        assertThat(resp.json().has("errorSource")).isTrue();
        assertThat(resp.text()).doesNotContain("wrong");
        assertThat(rest().basic("nobody", "pass1").post(r.objects + "/sessions", null).status()).isEqualTo(401);
        assertThat(rest().post(r.objects + "/sessions", null).status()).isEqualTo(401);
        assertThat(sim.admin().openSessionCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"aliveTime\":0}", "{\"aliveTime\":301}", "{\"authenticationTimeout\":0}",
            "{\"authenticationTimeout\":901}", "{\"aliveTime\":\"x\"}", "{\"keepAlive\":10}"})
    void invalidSessionBodiesAreRejected(String body) {
        Rest r = rest().basic("user1", "pass1");
        Rest.Resp resp = r.post(r.objects + "/sessions", body);
        assertThat(resp.status()).isEqualTo(400);
        assertThat(resp.str("messageId")).startsWith("KART400");
        assertThat(sim.admin().openSessionCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"aliveTime\":1}", "{\"aliveTime\":300,\"authenticationTimeout\":900}",
            "{\"authenticationTimeout\":1}"})
    void validSessionBodiesAreAccepted(String body) {
        Rest r = rest().basic("user1", "pass1");
        assertThat(r.post(r.objects + "/sessions", body).status()).isEqualTo(200);
    }

    @Test
    void tokenIsNeededAndExpiresAfterAliveTimeOfIdleness() {
        Rest r = rest().basic("user1", "pass1");
        Rest.Resp created = r.post(r.objects + "/sessions", Map.of("aliveTime", 10));
        r.header("Authorization", "Session " + created.str("token"));
        assertThat(r.get(r.objects + "/ldevs/347").status()).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(9));
        assertThat(r.get(r.objects + "/ldevs/347").status()).as("use resets the idle timer").isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(9));
        assertThat(r.get(r.objects + "/ldevs/347").status()).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(10));
        Rest.Resp expired = r.get(r.objects + "/ldevs/347");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.str("message")).contains("The specified token is invalid");
        assertThat(sim.admin().openSessionCount()).isZero();
    }

    @Test
    void defaultAliveTimeIs300Seconds() {
        Rest r = rest();
        r.login();
        CLOCK.advance(Duration.ofSeconds(299));
        assertThat(r.get(r.objects + "/ldevs/347").status()).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(300));
        assertThat(r.get(r.objects + "/ldevs/347").status()).isEqualTo(401);
    }

    @Test
    void unknownTokenAndMissingHeaderGive401() {
        Rest r = rest().header("Authorization", "Session 0123456789abcdef0123456789abcdef");
        assertThat(r.get(r.objects + "/ldevs/347").status()).isEqualTo(401);
        assertThat(rest().get(r.objects + "/ldevs/347").status()).isEqualTo(401);
        assertThat(rest().header("Authorization", "Bearer x").get(r.objects + "/ldevs/347").status()).isEqualTo(401);
    }

    @Test
    void the65thSessionGets503AndDiscardingFreesASlot() {
        List<Rest> clients = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Rest r = rest();
            ids.add(r.login());
            clients.add(r);
        }
        assertThat(sim.admin().openSessionCount()).isEqualTo(64);
        Rest extra = rest().basic("user1", "pass1");
        Rest.Resp refused = extra.post(extra.objects + "/sessions", null);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.json().has("messageId")).isTrue();
        // A Basic-authenticated request needs a (transient) session slot too.
        assertThat(extra.get(extra.objects + "/ldevs/347").status()).isEqualTo(503);

        Rest first = clients.get(0);
        assertThat(first.delete(first.objects + "/sessions/" + ids.get(0), null).status()).isEqualTo(200);
        assertThat(sim.admin().openSessionCount()).isEqualTo(63);
        assertThat(first.get(first.objects + "/ldevs/347").status()).as("discarded token").isEqualTo(401);
        assertThat(extra.post(extra.objects + "/sessions", null).status()).isEqualTo(200);
    }

    @Test
    void expiredSessionsFreeTheirSlots() {
        for (int i = 0; i < 64; i++) {
            Rest r = rest().basic("user1", "pass1");
            assertThat(r.post(r.objects + "/sessions", Map.of("aliveTime", 5)).status()).isEqualTo(200);
        }
        Rest extra = rest().basic("user1", "pass1");
        assertThat(extra.post(extra.objects + "/sessions", null).status()).isEqualTo(503);
        CLOCK.advance(Duration.ofSeconds(6));
        assertThat(extra.post(extra.objects + "/sessions", null).status()).isEqualTo(200);
        assertThat(sim.admin().openSessionCount()).isEqualTo(1);
    }

    @Test
    void onlyTheOwnerOrAnAdministratorWithForceCanDiscard() {
        Rest owner = rest();
        int id = owner.login();
        Rest other = rest();
        other.login();
        Rest.Resp notYours = other.delete(other.objects + "/sessions/" + id, null);
        assertThat(notYours.status()).isEqualTo(403);
        assertThat(other.delete(other.objects + "/sessions/" + id, Map.of("force", true)).status()).isEqualTo(403);

        Rest admin = rest();
        admin.login("admin", "admin-pass");
        assertThat(admin.delete(admin.objects + "/sessions/" + id, null).status()).isEqualTo(403);
        assertThat(admin.delete(admin.objects + "/sessions/" + id, Map.of("force", true)).status()).isEqualTo(200);
        assertThat(owner.get(owner.objects + "/ldevs/347").status()).isEqualTo(401);
        assertThat(admin.delete(admin.objects + "/sessions/" + id, Map.of("force", true)).status()).isEqualTo(404);
    }

    @Test
    void sessionsCanBeListedAndReadWithoutTokens() {
        Rest a = rest();
        int idA = a.login();
        Rest b = rest();
        b.login();
        Rest admin = rest();
        admin.login("admin", "admin-pass");

        Rest.Resp own = a.get(a.objects + "/sessions");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("data")).hasSize(2).allSatisfy(s -> {
            assertThat(s.get("userId").asText()).isEqualTo("user1");
            assertThat(s.has("token")).isFalse();
            assertThat(s.has("createdTime")).isTrue();
            assertThat(s.has("lastAccessTime")).isTrue();
            assertThat(s.get("ipAddress").asText()).isEqualTo("127.0.0.1");
        });
        assertThat(admin.get(admin.objects + "/sessions").json().get("data")).hasSize(3);
        Rest.Resp one = a.get(a.objects + "/sessions/" + idA);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("sessionId").asInt()).isEqualTo(idA);
        assertThat(a.get(a.objects + "/sessions/99999").status()).isEqualTo(404);
        assertThat(sim.admin().openSessions()).hasSize(3);
    }

    @Test
    void basicAuthWorksOnEveryEndpointAndHoldsNoSession() {
        Rest r = rest().basic("user1", "pass1");
        assertThat(r.get(r.objects + "/ldevs/347").status()).isEqualTo(200);
        assertThat(r.get(r.objects + "/local-clone-copygroups").status()).isEqualTo(200);
        assertThat(sim.admin().openSessionCount()).isZero();
        assertThat(rest().basic("user1", "bad").get(r.objects + "/ldevs/347").status()).isEqualTo(401);
    }

    @Test
    void basicAuthCanBeSwitchedOff() {
        try (VspSimulator s = VspSimulator.start(SimulatorConfig.builder().http().basicAuthOnEveryEndpoint(false).build())) {
            Rest r = new Rest(s).basic("user1", "pass1");
            assertThat(r.get(r.objects + "/ldevs/347").status()).isEqualTo(401);
            Rest ok = new Rest(s);
            ok.login();
            assertThat(ok.get(ok.objects + "/ldevs/347").status()).isEqualTo(200);
        }
    }

    @Test
    void expireAllTokensInvalidatesEverySession() {
        Rest r = rest();
        r.login();
        sim.admin().expireAllTokens();
        assertThat(r.get(r.objects + "/ldevs/347").status()).isEqualTo(401);
        assertThat(sim.admin().openSessionCount()).isZero();
    }
}
