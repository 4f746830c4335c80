package io.jenkins.plugins.shadowimage.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroupId;
import io.jenkins.plugins.shadowimage.core.client.model.PairId;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The wire layer: TLS, API version, URL forms, storage discovery, error format, sessions on every path. */
class ClientTest {
    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimSupport.config().build());

    VspSimulator sim;
    SimulatorAdmin admin;
    SimSupport.LogCapture logs;
    List<ClientEvent> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        sim = SIM.simulator();
        admin = sim.admin();
        logs = new SimSupport.LogCapture();
    }

    @AfterEach
    void tearDown() {
        logs.closeAndCheck(sim, events.toString());
    }

    private VspClient client(Endpoint endpoint) {
        return new VspClient(endpoint, SimSupport.credentials(), SimSupport.clientOptions().build());
    }

    @Test
    void versionIsCheckedOncePerEndpoint() throws Exception {
        try (VspClient a = client(SimSupport.endpoint(sim)); VspClient b = client(SimSupport.endpoint(sim))) {
            assertThat(a.apiVersion().apiVersion()).isEqualTo("1.31.0");
            admin.clearRequestLog();
            b.apiVersion();
            try (VspSession s = b.openSession(events::add)) {
                s.copyGroups();
            }
            assertThat(admin.requestCount("GET", "/configuration/version")).isZero();
        }
    }

    @Test
    void olderApiIsRefusedNamingTheVersionAndNoSessionIsOpened() {
        try (VspSimulator old = VspSimulator.start(SimSupport.config().apiVersion("1.1.0").build());
                VspClient c = client(SimSupport.endpoint(old))) {
            assertThatThrownBy(() -> c.openSession(events::add)).isInstanceOf(VspApiException.class)
                    .hasMessageContaining("version 1.1.0 found").hasMessageContaining("1.2 or newer");
            assertThat(old.admin().requestCount("POST", "/sessions")).isZero();
        }
    }

    @Test
    void restServerFormDiscoversTheStorageIdAndUsesScopedUrls() throws Exception {
        Endpoint ep = SimSupport.restServerEndpoint(sim, null);
        try (VspClient c = client(ep)) {
            assertThat(c.storages()).singleElement().satisfies(s -> {
                assertThat(s.storageDeviceId()).isEqualTo(sim.storageDeviceId());
                assertThat(s.model()).isEqualTo("VSP E590H");
            });
            assertThat(c.storageDeviceId()).isEqualTo(sim.storageDeviceId());
            assertThat(c.endpoint().arrayKey()).endsWith("/" + sim.storageDeviceId());
        }
        admin.clearRequestLog();
        try (ArrayAccess access = new ArrayAccess(ep, SimSupport.credentials(), SimSupport.clientOptions().build())) {
            PairInfo info = SimSupport.run(access, new SimSupport.Events(), OperationType.CREATE,
                    SimSupport.pair("CG1", "p1", 100, 101).build());
            assertThat(info.pvolStatus()).isEqualTo("PAIR");
        }
        String scoped = "/ConfigurationManager/v1/objects/storages/" + sim.storageDeviceId() + "/";
        assertThat(admin.requests()).filteredOn(r -> !r.path().contains("/configuration/version")
                && !r.path().endsWith("/objects/storages")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.path()).startsWith(scoped));
    }

    @Test
    void embeddedFormUsesUnscopedUrls() throws Exception {
        admin.clearRequestLog();
        try (VspClient c = client(SimSupport.endpoint(sim)); VspSession s = c.openSession(events::add)) {
            s.copyGroups();
        }
        assertThat(admin.requests()).filteredOn(r -> r.path().contains("/objects/")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.path()).doesNotContain("/storages/"));
    }

    @Test
    void unknownStorageIdIsAnError() {
        try (VspClient c = client(SimSupport.restServerEndpoint(sim, "934000999999"))) {
            assertThatThrownBy(() -> {
                try (VspSession s = c.openSession(events::add)) {
                    s.copyGroups();
                }
            }).isInstanceOf(WrongEndpointException.class).hasMessageContaining("answered 404 (KART20009-E)")
                    .hasMessageContaining("storage device id 934000999999");
        }
    }

    @Test
    void tlsIsVerifiedByDefaultAndTheSelfSignedCertificateIsRefused() {
        Endpoint systemTrust = Endpoint.builder(sim.baseUrl()).build();
        try (VspClient c = client(systemTrust)) {
            assertThatThrownBy(c::storages).isInstanceOf(VspTransportException.class)
                    .hasMessageContaining("TLS failure").hasMessageContaining("certificate");
        }
    }

    @Test
    void hostnameVerificationIsOn() {
        // The certificate names 127.0.0.1 and localhost; "127.0.0.1" written as a decimal number does not match.
        String other = sim.baseUrl().toString().replace("127.0.0.1", "2130706433");
        Endpoint ep = Endpoint.builder(other).trust(Trust.pem(sim.certificatePem())).build();
        try (VspClient c = client(ep)) {
            assertThatThrownBy(c::storages).isInstanceOf(VspTransportException.class)
                    .hasMessageContaining("TLS failure");
        }
    }

    @Test
    void insecureModeWorksAndWarnsOnEveryUse() throws Exception {
        Endpoint ep = Endpoint.builder(sim.baseUrl()).trust(Trust.insecure()).build();
        try (VspClient c = client(ep)) {
            for (int i = 0; i < 2; i++) {
                try (VspSession s = c.openSession(events::add)) {
                    s.copyGroups();
                }
            }
        }
        assertThat(events).filteredOn(e -> e.kind() == ClientEvent.Kind.INSECURE_TLS).hasSize(2)
                .allSatisfy(e -> assertThat(e.message()).contains("verification are OFF"));
        assertThat(logs.text()).contains("insecure mode");
    }

    @Test
    void aBaseUrlWithAPasswordIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> Endpoint.builder("https://admin:Pr0d-Secret@127.0.0.1:443").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not contain a user or password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Pr0d-Secret"));
    }

    @Test
    void aPemWithoutCertificateIsRefusedUpFront() {
        assertThatThrownBy(() -> Trust.pem("not a certificate")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no readable X.509 certificate");
        assertThat(Trust.pem(sim.certificatePem()).isInsecure()).isFalse();
    }

    @Test
    void plainHttpWorksButWarns() throws Exception {
        try (VspSimulator plain = VspSimulator.start(SimSupport.config().http().build());
                VspClient c = client(Endpoint.builder(plain.baseUrl()).build())) {
            try (VspSession s = c.openSession(events::add)) {
                s.copyGroups();
            }
            SimSupport.assertNoOpenSessions(plain);
        }
        assertThat(events).anySatisfy(e -> assertThat(e.message()).contains("plain HTTP"));
    }

    @Test
    void errorMessageCarriesMessageIdSsbCauseAndSolution() throws Exception {
        try (VspClient c = client(SimSupport.endpoint(sim)); VspSession s = c.openSession(events::add)) {
            admin.failNextJobs(1, "KART30000-E", "2E31", "9A01");
            var job = s.createPair(new io.jenkins.plugins.shadowimage.core.client.model.CreatePairSpec("CG1", "p1", "SI",
                    100, 101, true, null, null, null, null, null, null, null, null, null));
            var polled = job;
            while (!polled.isCompleted()) {
                Thread.sleep(50);
                polled = s.job(job.jobId());
            }
            var done = polled;
            assertThatThrownBy(() -> s.raiseIfFailed(done)).isInstanceOfSatisfying(VspApiException.class, e -> {
                assertThat(e.getMessage()).matches("KART30000-E .*\\(SSB1=2E31, SSB2=9A01\\)\\..*Solution: .*");
                assertThat(e.method()).isEqualTo("POST");
                assertThat(e.path()).endsWith("/local-clone-copypairs");
                assertThat(e.ssb1()).isEqualTo("2E31");
                assertThat(e.errorSource()).isNotNull();
                assertThat(e.solution()).isNotBlank();
            });
        }
    }

    @Test
    void synchronousErrorIsParsed() throws Exception {
        try (VspClient c = client(SimSupport.endpoint(sim)); VspSession s = c.openSession(events::add)) {
            // capacity saving without isDataReductionForceCopy: a synchronous 400 with KART40046-E
            assertThatThrownBy(() -> s.createPair(new io.jenkins.plugins.shadowimage.core.client.model.CreatePairSpec(
                    "CG1", "p1", "SI", 200, 201, true, null, null, null, null, null, null, null, null, null)))
                    .isInstanceOfSatisfying(VspApiException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(400);
                        assertThat(e.messageId()).startsWith("KART");
                        assertThat(e.getMessage()).startsWith(e.messageId() + " ").contains("[POST ")
                                .contains("HTTP 400]");
                    });
        }
    }

    @Test
    void explicitLoginChecksCredentialsOnce() throws Exception {
        try (VspClient c = client(SimSupport.endpoint(sim)); VspSession s = c.openSession(events::add)) {
            admin.clearRequestLog();
            s.login();
            s.login();
            s.copyGroups();
            assertThat(admin.requestCount("POST", "/sessions$")).isEqualTo(1);
        }
    }

    @Test
    void sessionIsDiscardedWhenTheUnitOfWorkFails() throws Exception {
        try (VspClient c = client(SimSupport.endpoint(sim))) {
            assertThatThrownBy(() -> {
                try (VspSession s = c.openSession(events::add)) {
                    s.findPair(new PairId("CG1", null, null, "p1"));
                    assertThat(admin.openSessionCount()).isEqualTo(1);
                    throw new IllegalStateException("boom");
                }
            }).hasMessage("boom");
            assertThat(admin.openSessionCount()).isZero();
            assertThat(admin.requestCount("DELETE", "/sessions/")).isEqualTo(1);
        }
    }

    @Test
    void credentialsAndTokensNeverShowInToString() throws Exception {
        UserCredentials creds = new UserCredentials("u", SimSupport.PASSWORD.toCharArray());
        assertThat(creds.toString()).doesNotContain(SimSupport.PASSWORD).contains("****");
        try (VspClient c = client(SimSupport.endpoint(sim)); VspSession s = c.openSession(events::add)) {
            s.copyGroups();
            SimSupport.assertNoSecrets(s.toString());
            SimSupport.assertNoSecrets(c.endpoint().toString());
        }
        assertThat(new io.jenkins.plugins.shadowimage.core.client.model.SessionInfo("0123456789abcdef0123456789abcdef", 3)
                .toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void aGroupTheArrayCannotOperateReadsAsAbsentAndALockedReadIsRetried() throws Exception {
        CopyGroupId group = new CopyGroupId("CGX", "CGXP_", "CGXS_");
        admin.injectFault(io.jenkins.plugins.shadowimage.simulator.Fault.kartError("GET",
                "/local-clone-copygroups/CGX,CGXP_,CGXS_$", 1, 400, "KART40041-E", null, null));
        admin.injectFault(io.jenkins.plugins.shadowimage.simulator.Fault.kartError("GET",
                "/local-clone-copypairs$", 1, 409, "KART40052-E", null, null));
        try (VspClient c = client(SimSupport.endpoint(sim)); VspSession s = c.openSession(events::add)) {
            assertThat(s.findCopyGroup(group)).isEmpty();
            assertThat(s.listPairs(group, false)).isEmpty();
        }
        assertThat(admin.requestCount("GET", "/local-clone-copypairs$")).isEqualTo(2);
        assertThat(events).anySatisfy(e -> assertThat(e.message()).contains("resource locked (KART40052-E"));
    }
}
