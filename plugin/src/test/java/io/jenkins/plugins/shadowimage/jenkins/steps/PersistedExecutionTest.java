package io.jenkins.plugins.shadowimage.jenkins.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.CredentialsSource;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.core.runtime.ArrayConnector;
import io.jenkins.plugins.shadowimage.core.runtime.OperationContext;
import io.jenkins.plugins.shadowimage.core.runtime.OperationFailure;
import io.jenkins.plugins.shadowimage.core.runtime.OperationSpec;
import io.jenkins.plugins.shadowimage.core.runtime.PairParameters;
import io.jenkins.plugins.shadowimage.core.runtime.SavedOperation;
import io.jenkins.plugins.shadowimage.jenkins.runtime.ControllerRuntime;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The execution as program.dat held it before its state became a JSON document (a golden file written from that version:
 * siCreatePair in WAIT_STATUS, holding its pair and S-VOL locks) still loads, keeps every fact, and resumes to PAIR
 * without a second create; the new form round-trips.
 */
@WithJenkins
class PersistedExecutionTest {

    private static PairOperationExecution read(InputStream in) throws Exception {
        try (ObjectInputStream o = new ObjectInputStream(in)) {
            return (PairOperationExecution) o.readObject();
        }
    }

    private static PairOperationExecution golden() throws Exception {
        try (InputStream in = PersistedExecutionTest.class.getResourceAsStream("PairOperationExecution-create-wait-status.ser")) {
            return read(in);
        }
    }

    @Test
    void anExecutionOfTheFormerFormLoadsWithEveryFact() throws Exception {
        SavedOperation s = golden().saved();
        assertThat(s.id()).isEqualTo("5b0c4a9e-2f7d-4c1a-9d3e-6a8f0b1c2d3e");
        assertThat(s.state().type()).isEqualTo(OperationType.CREATE);
        assertThat(s.state().phase()).isEqualTo(Phase.WAIT_STATUS);
        assertThat(s.state().jobIds()).containsExactly(1L);
        assertThat(s.state().isDryRun()).isFalse();
        assertThat(s.holdsLock()).isTrue();
        assertThat(s.locks()).hasSize(2);
        assertThat(s.locks().get(0)).startsWith("pair|").endsWith("|R1|p1");
        assertThat(s.locks().get(1)).startsWith("svol|").endsWith("|348");
        assertThat(s.lockDescription()).isEqualTo("pair R1,R1P_,R1S_,p1 is being created by restart #1");
        assertThat(s.waitingFor()).isNull();
    }

    @Test
    void theNewFormRoundTrips() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(golden());
        }
        SavedOperation again = read(new ByteArrayInputStream(bytes.toByteArray())).saved();
        SavedOperation first = golden().saved();
        assertThat(again.state().toJson()).isEqualTo(first.state().toJson());
        assertThat(again.locks()).isEqualTo(first.locks());
        assertThat(again.holdsLock()).isTrue();
    }

    @Test
    void theFormerFormResumesOnThisControllersRuntime(JenkinsRule j) throws Exception {
        try (VspSimulator sim = VspSimulator.start(SimulatorConfig.defaults())) {
            Endpoint endpoint = Endpoint.builder(sim.baseUrl()).storageDeviceId(sim.storageDeviceId())
                    .trust(Trust.pem(sim.certificatePem())).build();
            ArrayAccess access = new ArrayAccess(endpoint, CredentialsSource.of("user1", "pass1".toCharArray()), ClientOptions.defaults());
            ArrayConnector connector = new ArrayConnector() {
                @Override public ArrayAccess connect() { return access; }
                @Override public void disconnect() { }
            };
            try {
                PairParameters create = new PairParameters();
                create.copyGroupName("R1");
                create.copyPairName("p1");
                create.pvolLdevId(347);
                create.svolLdevId(348);
                OperationState first = create.start(OperationType.CREATE, null, Instant.now());
                assertThat(run(s -> ControllerRuntime.get().start(SavedOperation.start("c", first, List.of(), "c"),
                        new OperationSpec("vsp1", connector, false), s)).pvolStatus()).isEqualTo("PAIR");
                long creates = sim.admin().requestCount("POST", "local-clone-copypairs$");
                SavedOperation g = golden().saved();
                // The array it was bound to listened on another port, and its deadline has passed since the file was
                // written: bind it to this simulator, where the pair exists, with a future deadline.
                OperationState here = OperationState.fromJson(g.state().toJson().replace(g.state().arrayKey(), endpoint.arrayKey())
                        .replace(g.state().deadline().toString(), Instant.now().plus(Duration.ofHours(1)).toString()));
                PairInfo resumed = run(s -> ControllerRuntime.get().resume(new SavedOperation(g.id(), here, g.locks(),
                        g.lockDescription(), true, null, null, null), new OperationSpec("vsp1", connector, false), s));
                assertThat(resumed.pvolStatus()).isEqualTo("PAIR");
                assertThat(sim.admin().requestCount("POST", "local-clone-copypairs$")).as("creates after the resume").isEqualTo(creates);
                assertThat(ControllerRuntime.locks().heldResources()).as("locks after the end").isEmpty();
            } finally {
                access.close();
            }
        }
    }

    private static PairInfo run(java.util.function.Consumer<OperationContext> start) throws Exception {
        CompletableFuture<PairInfo> end = new CompletableFuture<>();
        start.accept(new OperationContext() {
            @Override public void saveState(SavedOperation saved) { }
            @Override public void log(String line) { }
            @Override public ProgressListener progress() { return ProgressListener.NONE; }
            @Override public void succeeded(PairInfo result) { end.complete(result); }
            @Override public void failed(OperationFailure f) { end.completeExceptionally(new AssertionError(f.message())); }
        });
        return end.get(60, TimeUnit.SECONDS);
    }
}
