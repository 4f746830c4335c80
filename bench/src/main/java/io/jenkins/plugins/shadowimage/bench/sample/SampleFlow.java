package io.jenkins.plugins.shadowimage.bench.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.shadowimage.bench.TimeScale;
import java.net.URI;
import java.time.Duration;

/**
 * Hitachi's ShadowImage sample flow, request for request: version check, one session, create the
 * pair (new copy group), GET the split action template, PUT the split with {@code copyPace} 3,
 * GET the pair, and discard the session in {@code finally}. Every async request carries
 * {@code Response-Job-Status: Completed} and is followed by the sample's doubling job poll.
 */
public final class SampleFlow {

    /** The sample's parameters ({@code COPY_GROUP_NAME}, {@code PVOL_LDEV_ID}, ...). */
    public record Parameters(
            String user, String password, String copyGroupName, String copyPairName, int pvolLdevId, int svolLdevId) {

        /** The values printed in the sample itself. */
        public static Parameters ofSample() {
            return new Parameters("user1", "pass1", "SI_347", "p_347-348", 347, 348);
        }
    }

    /** What one run did. */
    public record Result(
            boolean succeeded,
            String failure,
            int restCalls,
            Duration wall,
            int jobPolls,
            String pvolStatus,
            String svolStatus) { }

    private final SampleUrls urls;
    private final TimeScale time;

    public SampleFlow(SampleUrls urls, TimeScale time) {
        this.urls = urls;
        this.time = time;
    }

    /** The sample's step 3 body: a new copy group with one pair at MU 0. */
    public static ObjectNode createBody(Parameters p) {
        ObjectNode body = SampleHttp.json().createObjectNode();
        body.put("copyGroupName", p.copyGroupName());
        body.put("copyPairName", p.copyPairName());
        body.put("replicationType", "SI");
        body.put("pvolLdevId", p.pvolLdevId());
        body.put("pvolMuNumber", 0);
        body.put("svolLdevId", p.svolLdevId());
        body.put("isNewGroupCreation", true);
        return body;
    }

    public Result run(Parameters p) throws InterruptedException {
        SampleClient client = new SampleClient(urls, time);
        long start = System.nanoTime();
        String failure = null;
        int polls = 0;
        String pvolStatus = null;
        String svolStatus = null;
        try {
            client.checkApiVersion();
            client.generateSession(p.user(), p.password());

            SampleClient.AsyncOutcome created =
                    client.invokeAsyncCommand("post", urls.localCopyPairs(), createBody(p));
            polls += created.jobPolls();
            URI pairUrl = urls.affectedResource(created.affectedResource());

            JsonNode template = client.get(urls.splitLocalCopyPairTemplate(pairUrl));
            ObjectNode split = template.deepCopy();
            // body["parameters"]["copyPace"] = 3
            JsonNode parameters = split.get("parameters");
            if (!(parameters instanceof ObjectNode)) {
                throw new SampleFailure("split template without parameters: " + template);
            }
            ((ObjectNode) parameters).put("copyPace", 3);
            SampleClient.AsyncOutcome splitOutcome =
                    client.invokeAsyncCommand("put", urls.splitLocalCopyPair(pairUrl), split);
            polls += splitOutcome.jobPolls();

            JsonNode pair = client.get(pairUrl);
            pvolStatus = pair.path("pvolStatus").asText(null);
            svolStatus = pair.path("svolStatus").asText(null);
        } catch (SampleFailure e) {
            failure = e.getMessage();
        } finally {
            String discardError = client.discardSession();
            if (failure == null && discardError != null) {
                failure = discardError;
            }
        }
        return new Result(failure == null, failure, client.calls(),
                Duration.ofNanos(System.nanoTime() - start), polls, pvolStatus, svolStatus);
    }
}
