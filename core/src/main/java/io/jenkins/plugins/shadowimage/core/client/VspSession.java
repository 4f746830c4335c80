package io.jenkins.plugins.shadowimage.core.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.shadowimage.core.client.model.ActionParams;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroup;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroupId;
import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.client.model.CreatePairSpec;
import io.jenkins.plugins.shadowimage.core.client.model.Job;
import io.jenkins.plugins.shadowimage.core.client.model.Ldev;
import io.jenkins.plugins.shadowimage.core.client.model.PairId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One short unit of work against an array: the typed REST calls, made with one REST session that is
 * opened at the first call and discarded by {@link #close()} (or kept a moment for another unit of work
 * of the same JVM, see {@link ClientOptions#sessionLinger()}). Not thread-safe; use it from one thread
 * and close it in a {@code finally} block. Never hold one across a long wait: before a retry wait longer
 * than half the session's {@code aliveTime} the session is discarded and a new one is opened afterwards.
 *
 * <p>Asynchronous calls return the {@link Job}; when it is not yet completed, poll it with
 * {@link #job(long)}. A failed job is returned as it is, not thrown: use {@link #raiseIfFailed(Job)}.
 */
public final class VspSession implements AutoCloseable {
    private final VspClient client;
    private final ClientListener listener;
    private final String sharingKey;
    private final SessionBudget.Permit permit;
    private String token;
    private long sessionId;
    private boolean closed;
    private boolean broken;
    /** The session went to a {@link HeldJobRead}: closing this unit of work leaves it alone. */
    private boolean handedOver;
    private RequestBudget.Priority readPriority = RequestBudget.Priority.CONFIRM;

    VspSession(VspClient client, ClientListener listener, String sharingKey, SessionBudget.Permit permit,
            String token, long sessionId) {
        this.client = client;
        this.listener = listener;
        this.sharingKey = sharingKey;
        this.permit = permit;
        this.token = token;
        this.sessionId = sessionId;
        client.warnIfInsecure(listener);
    }

    /** Whether this unit of work took over an idle session of another one (no login needed). */
    public boolean isShared() {
        return token != null;
    }

    // ------------------------------------------------------------------ Auth

    /** Supplies the token to the request loop; private so that the token never leaves this class. */
    private final VspClient.Auth auth = new VspClient.Auth() {
        @Override
        public String header() {
            return VspSession.this.header();
        }

        @Override
        public boolean relogin() {
            return VspSession.this.relogin();
        }

        @Override
        public void beforeWait(Duration delay) {
            VspSession.this.beforeWait(delay);
        }

        @Override
        public RequestBudget.Priority readPriority() {
            return readPriority;
        }
    };

    /**
     * The precedence of this unit of work's reads when the array's {@link RequestBudget} makes requests wait:
     * {@link RequestBudget.Priority#POLL} for a step that only follows a job or a copy, so that the steps that
     * change or confirm something go first. Default {@link RequestBudget.Priority#CONFIRM}. Mutating requests
     * always go first.
     */
    public VspSession readPriority(RequestBudget.Priority p) {
        this.readPriority = java.util.Objects.requireNonNull(p, "priority");
        return this;
    }

    private String header() {
        if (closed) {
            throw new IllegalStateException("session closed");
        }
        if (token == null) {
            VspClient.SessionOpened s = client.login(listener);
            token = s.token();
            sessionId = s.sessionId();
        }
        return "Session " + token;
    }

    private boolean relogin() {
        // Usually the old session has expired; if the array rejected the token for another reason, the
        // session may still be open: discard it (an expired one answers 401, which counts as discarded).
        if (token != null) {
            client.discard(token, sessionId, null);
        }
        token = null;
        return true;
    }

    private void beforeWait(Duration delay) {
        if (token != null && delay.compareTo(client.options().aliveTime().dividedBy(2)) > 0) {
            client.discard(token, sessionId, null);
            token = null;
        }
    }

    // ------------------------------------------------------------------ typed calls

    private String prefix() {
        return client.objectsPrefix();
    }

    private VspClient.Response get(String path, String query) {
        return call(new VspClient.Request("GET", path, query, null, true, false));
    }

    private VspClient.Response call(VspClient.Request r) {
        try {
            return client.exchange(r, auth, listener);
        } catch (VspTransportException e) {
            broken = true;
            throw e;
        }
    }

    /**
     * Opens the REST session now if it is not open yet (every call does this lazily; this is the cheapest
     * way to check credentials). Idempotent.
     */
    public void login() {
        header();
    }

    /** {@code GET .../jobs/{jobId}}. */
    public Job job(long jobId) {
        String path = prefix() + "/jobs/" + jobId;
        return VspClient.read(get(path, null), Job.class, "GET", path);
    }

    /**
     * Starts {@code GET .../jobs/{jobId}} asking the array to hold the answer until the job ends, at most {@code
     * maxWait} (whole seconds, at least 1, never more than {@link ClientOptions#responseMaxWait()}), and returns at
     * once: no thread waits for the answer. This unit of work's
     * session (opened now if need be) and permit go with the read, which leaves the session idle for the
     * operation's next step once answered; {@code answered} then runs (on another thread). This unit of work makes
     * no further call. Ask {@link VspClient#mayHoldJobRead()} first.
     */
    public HeldJobRead holdJobRead(long jobId, Duration maxWait, Runnable answered) {
        Duration cap = client.options().responseMaxWait();
        Duration wait = Duration.ofSeconds(Math.max(1, (maxWait.compareTo(cap) > 0 ? cap : maxWait).getSeconds()));
        header();
        HeldJobRead read = new HeldJobRead(client, jobId, sharingKey, token, sessionId, permit, wait);
        handedOver = true;
        closed = true;
        token = null;
        client.register(read);
        try {
            read.start(new VspClient.Request("GET", prefix() + "/jobs/" + jobId, null, null, true, false), answered);
        } catch (RuntimeException e) {
            client.cancelHeldJobRead(jobId);
            throw e;
        }
        return read;
    }

    /** {@code GET .../ldevs/{ldevId}}. */
    public Ldev ldev(int ldevId) {
        String path = prefix() + "/ldevs/" + ldevId;
        return VspClient.read(get(path, null), Ldev.class, "GET", path);
    }

    /**
     * {@code GET .../ldevs?headLdevId={head}&count={count}}: the LDEVs from {@code head} on, at most {@code count}
     * entries (an array may leave undefined LDEVs out).
     */
    public List<Ldev> ldevs(int headLdevId, int count) {
        String path = prefix() + "/ldevs";
        return list(get(path, "headLdevId=" + headLdevId + "&count=" + count), Ldev.class, path);
    }

    /** {@code GET .../local-clone-copypairs/{pairId}}; empty when the pair does not exist. */
    public Optional<CopyPair> findPair(PairId id) {
        String path = prefix() + "/local-clone-copypairs/" + PathSegment.of(id);
        try {
            return Optional.of(VspClient.read(get(path, null), CopyPair.class, "GET", path));
        } catch (VspApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code GET .../local-clone-copypairs?localCloneCopyGroupId={group}[&refresh=true]}. */
    public List<CopyPair> listPairs(CopyGroupId group, boolean refresh) {
        String path = prefix() + "/local-clone-copypairs";
        String query = "localCloneCopyGroupId=" + PathSegment.of(group) + (refresh ? "&refresh=true" : "");
        try {
            return list(get(path, query), CopyPair.class, path);
        } catch (VspApiException e) {
            if (ErrorCatalogue.isGroupAbsent(e)) {
                return List.of();
            }
            throw e;
        }
    }

    /** {@code GET .../local-clone-copygroups/{group}} with its pairs; empty when absent. */
    public Optional<CopyGroup> findCopyGroup(CopyGroupId group) {
        String path = prefix() + "/local-clone-copygroups/" + PathSegment.of(group);
        try {
            return Optional.of(VspClient.read(get(path, null), CopyGroup.class, "GET", path));
        } catch (VspApiException e) {
            if (ErrorCatalogue.isGroupAbsent(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code GET .../local-clone-copygroups} (without pairs). */
    public List<CopyGroup> copyGroups() {
        String path = prefix() + "/local-clone-copygroups";
        return list(get(path, null), CopyGroup.class, path);
    }

    private static <T> List<T> list(VspClient.Response r, Class<T> type, String path) {
        JsonNode data = VspClient.tree(r, "GET", path).path("data");
        List<T> out = new ArrayList<>();
        for (JsonNode n : data) {
            try {
                out.add(VspClient.JSON.treeToValue(n, type));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                // Degraded entries are skipped, as other clients do.
            }
        }
        return out;
    }

    /**
     * {@code POST .../local-clone-copypairs}. Never re-sent after an ambiguous failure (500, 502, reset after
     * sending): the caller must read the pair back before trying again.
     */
    public Job createPair(CreatePairSpec spec) {
        String path = prefix() + "/local-clone-copypairs";
        return async("POST", path, json(spec));
    }

    /** {@code POST .../local-clone-copypairs/{id}/actions/split/invoke}. */
    public Job splitPair(PairId id, ActionParams params) {
        return action(prefix() + "/local-clone-copypairs/" + PathSegment.of(id) + "/actions/split/invoke", params);
    }

    /** {@code POST .../local-clone-copypairs/{id}/actions/resync/invoke}. */
    public Job resyncPair(PairId id, ActionParams params) {
        return action(prefix() + "/local-clone-copypairs/" + PathSegment.of(id) + "/actions/resync/invoke", params);
    }

    /** {@code POST .../local-clone-copypairs/{id}/actions/restore/invoke}. */
    public Job restorePair(PairId id, ActionParams params) {
        return action(prefix() + "/local-clone-copypairs/" + PathSegment.of(id) + "/actions/restore/invoke", params);
    }

    /** {@code DELETE .../local-clone-copypairs/{id}}. */
    public Job deletePair(PairId id) {
        return async("DELETE", prefix() + "/local-clone-copypairs/" + PathSegment.of(id), null);
    }

    /** {@code POST .../local-clone-copygroups/{id}/actions/split/invoke}. */
    public Job splitGroup(CopyGroupId id, ActionParams params) {
        return action(prefix() + "/local-clone-copygroups/" + PathSegment.of(id) + "/actions/split/invoke", params);
    }

    /** {@code POST .../local-clone-copygroups/{id}/actions/resync/invoke}. */
    public Job resyncGroup(CopyGroupId id, ActionParams params) {
        return action(prefix() + "/local-clone-copygroups/" + PathSegment.of(id) + "/actions/resync/invoke", params);
    }

    private Job action(String path, ActionParams params) {
        ObjectNode body = VspClient.JSON.createObjectNode();
        body.set("parameters", VspClient.JSON.valueToTree(params == null ? ActionParams.NONE : params));
        return async("POST", path, body.toString());
    }

    private Job async(String method, String path, String body) {
        VspClient.Response r = call(new VspClient.Request(method, path, null, body, false, true));
        return VspClient.read(r, Job.class, method, path);
    }

    private static String json(Object o) {
        try {
            return VspClient.JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Throws the job's error as a {@link VspApiException} when the job completed unsuccessfully. */
    public Job raiseIfFailed(Job job) {
        if (job.isFailed()) {
            String method = job.request() != null && job.request().requestMethod() != null
                    ? job.request().requestMethod() : "JOB";
            String path = job.request() != null && job.request().requestUrl() != null ? job.request().requestUrl()
                    : job.error() != null && job.error().errorSource() != null ? job.error().errorSource()
                            : prefix() + "/jobs/" + job.jobId();
            throw new VspApiException(202, method, path, job.error(), job.jobId(),
                    "job " + job.jobId() + " ended " + job.state());
        }
        return job;
    }

    /** Discards the REST session (or hands it to the sharing pool) and releases the permit. Idempotent. */
    @Override
    public void close() {
        if (closed || handedOver) {
            return;
        }
        closed = true;
        Duration linger = client.options().sessionLinger();
        if (token != null && !broken && !linger.isZero() && !client.isClosed() && !Thread.currentThread().isInterrupted()) {
            SharedSessions.offer(new SharedSessions.Idle(sharingKey, token, sessionId, permit, client), linger);
            permit.budget().wakeFirst();
        } else {
            client.discard(token, sessionId, permit);
        }
        token = null;
    }

    @Override
    public String toString() {
        return "VspSession[sessionId=" + sessionId + "]";
    }
}
