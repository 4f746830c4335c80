package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * States written by an earlier engine (one per operation type and persisted phase, see golden/README.md) load with
 * every durable fact, and resume against a simulator brought to the same point: users upgrade in the middle of a
 * copy.
 */
class GoldenStateFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORDED_ARRAY = "https://127.0.0.1:23998";

    static Stream<String> files() throws Exception {
        try (Stream<Path> s = Files.list(dir())) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
            assertThat(names).hasSize(54);
            return names.stream();
        }
    }

    private static Path dir() throws URISyntaxException {
        return Path.of(GoldenStateFilesTest.class.getResource("/golden/README.md").toURI()).getParent();
    }

    @ParameterizedTest
    @MethodSource("files")
    void loadsAndResumes(String file) throws Exception {
        VspSimulator sim = VspSimulator.start(GoldenScenarios.config());
        ArrayAccess access = SimSupport.access(sim);
        try {
            String json = Files.readString(dir().resolve(file)).trim()
                    .replace(RECORDED_ARRAY, SimSupport.endpoint(sim).arrayKey());
            JsonNode n = JSON.readTree(json);
            OperationState st = OperationState.fromJson(json);
            assertDurableFacts(n, st);
            OperationDriver d = new OperationDriver(access, ProgressListener.NONE, SimSupport.engineOptions());
            switch (st.phase()) {
                case DONE -> {
                    Advance end = d.advance(st);
                    assertThat(end).isInstanceOf(Advance.Done.class);
                    assertThat(((Advance.Done) end).result().outcome()).isEqualTo(n.at("/result/outcome").asText());
                }
                case FAILED -> resumeFailed(d, st, n);
                default -> {
                    boolean after = st.type() == OperationType.WAIT || st.type() == OperationType.GROUP_WAIT
                            || st.phase() == Phase.POLL_JOB || st.phase() == Phase.WAIT_STATUS;
                    GoldenScenarios.prepare(d, st.type(), after);
                    Advance end = GoldenScenarios.drive(d, st, s -> { });
                    assertThat(end).as(file + " resumed").isInstanceOf(Advance.Done.class);
                    String expected = n.hasNonNull("outcome") ? n.get("outcome").asText()
                            : Outcome.succeeded(st.type()).name();
                    assertThat(((Advance.Done) end).result().outcome()).isEqualTo(expected);
                    assertThat(end.state().jobIds()).containsAll(longs(n.path("jobIds")));
                }
            }
        } finally {
            access.close();
            SimSupport.assertNoOpenSessions(sim);
            sim.close();
        }
    }

    /** A timeout continues with a new deadline; a rejection ends the same way again and cannot be continued. */
    private static void resumeFailed(OperationDriver d, OperationState st, JsonNode n) throws Exception {
        if (st.failureCategory() == ShadowImageException.Category.TIMEOUT) {
            GoldenScenarios.prepare(d, st.type(), true);
            Advance end = GoldenScenarios.drive(d, st.resumeAfterFailure(Instant.now().plus(Duration.ofHours(1))), s -> { });
            assertThat(end).isInstanceOf(Advance.Done.class);
            assertThat(((Advance.Done) end).result().outcome()).isEqualTo("REACHED");
            return;
        }
        Advance end = d.advance(st);
        assertThat(end).isInstanceOf(Advance.Failed.class);
        assertThat(((Advance.Failed) end).error().getMessage()).isEqualTo(n.get("failureMessage").asText());
        assertThat(((Advance.Failed) end).error().category().name()).isEqualTo(n.get("failureCategory").asText());
        assertThatThrownBy(() -> st.resumeAfterFailure(Instant.now().plus(Duration.ofHours(1))))
                .isInstanceOf(IllegalStateException.class);
    }

    /** Every durable fact of the file is in the loaded state. */
    private static void assertDurableFacts(JsonNode n, OperationState st) {
        assertThat(st.type().name()).isEqualTo(n.get("type").asText());
        assertThat(st.phase().name()).isEqualTo(n.get("phase").asText());
        assertThat(st.request().copyGroupName()).isEqualTo(n.at("/request/copyGroupName").asText());
        assertThat(st.request().timeout()).isEqualTo(Duration.parse(n.at("/request/timeout").asText()));
        assertThat(st.startedAt()).isEqualTo(Instant.parse(n.get("startedAt").asText()));
        assertThat(st.deadline()).isEqualTo(Instant.parse(n.get("deadline").asText()));
        assertThat(st.arrayKey()).isEqualTo(n.hasNonNull("arrayKey") ? n.get("arrayKey").asText() : null);
        assertThat(st.submitAttempts()).isEqualTo(n.path("submitAttempts").asInt(0));
        assertThat(st.jobId()).isEqualTo(n.hasNonNull("jobId") ? n.get("jobId").asLong() : null);
        assertThat(st.jobIds()).isEqualTo(longs(n.path("jobIds")));
        assertThat(st.targetStatus()).isEqualTo(n.hasNonNull("targetStatus") ? n.get("targetStatus").asText() : null);
        assertThat(st.outcome() == null ? null : st.outcome().name())
                .isEqualTo(n.hasNonNull("outcome") ? n.get("outcome").asText() : null);
        assertThat(st.statusBeforeSubmit())
                .isEqualTo(n.hasNonNull("statusBeforeSubmit") ? n.get("statusBeforeSubmit").asText() : null);
        assertThat(st.lastPvolStatus()).isEqualTo(n.hasNonNull("lastPvolStatus") ? n.get("lastPvolStatus").asText() : null);
        assertThat(st.lastObservedAt())
                .isEqualTo(n.hasNonNull("lastObservedAt") ? Instant.parse(n.get("lastObservedAt").asText()) : null);
        List<String> seen = new ArrayList<>();
        n.path("statusObservedAt").properties().forEach(e -> seen.add(e.getKey() + "=" + e.getValue().asText()));
        assertThat(st.statusObservedAt().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .isEqualTo(seen);
        List<String> members = new ArrayList<>();
        n.path("memberStatus").properties().forEach(e -> members.add(e.getKey() + "=" + e.getValue().asText()));
        assertThat(st.memberStatus().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .isEqualTo(members);
        assertThat(st.failureMessage()).isEqualTo(n.hasNonNull("failureMessage") ? n.get("failureMessage").asText() : null);
        if (n.hasNonNull("result")) {
            assertThat(st.result().outcome()).isEqualTo(n.at("/result/outcome").asText());
        }
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asLong()));
        return out;
    }
}
