package io.jenkins.plugins.shadowimage.bench.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.shadowimage.bench.TimeScale;
import io.jenkins.plugins.shadowimage.bench.sim.EmbeddedSimulator;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTestSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The re-implementation sends exactly the sample's requests, in the sample's order. */
class SampleFlowTest {

    /** Hitachi's sample, step by step (version, session, create + job poll, template, split + job poll, pair, discard). */
    static final List<String> SAMPLE_SEQUENCE = List.of(
            "GET /configuration/version",
            "POST /sessions",
            "POST /local-clone-copypairs",
            "GET /jobs/{id}",
            "GET /local-clone-copypairs/{id}/actions/split",
            "PUT /local-clone-copypairs/{id}/actions/split/invoke",
            "GET /jobs/{id}",
            "GET /local-clone-copypairs/{id}",
            "DELETE /sessions/{id}");

    /** Jobs of 0.1 s and a 20x time scale: the sample's 1 s sleeps take 50 ms. */
    private static final ArrayUnderTestSettings FAST = new ArrayUnderTestSettings(20, Duration.ofMillis(100), Duration.ofMillis(100),
            512, 100, 2, 1, 64);

    @BeforeAll
    static void noDelayedAcks() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    @Test
    void sendsTheSamplesRequestsInOrderAndDiscardsItsSession() throws Exception {
        try (EmbeddedSimulator array = EmbeddedSimulator.start(FAST)) {
            SampleFlow flow = new SampleFlow(new SampleUrls(array.baseUrl(), array.storageDeviceId()), new TimeScale(20));
            SampleFlow.Result result = flow.run(SampleFlow.Parameters.ofSample());

            assertThat(result.failure()).isNull();
            assertThat(result.succeeded()).isTrue();
            array.settle();
            assertThat(array.requestSequence()).containsExactlyElementsOf(SAMPLE_SEQUENCE);
            assertThat(result.restCalls()).isEqualTo(SAMPLE_SEQUENCE.size());
            assertThat(result.jobPolls()).isEqualTo(2);
            assertThat(array.openSessions()).isZero();
        }
    }

    @Test
    void reportsAFailedJobAndStillDiscardsTheSession() throws Exception {
        try (EmbeddedSimulator array = EmbeddedSimulator.start(FAST)) {
            SampleFlow flow = new SampleFlow(new SampleUrls(array.baseUrl(), array.storageDeviceId()), new TimeScale(20));
            // LDEV 9999 does not exist: the array refuses the create.
            SampleFlow.Result result = flow.run(new SampleFlow.Parameters("user1", "pass1", "SI_X", "p_x", 9999, 348));

            assertThat(result.succeeded()).isFalse();
            assertThat(result.failure()).containsAnyOf("Job Error!", "HTTP Error!");
            array.settle();
            assertThat(array.requestSequence()).last().isEqualTo("DELETE /sessions/{id}");
            assertThat(array.openSessions()).isZero();
        }
    }

    @Test
    void thePythonSampleItselfSendsTheSameRequestsWhenItCanRunHere() throws Exception {
        String dir = System.getProperty("bench.sampleDir", "");
        assumeTrue(!dir.isBlank(), "no -Dbench.sampleDir: the Python sample is not on this machine");
        Path support = Path.of(System.getProperty("bench.repoDir", "..")).resolve("simulator/hitachi-sample-support");
        PythonSample python = new PythonSample(Path.of(dir), support, "python3");
        assumeTrue(python.available(), python.whyUnavailable());
        try (EmbeddedSimulator array = EmbeddedSimulator.start(FAST)) {
            PythonSample.Result result = python.run(array);

            assertThat(result.failure()).isNull();
            array.settle();
            assertThat(array.requestSequence()).containsExactlyElementsOf(SAMPLE_SEQUENCE);
        }
    }
}
