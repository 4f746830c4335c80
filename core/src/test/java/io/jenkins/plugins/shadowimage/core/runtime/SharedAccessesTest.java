package io.jenkins.plugins.shadowimage.core.runtime;

import org.awaitility.Awaitility;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.UserCredentials;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroupId;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.config.StepSetupWords;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemSettings;
import io.jenkins.plugins.shadowimage.core.config.TrustedCertificates;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.simulator.Fault;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A long-running surface's connections and runtime: one access per storage system, settings and credentials id,
 * shared and kept from step to step; listings over it; and one runtime per start of the process.
 */
class SharedAccessesTest {

    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimSupport.config().build());

    private VspSimulator sim;
    private RuntimeLifecycle lifecycle;

    @BeforeEach
    void setUp() {
        sim = SIM.simulator();
        lifecycle = new RuntimeLifecycle(2, "test operations", MaintenancePause.NONE, Clock.systemUTC(),
                new RuntimeOptions(Duration.ofMillis(50), Duration.ofMinutes(5), Duration.ZERO, SimSupport.engineOptions()));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        lifecycle.stop(Duration.ofSeconds(10));
        assertThat(SharedAccesses.openCount()).as("shared accesses left open").isZero();
        SimSupport.assertNoOpenSessions(sim);
    }

    private SharedAccesses.Key key(String credentialsId) {
        return new SharedAccesses.Key("vsp1", SimSupport.endpoint(sim), 120, 8, credentialsId);
    }

    private SharedConnector connector(AtomicReference<String> credentialsId) {
        return new SharedConnector(() -> new SharedConnector.Resolved(key(credentialsId.get()), ClientOptions.defaults(),
                new UserCredentials(SimSupport.USER, SimSupport.PASSWORD.toCharArray())));
    }

    @Test
    void keysOfTwoStepsAreEqualAndShareOneAccessUntilTheLastLetsGo() {
        SharedAccesses.Key k1 = new SharedAccesses.Key("vsp1", SimSupport.endpoint(sim), 120, 8, "id");
        SharedAccesses.Key k2 = new SharedAccesses.Key("vsp1", SimSupport.endpoint(sim), 120, 8, "id");
        assertThat(k2).isEqualTo(k1);
        ArrayAccess a1 = SharedAccesses.acquire(k1, ClientOptions.defaults());
        ArrayAccess a2 = SharedAccesses.acquire(k2, ClientOptions.defaults());
        assertThat(a2).isSameAs(a1);
        SharedAccesses.release(k1, a1);
        assertThat(a1.isClosed()).as("closed while another step still uses it").isFalse();
        SharedAccesses.release(k2, a2);
        assertThat(a1.isClosed()).as("closed after the last step let go").isTrue();
    }

    @Test
    void aStepOfAStorageSystemConnectsWithTheAccessOfItsSettingsInForceAndItsCredentialsId() {
        StorageSystemSettings system = new StorageSystemSettings("vsp1", sim.baseUrl().toString(), null, null, sim.storageDeviceId(),
                null, null, null, false, 4, 90, null, false, null, null);
        UserCredentials user = new UserCredentials(SimSupport.USER, SimSupport.PASSWORD.toCharArray());
        SharedConnector.Resolved r = SharedConnector.Resolved.of(system, SimSupport.endpoint(sim).trust(), "rest-user", user);
        assertThat(r.key()).isEqualTo(new SharedAccesses.Key("vsp1", system.endpoint(SimSupport.endpoint(sim).trust()), 90, 4,
                "rest-user"));
        assertThat(r.options()).usingRecursiveComparison().isEqualTo(system.clientOptions());
        assertThat(r.user()).isSameAs(user);
        StorageSystemSettings defaults = new StorageSystemSettings("vsp1", sim.baseUrl().toString(), null, null, sim.storageDeviceId(),
                null, null, null, false, null, null, null, false, null, null);
        assertThat(SharedConnector.Resolved.of(defaults, SimSupport.endpoint(sim).trust(), "rest-user", user).key())
                .isEqualTo(new SharedAccesses.Key("vsp1", defaults.endpoint(SimSupport.endpoint(sim).trust()),
                        (int) ClientOptions.DEFAULT_ALIVE_TIME.toSeconds(), ClientOptions.DEFAULT_SESSION_BUDGET, "rest-user"));
    }

    @Test
    void aStepResolvesItsOwnCredentialsIdElseTheSystemsAndTrustsItsCertificateCredentialOnlyWhenItVerifies()
            throws Exception {
        KeyStore certificates = KeyStore.getInstance("PKCS12");
        certificates.load(null, null);
        certificates.setCertificateEntry("array", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(sim.certificatePem().getBytes(StandardCharsets.US_ASCII))));
        List<String> asked = new ArrayList<>();
        AtomicReference<KeyStore> held = new AtomicReference<>(certificates);
        SharedConnector.CredentialLookup lookup = new SharedConnector.CredentialLookup() {
            @Override public UserCredentials user(String id, StorageSystemSettings system) throws SetupException {
                asked.add("user " + id);
                if (id.equals("gone")) {
                    throw new SetupException("Credentials 'gone' were not found.");
                }
                return new UserCredentials(SimSupport.USER, SimSupport.PASSWORD.toCharArray());
            }

            @Override public KeyStore certificates(String id, StorageSystemSettings system) {
                asked.add("certificates " + id);
                return held.get();
            }
        };
        StorageSystemSettings verifying = new StorageSystemSettings("vsp1", sim.baseUrl().toString(), null, null,
                sim.storageDeviceId(), "default-user", null, "array-cert", false, null, null, null, false, null, null);

        SharedConnector.Resolved byDefault = SharedConnector.resolve("siSplitPair", verifying, null, lookup);
        assertThat(asked).containsExactly("certificates array-cert", "user default-user");
        assertThat(byDefault.key().credentialsId()).isEqualTo("default-user");
        assertThat(byDefault.key().endpoint().trust()).isEqualTo(Trust.pem(TrustedCertificates.pemOf(certificates)));
        SharedConnector own = new SharedConnector(() -> SharedConnector.resolve("siSplitPair", verifying, "own", lookup));
        ArrayAccess access = own.connect();
        sim.admin().clearRequestLog();
        own.run(() -> {
            try (VspSession s = access.client().openSession(e -> { })) {
                return s.copyGroups().size(); // over TLS, trusting the credential's certificate only
            }
        });
        assertThat(sim.admin().requestCount("POST", "sessions$")).as("a login over TLS, trusting that certificate")
                .isEqualTo(1);
        assertThat(asked).last().isEqualTo("user own");
        own.disconnect();

        asked.clear();
        StorageSystemSettings skipping = new StorageSystemSettings("vsp1", sim.baseUrl().toString(), null, null,
                sim.storageDeviceId(), "default-user", null, "array-cert", true, null, null, null, false, null, null);
        assertThat(SharedConnector.resolve("siSplitPair", skipping, null, lookup).key().endpoint().trust().isInsecure()).isTrue();
        assertThat(asked).containsExactly("user default-user");

        StorageSystemSettings noDefault = new StorageSystemSettings("vsp1", sim.baseUrl().toString(), null, null, null,
                null, null, null, false, null, null, null, false, null, null);
        assertThatThrownBy(() -> SharedConnector.resolve("siSplitPair", noDefault, null, lookup))
                .isInstanceOf(SetupException.class).hasMessage(StepSetupWords.noDefaultCredentials("siSplitPair", "vsp1"));
        assertThatThrownBy(() -> SharedConnector.resolve("siSplitPair", noDefault, "gone", lookup))
                .isInstanceOf(SetupException.class).hasMessage("Credentials 'gone' were not found.");
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        held.set(empty);
        assertThatThrownBy(() -> SharedConnector.resolve("siSplitPair", verifying, null, lookup))
                .isInstanceOf(SetupException.class)
                .hasMessage("Certificate credential 'array-cert' cannot be read: it holds no certificate");
    }

    @Test
    void aConnectorKeepsItsAccessFromStepToStepAndChangesItWhenTheSettingsChange() throws Exception {
        AtomicReference<String> credentialsId = new AtomicReference<>("a");
        SharedConnector c = connector(credentialsId);
        ArrayAccess first = c.connect();
        assertThat(c.connect()).isSameAs(first);
        credentialsId.set("b");
        ArrayAccess second = c.connect();
        assertThat(second).isNotSameAs(first);
        assertThat(first.isClosed()).as("the access of the old settings, let go").isTrue();
        c.disconnect();
        assertThat(second.isClosed()).isTrue();
    }

    @Test
    void credentialsReachTheClientOnlyForTheStepThatFollowsTheConnect() throws Exception {
        SharedConnector c = connector(new AtomicReference<>("a"));
        ArrayAccess access = c.connect();
        c.run(() -> {
            try (VspSession s = access.client().openSession(e -> { })) {
                return s.copyGroups().size(); // logs in with the resolved user
            }
        });
        assertThat(sim.admin().requestCount("POST", "sessions$")).as("logins").isPositive();
        assertThatThrownBy(() -> c.run(() -> true)).isInstanceOf(IllegalStateException.class).hasMessageContaining("connect() first");
        c.disconnect();
    }

    @Test
    void aListingReturnsEveryPairOfTheGroupWithTheStorageName() throws Exception {
        List<String> lines = new ArrayList<>();
        create("LG", "a", 104, 105);
        create("LG", "b", 106, 107);
        List<Map<String, Object>> pairs = ListingReport.read(connector(new AtomicReference<>("a")),
                new CopyGroupId("LG", null, null), "vsp1", sim.baseUrl().toString(), lines::add);
        assertThat(pairs).extracting(m -> m.get("copyPairName")).containsExactly("a", "b");
        assertThat(pairs).allSatisfy(m -> assertThat(m).containsEntry("storage", "vsp1").containsEntry("outcome", "STATUS"));
        assertThat(lines).first().isEqualTo("status of copy group LG on storage system 'vsp1' (" + sim.baseUrl() + ")");
        assertThat(lines).last().isEqualTo("STATUS: 2 pair(s) in 1 copy group(s)");
    }

    @Test
    void aStepsListingThatTheArrayRefusesFailsInWordsWithTheArraysCodes() {
        sim.admin().injectFault(Fault.kartError("GET", "local-clone-copy", 1, 400, "KART40046-E", "2E10", "6000"));
        StorageSystemSettings system = StorageSystemSettings.unsaved("vsp1", sim.baseUrl().toString(), null, null, null, null,
                null, false, null);
        List<String> lines = new ArrayList<>();
        PairParameters group = new PairParameters();
        group.copyGroupName("LG2");
        assertThatThrownBy(() -> ListingReport.read("siPairStatus", system, connector(new AtomicReference<>("a")), group,
                lines::add))
                .isInstanceOf(ListingReport.Failed.class)
                .hasMessageStartingWith("siPairStatus failed: reading copy group LG2: ")
                .hasMessageContaining("KART40046-E").hasMessageContaining("2E10");
        assertThat(lines).first().asString().startsWith("status of copy group LG2 on storage system 'vsp1'");
    }

    @Test
    void aStepsListingOfInvalidParametersIsRefusedBeforeAnythingIsSent() {
        StorageSystemSettings system = StorageSystemSettings.unsaved("vsp1", sim.baseUrl().toString(), null, null, null, null,
                null, false, null);
        PairParameters guarded = new PairParameters();
        guarded.copyGroupName("LG3");
        guarded.svolLdevId(105);
        sim.admin().clearRequestLog();
        List<String> lines = new ArrayList<>();
        assertThatThrownBy(() -> ListingReport.read("siPairStatus", system, connector(new AtomicReference<>("a")), guarded,
                lines::add))
                .isInstanceOf(ListingReport.Failed.class)
                .hasMessage("siPairStatus: pvolLdevId/svolLdevId check one pair: give copyPairName too");
        assertThat(lines).isEmpty();
        assertThat(sim.admin().requests()).isEmpty();
    }

    @Test
    void aNewStartHasANewRuntimeWithNoLocksAndNoStepRunsBetweenStopAndRestart() throws Exception {
        OperationRuntime first = lifecycle.runtime();
        lifecycle.locks().tryAcquire(List.of("pair|x|G|p"), "op", "held");
        lifecycle.stop(Duration.ofSeconds(10));
        assertThat(first.isShuttingDown()).isTrue();
        OperationState st = OperationState.start(OperationType.STATUS, SimSupport.pairRef("LG", "a").build(), Instant.now());
        Recorded r = new Recorded();
        RunningOperation op = first.start(SavedOperation.start("s", st, List.of(), "s"),
                new OperationSpec("vsp1", connector(new AtomicReference<>("a")), false), r);
        assertThat(op.isFinished()).as("nothing scheduled after the stop").isFalse();
        assertThat(r.saved).as("the operation stays as saved").isNull();
        lifecycle.restart();
        assertThat(lifecycle.runtime()).isNotSameAs(first);
        assertThat(lifecycle.locks().heldResources()).isEmpty();
    }

    @Test
    void thePoolRefusesWorkBetweenStopAndRestart() throws Exception {
        lifecycle.stop(Duration.ofSeconds(1));
        OperationState st = OperationState.start(OperationType.STATUS, SimSupport.pairRef("LG", "a").build(), Instant.now());
        RunningOperation op = lifecycle.runtime().start(SavedOperation.start("s", st, List.of(), "s"),
                new OperationSpec("vsp1", connector(new AtomicReference<>("a")), false), new Recorded());
        op.abort(new RejectedExecutionException("test")); // ends at once on the caller's thread, the pool being closed
        assertThat(op.isFinished()).isTrue();
    }

    private void create(String group, String name, int pvol, int svol) throws Exception {
        PairParameters p = new PairParameters();
        p.copyGroupName(group);
        p.copyPairName(name);
        p.pvolLdevId(pvol);
        p.svolLdevId(svol);
        OperationState st = p.start(OperationType.CREATE, Duration.ofSeconds(60), Instant.now());
        Recorded r = new Recorded();
        lifecycle.runtime().start(SavedOperation.start(name, st, List.of(), name),
                new OperationSpec("vsp1", connector(new AtomicReference<>("a")), false), r);
        Awaitility.await("create " + name).atMost(Duration.ofSeconds(60)).until(() -> r.result != null || r.failure != null);
        assertThat(r.failure).isNull();
    }

    private static final class Recorded implements OperationContext {
        volatile SavedOperation saved;
        volatile PairInfo result;
        volatile OperationFailure failure;

        @Override public void saveState(SavedOperation s) { saved = s; }
        @Override public void log(String line) { }
        @Override public ProgressListener progress() { return e -> { }; }
        @Override public void succeeded(PairInfo r) { result = r; }
        @Override public void failed(OperationFailure f) { failure = f; }
    }
}
