package io.jenkins.plugins.shadowimage.bench.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.shadowimage.bench.TimeScale;
import java.net.URI;
import java.time.Duration;

/**
 * The request functions of Hitachi's ShadowImage sample, re-implemented: {@code check_api_version},
 * session generation and discard, {@code invoke_async_command} with its doubling job poll, and
 * plain GETs. It adds nothing the sample does not do; it only records when each job completion
 * was noticed, for the detection-delay measurement.
 */
public final class SampleClient {

    private static final int REQUIRED_MAJOR_VERSION = 1;
    private static final int REQUIRED_MINOR_VERSION = 2;

    private final SampleHttp http;
    private final SampleUrls urls;
    private final TimeScale time;
    private long sessionId;
    private boolean sessionOpen;

    /** What {@code invoke_async_command} did for one request. */
    public record AsyncOutcome(
            String affectedResource,
            int jobPolls,
            boolean completedInAcceptance,
            long acceptedAtNanos,
            long noticedAtNanos) { }

    public SampleClient(SampleUrls urls, TimeScale time) {
        this(urls, time, new SampleHttp());
    }

    public SampleClient(SampleUrls urls, TimeScale time, SampleHttp http) {
        this.urls = urls;
        this.time = time;
        this.http = http;
    }

    public SampleUrls urls() {
        return urls;
    }

    /** REST calls sent so far. */
    public int calls() {
        return http.calls();
    }

    /** Step 1: GET the API version and insist on 1.2 or newer. */
    public void checkApiVersion() throws SampleFailure, InterruptedException {
        SampleHttp.Response r = http.get(urls.apiVersion());
        if (r.status() != 200) {
            throw httpError(r);
        }
        String[] version = r.json().path("apiVersion").asText("").split("\\.");
        int major;
        int minor;
        try {
            major = Integer.parseInt(version[0]);
            minor = Integer.parseInt(version[1]);
        } catch (RuntimeException e) {
            throw new SampleFailure("unreadable apiVersion in " + r.body());
        }
        if (!((major == REQUIRED_MAJOR_VERSION && minor >= REQUIRED_MINOR_VERSION)
                || major >= REQUIRED_MAJOR_VERSION + 1)) {
            throw new SampleFailure("This program requires API Version 1.2.x or newer.");
        }
    }

    /** Step 2: POST a session with Basic credentials; later requests carry its token. */
    public void generateSession(String user, String password) throws SampleFailure, InterruptedException {
        SampleHttp.Response r = http.send("POST", urls.generateSession(), null, new String[] {user, password});
        if (r.status() != 200) {
            throw httpError(r);
        }
        JsonNode json = r.json();
        http.setAuthorization("Session " + json.path("token").asText());
        sessionId = json.path("sessionId").asLong();
        sessionOpen = true;
    }

    /** The sample's {@code invoke_async_command}: send, expect 202, then poll the job with back-off. */
    public AsyncOutcome invokeAsyncCommand(String method, URI url, JsonNode body)
            throws SampleFailure, InterruptedException {
        SampleHttp.Response r = http.send(method.toUpperCase(java.util.Locale.ROOT), url, body, null);
        long acceptedAt = System.nanoTime();
        if (r.status() != 202) {
            throw httpError(r);
        }
        JsonNode accepted = r.json();
        boolean completedInAcceptance = "Completed".equals(accepted.path("status").asText());
        long jobId = accepted.path("jobId").asLong();

        SampleBackoff backoff = new SampleBackoff();
        String status = "Initializing";
        JsonNode job = null;
        long noticedAt = 0;
        while (!"Completed".equals(status)) {
            if (!backoff.mayPoll()) {
                throw new SampleFailure("Timeout Error! Operation was not completed.");
            }
            Duration wait = backoff.nextWait();
            time.sleep(wait);
            SampleHttp.Response polled = http.get(urls.job(jobId));
            noticedAt = System.nanoTime();
            // The sample reads the body without checking the HTTP status here.
            job = polled.json();
            status = job.path("status").asText();
        }
        if ("Failed".equals(job.path("state").asText())) {
            throw new SampleFailure("Job Error! " + job);
        }
        String affected = job.path("affectedResources").path(0).asText(null);
        return new AsyncOutcome(affected, backoff.polls(), completedInAcceptance, acceptedAt, noticedAt);
    }

    /** What a pair wait with the sample's back-off did. */
    public record PairWait(int polls, long noticedAtNanos, JsonNode pair) { }

    /**
     * Waits for the P-VOL status {@code pvolStatus} by GETting the pair on the sample's job back-off
     * (1, 2, 4, ... s, cap 120 s, 10 polls). The sample itself never waits for a copy; this is the
     * wait a user extending the sample would write, and the baseline for copy detection.
     */
    public PairWait waitForPairStatus(URI pairUrl, String pvolStatus) throws SampleFailure, InterruptedException {
        SampleBackoff backoff = new SampleBackoff();
        while (backoff.mayPoll()) {
            time.sleep(backoff.nextWait());
            JsonNode pair = get(pairUrl);
            if (pvolStatus.equals(pair.path("pvolStatus").asText())) {
                return new PairWait(backoff.polls(), System.nanoTime(), pair);
            }
        }
        throw new SampleFailure("Timeout Error! The pair did not reach " + pvolStatus + ".");
    }

    /** A GET that must answer 200. */
    public JsonNode get(URI url) throws SampleFailure, InterruptedException {
        SampleHttp.Response r = http.get(url);
        if (r.status() != 200) {
            throw httpError(r);
        }
        return r.json();
    }

    /** Step 6, run from the sample's {@code finally}: DELETE the session; errors are only printed. */
    public String discardSession() throws InterruptedException {
        if (!sessionOpen) {
            // The sample would DELETE session 0 here; nothing was opened, so there is nothing to count.
            return null;
        }
        sessionOpen = false;
        try {
            SampleHttp.Response r = http.delete(urls.discardSession(sessionId));
            return r.status() == 200 ? null : "HTTP Error! status code : " + r.status() + " " + r.body();
        } catch (SampleFailure e) {
            return e.getMessage();
        }
    }

    private static SampleFailure httpError(SampleHttp.Response r) {
        return new SampleFailure("HTTP Error! status code : " + r.status() + " " + r.body());
    }

    static JsonNode parse(String json) {
        try {
            return SampleHttp.json().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
