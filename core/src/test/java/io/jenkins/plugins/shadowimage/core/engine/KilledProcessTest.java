package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.TestRuntime;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.CredentialsSource;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.awaitility.Awaitility;

/**
 * A real process runs a create and is killed (SIGKILL) while it waits for the copy; a new process (this
 * JVM, a new driver and a new client) resumes from the state file it left and finishes. The killed
 * process leaves at most its session in flight, which expires by aliveTime.
 */
class KilledProcessTest {

    /** The child process: runs a create, saving the state file after every step (like the CLI). */
    public static void main(String[] args) throws Exception {
        Endpoint endpoint = Endpoint.builder(URI.create(args[0]))
                .trust(Trust.pem(Files.readString(Path.of(args[1])))).build();
        Path stateFile = Path.of(args[2]);
        ClientOptions options = SimSupport.clientOptions().aliveTime(Duration.ofSeconds(3)).build();
        try (ArrayAccess access = new ArrayAccess(endpoint, CredentialsSource.of(SimSupport.USER,
                SimSupport.PASSWORD.toCharArray()), options)) {
            OperationState st = OperationState.start(OperationType.CREATE,
                    SimSupport.pair("CG1", "p1", 400, 401).copyPace(1).timeout(Duration.ofMinutes(5)).build(),
                    Instant.now());
            TestRuntime.run(access, e -> System.out.println(e.message()), SimSupport.engineOptions(), st,
                    s -> save(s, stateFile));
        }
    }

    static void save(OperationState st, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(tmp))) {
            out.writeObject(st);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void killedWhileWaitingThenResumedByAnotherProcess(@TempDir Path dir) throws Exception {
        try (VspSimulator sim = VspSimulator.start(SimSupport.config().build())) {
            // The copy crawls until the child is killed, however slowly the child runs on a loaded machine.
            Thread slowDown = SimSupport.slowDownOnceCopying(sim.admin(), "p1");
            Path pem = dir.resolve("array.pem");
            Files.writeString(pem, sim.certificatePem(), StandardCharsets.US_ASCII);
            Path stateFile = dir.resolve("create.state");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), KilledProcessTest.class.getName(),
                    sim.baseUrl().toString(), pem.toString(), stateFile.toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(dir.resolve("child.log").toFile());
            Process child = pb.start();
            try {
                Awaitility.await("the child to wait for the copy").atMost(Duration.ofSeconds(60)).until(() -> {
                    OperationState st = read(stateFile);
                    return st != null && st.jobId() != null && st.phase() == Phase.WAIT_STATUS;
                });
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
            OperationState persisted = read(stateFile);
            assertThat(persisted.phase()).isEqualTo(Phase.WAIT_STATUS);
            assertThat(sim.admin().openSessionCount()).as("sessions left by the killed process").isLessThanOrEqualTo(1);

            slowDown.join(); // the slow-down has happened: it cannot come after the speed-up
            sim.admin().setTimeScale(1);
            SimSupport.Events events = new SimSupport.Events();
            try (ArrayAccess access = SimSupport.access(sim)) {
                PairInfo result = TestRuntime.run(access, events, SimSupport.engineOptions(), persisted,
                        StateSink.NONE);
                assertThat(result.pvolStatus()).isEqualTo("PAIR");
                assertThat(result.jobIds()).isEqualTo(persisted.jobIds());
            }
            assertThat(sim.admin().requestCount("POST", "/local-clone-copypairs$")).isEqualTo(1);
            assertThat(sim.admin().pairs()).hasSize(1);
            Awaitility.await("the killed process's session to expire (aliveTime 3 s)").atMost(Duration.ofSeconds(30))
                    .until(() -> sim.admin().openSessionCount() == 0);
            List<String> childLog = Files.readAllLines(dir.resolve("child.log"));
            SimSupport.assertNoSecrets(String.join("\n", childLog) + events.text());
            SimSupport.assertNoSecrets(new String(Files.readAllBytes(stateFile), StandardCharsets.ISO_8859_1));
        }
    }

    private static OperationState read(Path file) {
        try (var in = new java.io.ObjectInputStream(Files.newInputStream(file))) {
            return (OperationState) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            return null;
        }
    }
}
