package io.jenkins.plugins.shadowimage.core.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.shadowimage.core.client.model.ApiError;
import io.jenkins.plugins.shadowimage.core.client.model.ApiVersion;
import io.jenkins.plugins.shadowimage.core.client.model.StorageSystemInfo;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The REST client of one array endpoint. Thread-safe; one per endpoint and credentials source. Holds a
 * pooled Apache HttpClient 5 and must be {@link #close() closed}, which also discards sessions kept for
 * sharing.
 *
 * <p>Unauthenticated calls ({@link #apiVersion()}, {@link #storages()}) are made directly; everything else
 * goes through a {@link VspSession}, a short unit of work that opens a session lazily, holds a permit of
 * the array's {@link SessionBudget}, and discards the session when closed.
 *
 * <p>Every request goes through one loop ({@code exchange}) that applies the {@link RetryPolicy}, the one
 * re-login on 401, and reports each retry with its cause.
 */
public final class VspClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(VspClient.class.getName());
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
    private static final String VERSION_PATH = "/ConfigurationManager/configuration/version";
    private static final String OBJECTS = "/ConfigurationManager/v1/objects";
    private static final Map<String, ApiVersion> VERSIONS = new ConcurrentHashMap<>();

    private final Endpoint endpoint;
    private final CredentialsSource credentials;
    private final ClientOptions options;
    private final CloseableHttpClient http;
    private volatile String storageDeviceId;
    private final String serverKey;
    private volatile boolean closed;
    /** The asynchronous HTTP client of held job reads, made at the first one. */
    private CloseableHttpAsyncClient async;
    /** Job reads the array holds now or has answered, by job id, until the operation's next step takes them. */
    private final Map<Long, HeldJobRead> heldReads = new ConcurrentHashMap<>();
    /** False once the array answered a held job read at once while its job still ran: it does not hold them. */
    private volatile boolean jobReadsHeld = true;
    /** Session discards in progress (possibly on another thread, e.g. the shutdown hook). */
    private final java.util.concurrent.atomic.AtomicInteger discarding = new java.util.concurrent.atomic.AtomicInteger();

    public VspClient(Endpoint endpoint, CredentialsSource credentials, ClientOptions options) {
        this.endpoint = java.util.Objects.requireNonNull(endpoint, "endpoint");
        this.credentials = java.util.Objects.requireNonNull(credentials, "credentials");
        this.options = options == null ? ClientOptions.defaults() : options;
        this.storageDeviceId = endpoint.storageDeviceId();
        // The REST server counts the requests, whichever of its arrays they address.
        this.serverKey = endpoint.withStorageDeviceId(null).arrayKey();
        PoolingHttpClientConnectionManager cm = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                        .setSslContext(TlsSupport.sslContext(endpoint.trust()))
                        .setHostnameVerifier(TlsSupport.hostnameVerifier(endpoint.trust()))
                        .buildClassic())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(endpoint.connectTimeout()))
                        .setSocketTimeout(Timeout.of(endpoint.readTimeout()))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .setMaxConnTotal(ClientOptions.MAX_SESSIONS)
                .setMaxConnPerRoute(ClientOptions.MAX_SESSIONS)
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(cm)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(endpoint.readTimeout()))
                        .build())
                .setUserAgent("vsp-shadowimage")
                .build();
    }

    /** The endpoint, with the storage device id once it is known. */
    public Endpoint endpoint() {
        return endpoint.withStorageDeviceId(storageDeviceId);
    }

    public ClientOptions options() {
        return options;
    }

    /**
     * The API version, fetched once per endpoint and cached (JVM-wide).
     *
     * @throws VspApiException when the server is older than 1.2 (naming the version found) or answers an error
     */
    public ApiVersion apiVersion() {
        String key = endpoint.baseUrl().toString();
        ApiVersion cached = VERSIONS.get(key);
        if (cached != null) {
            return cached;
        }
        warnIfInsecure(ClientListener.NONE);
        Response r = exchange(new Request("GET", VERSION_PATH, null, null, true, false), null, ClientListener.NONE);
        ApiVersion v = read(r, ApiVersion.class, "GET", VERSION_PATH);
        if (!v.atLeast(1, 2)) {
            throw new VspApiException(r.status, "GET", VERSION_PATH, null, null,
                    "Configuration Manager REST API version " + v.apiVersion() + " found at " + endpoint.baseUrl()
                            + "; version 1.2 or newer is required. Upgrade the array's microcode or the REST server");
        }
        VERSIONS.put(key, v);
        return v;
    }

    /** {@code GET .../storages} (unauthenticated where the server allows it, Basic otherwise). */
    public List<StorageSystemInfo> storages() {
        warnIfInsecure(ClientListener.NONE);
        String path = OBJECTS + "/storages";
        Request req = new Request("GET", path, null, null, true, false);
        Response r;
        try {
            try {
                r = exchange(req, null, ClientListener.NONE);
            } catch (VspApiException e) {
                if (e.httpStatus() != 401) {
                    throw e;
                }
                r = exchange(req, new BasicAuth(), ClientListener.NONE);
            }
        } catch (VspApiException e) {
            throw wrongEndpointIf404(e);
        }
        JsonNode data = tree(r, "GET", path).path("data");
        List<StorageSystemInfo> out = new ArrayList<>();
        for (JsonNode n : data) {
            out.add(JSON.convertValue(n, StorageSystemInfo.class));
        }
        return out;
    }

    /**
     * The storage device id: the configured one, or the only one listed by {@link #storages()}. Cached.
     */
    public String storageDeviceId() {
        String id = storageDeviceId;
        if (id != null) {
            return id;
        }
        List<StorageSystemInfo> all = storages();
        if (all.size() != 1) {
            List<String> ids = all.stream().map(StorageSystemInfo::storageDeviceId).toList();
            throw new VspApiException(200, "GET", OBJECTS + "/storages", null, null,
                    all.isEmpty() ? "the REST server manages no storage system; register the array first"
                            : "the REST server manages " + all.size() + " storage systems " + ids
                                    + "; set storageDeviceId to choose one");
        }
        storageDeviceId = all.get(0).storageDeviceId();
        return storageDeviceId;
    }

    /**
     * The array identity ({@link Endpoint#arrayKey()} with the storage device id discovered for the
     * REST-server form), used for the session budget and to bind an operation's state to its array.
     */
    public String arrayKey() {
        return endpoint.urlForm() == UrlForm.REST_SERVER ? endpoint.withStorageDeviceId(storageDeviceId()).arrayKey()
                : endpoint.arrayKey();
    }

    /** The object URL prefix of this endpoint's URL form. */
    String objectsPrefix() {
        return endpoint.urlForm() == UrlForm.REST_SERVER ? OBJECTS + "/storages/" + PathSegment.encode(storageDeviceId()) : OBJECTS;
    }

    SessionBudget budget() {
        SessionBudget b = SessionBudget.forArray(arrayKey());
        if (b.permits() != options.sessionBudget()) {
            b.setPermits(options.sessionBudget());
        }
        return b;
    }

    /** The request budget of this endpoint's REST server, with the configured ceiling. */
    public RequestBudget requestBudget() {
        RequestBudget b = RequestBudget.forServer(serverKey);
        if (b.ceiling() != options.requestRateLimit()) {
            b.ceiling(options.requestRateLimit());
        }
        return b;
    }

    /**
     * Starts a unit of work, waiting (blocking, up to {@link ClientOptions#permitWait()}) for a session permit
     * of this array; a {@link ClientEvent.Kind#PERMIT_WAIT} event reports the wait.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public VspSession openSession(ClientListener listener) throws InterruptedException {
        ClientListener l = listener == null ? ClientListener.NONE : listener;
        checkOpen();
        apiVersion();
        String key = sharingKey();
        SharedSessions.Idle idle = SharedSessions.take(key);
        if (idle != null) {
            return new VspSession(this, l, key, idle.permit(), idle.token(), idle.sessionId());
        }
        SessionBudget.Permit permit;
        try {
            permit = budget().acquire(options.permitWait(),
                    msg -> emit(l, new ClientEvent(ClientEvent.Kind.PERMIT_WAIT, msg, null, 0, null)));
        } catch (TimeoutException e) {
            throw new VspTransportException("POST", objectsPrefix() + "/sessions", false, e.getMessage(), e);
        }
        return new VspSession(this, l, key, permit, null, -1);
    }

    /**
     * Starts a unit of work if a session permit is free now; never blocks. Callers that get empty come back
     * later with the same {@code waiter} object, which keeps their place in the queue (first come, first
     * served).
     */
    public Optional<VspSession> tryOpenSession(ClientListener listener, Object waiter) {
        return tryOpenSession(listener, waiter, null);
    }

    /**
     * Same as {@link #tryOpenSession(ClientListener, Object)}; {@code wakeUp} runs (quickly, on another
     * thread) when a permit or an idle session becomes available while this waiter is first in the queue,
     * so that a scheduler can come back at once instead of polling.
     */
    public Optional<VspSession> tryOpenSession(ClientListener listener, Object waiter, Runnable wakeUp) {
        ClientListener l = listener == null ? ClientListener.NONE : listener;
        checkOpen();
        apiVersion();
        String key = sharingKey();
        SessionBudget b = budget();
        if (b.isFirst(waiter)) {
            SharedSessions.Idle idle = SharedSessions.take(key);
            if (idle != null) {
                b.leaveQueue(waiter);
                return Optional.of(new VspSession(this, l, key, idle.permit(), idle.token(), idle.sessionId()));
            }
        }
        Optional<SessionBudget.Permit> permit = b.tryAcquire(waiter, wakeUp);
        if (permit.isEmpty() && b.isFirst(waiter)) {
            // Idle sessions of other credentials hold permits only softly: reclaim one for the first waiter.
            SharedSessions.Idle victim = SharedSessions.takeAny(arrayKey());
            if (victim != null) {
                victim.owner().discard(victim.token(), victim.sessionId(), victim.permit());
                permit = b.tryAcquire(waiter, wakeUp);
            }
        }
        return permit.map(p -> new VspSession(this, l, key, p, null, -1));
    }

    /** Gives up a place in the permit queue taken by {@link #tryOpenSession}. */
    public void leaveQueue(Object waiter) {
        budget().leaveQueue(waiter);
    }

    /** A human description of the permit queue, for "waiting for a permit" events. */
    public String describePermitWait() {
        return budget().describeWait();
    }

    private String sharingKey() {
        return SharedSessions.fingerprint(arrayKey(), credentials.get());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("VspClient is closed");
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Discards the sessions this client keeps for sharing and closes the HTTP connection pool. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (HeldJobRead h : List.copyOf(heldReads.values())) {
            h.cancel();
        }
        heldReads.clear();
        for (SharedSessions.Idle i : SharedSessions.drain(this)) {
            discard(i.token(), i.sessionId(), i.permit());
        }
        // A discard running on another thread (the reaper, the shutdown hook) needs the connection pool.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (discarding.get() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        http.close(CloseMode.GRACEFUL);
        synchronized (heldReads) {
            if (async != null) {
                async.close(CloseMode.IMMEDIATE);
            }
        }
    }

    // ------------------------------------------------------------------ held job reads

    /**
     * Whether a unit of work may now ask the array to hold a job read until the job ends: a held read keeps a
     * session permit for as long, so only while no operation waits for a permit and at most half of the permits are
     * held that way; never when {@link ClientOptions#responseMaxWait()} is 0 or the array has shown that it answers
     * such reads at once.
     */
    public boolean mayHoldJobRead() {
        if (closed || !jobReadsHeld || options.responseMaxWait().isZero()) {
            return false;
        }
        SessionBudget b = budget();
        return b.waiting() == 0 && heldReads.size() < Math.max(1, b.permits() / 2);
    }

    /** The held read of this job, while it waits or once answered, until {@link #forgetHeldJobRead} is called. */
    public Optional<HeldJobRead> heldJobRead(long jobId) {
        return Optional.ofNullable(heldReads.get(jobId));
    }

    /**
     * Drops an ended held read (its answer was taken). When it returns, the read's session is idle for this step or
     * discarded (a failed read's discard is done now if it has not started yet, or waited for).
     */
    public void forgetHeldJobRead(HeldJobRead read) {
        heldReads.remove(read.jobId(), read);
        read.awaitReleased();
    }

    /** Aborts the held read of this job, if any: nothing more is sent and its session is discarded. Never throws. */
    public void cancelHeldJobRead(long jobId) {
        HeldJobRead h = heldReads.remove(jobId);
        if (h != null) {
            h.cancel();
        }
    }

    void register(HeldJobRead read) {
        HeldJobRead before = heldReads.put(read.jobId(), read);
        if (before != null && before != read) {
            before.cancel();
        }
    }

    void jobReadsNotHeld() {
        if (jobReadsHeld) {
            jobReadsHeld = false;
            LOG.info("the array at " + endpoint.baseUrl() + " answers job reads at once despite Response-Job-Status: "
                    + "Completed; polling its jobs instead");
        }
    }

    /** Runs a callback, logging (not throwing) its failure. */
    void emitSafely(Runnable r) {
        if (r == null) {
            return;
        }
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "callback failed", e);
        }
    }

    /**
     * Sends {@code req} asking the array to hold the answer until its job completes, at most {@code maxWait}. Waits
     * (on the calling thread) for the request budget as every request does, then returns at once; the answer
     * completes the future on the HTTP client's I/O thread, and tells the budget whether the server was busy.
     *
     * @throws VspTransportException when interrupted before it is sent (nothing was sent)
     */
    CompletableFuture<Response> sendHeld(Request req, String authHeader, Duration maxWait) {
        checkOpen();
        RequestBudget budget = requestBudget();
        long admitted;
        try {
            admitted = budget.admit(RequestBudget.Priority.POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VspTransportException(req.method, req.path, false, "interrupted while waiting for the request budget", e);
        }
        CompletableFuture<Response> out = new CompletableFuture<>();
        java.util.concurrent.Future<SimpleHttpResponse> sent;
        try {
            if (Thread.currentThread().isInterrupted()) {
                // An abort that came while this unit of work logged in (the budget had a turn free, so it did not
                // notice): nothing more is sent, and the caller discards the session now, on its own thread, before
                // its step ends (the asynchronous client would fail the read by itself and leave the discard to
                // another thread). The turn it took stays counted: one request's worth of caution.
                throw new VspTransportException(req.method, req.path, false, "interrupted before sending",
                        new InterruptedException());
            }
            SimpleRequestBuilder b = SimpleRequestBuilder.create(req.method).setUri(uri(req))
                    .addHeader("Accept", "application/json")
                    .addHeader("Authorization", authHeader)
                    .addHeader("Response-Job-Status", "Completed")
                    .addHeader("Response-Max-Wait", Long.toString(Math.max(1, maxWait.getSeconds())));
            SimpleHttpRequest request = b.build();
            request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(endpoint.readTimeout().plus(maxWait)))
                    .build());
            sent = asyncClient().execute(request, new FutureCallback<>() {
                @Override
                public void completed(SimpleHttpResponse r) {
                    Response resp = new Response(r.getCode(), r.getBodyText(), retryAfter(r.getFirstHeader("Retry-After")));
                    budget.heldAnswered(isBusy(resp), resp.retryAfter);
                    out.complete(resp);
                }

                @Override
                public void failed(Exception e) {
                    out.completeExceptionally(e);
                }

                @Override
                public void cancelled() {
                    out.cancel(false);
                }
            });
        } finally {
            budget.heldSent(admitted);
        }
        out.whenComplete((r, e) -> {
            if (out.isCancelled()) {
                sent.cancel(true);
            }
        });
        return out;
    }

    private CloseableHttpAsyncClient asyncClient() {
        synchronized (heldReads) {
            checkOpen();
            if (async == null) {
                CloseableHttpAsyncClient c = HttpAsyncClients.custom()
                        .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                                .setTlsStrategy(ClientTlsStrategyBuilder.create()
                                        .setSslContext(TlsSupport.sslContext(endpoint.trust()))
                                        .setHostnameVerifier(TlsSupport.hostnameVerifier(endpoint.trust()))
                                        .buildAsync())
                                .setDefaultConnectionConfig(ConnectionConfig.custom()
                                        .setConnectTimeout(Timeout.of(endpoint.connectTimeout()))
                                        .setSocketTimeout(Timeout.of(endpoint.readTimeout().plus(options.responseMaxWait())))
                                        .setTimeToLive(TimeValue.ofMinutes(5))
                                        .build())
                                .setMaxConnTotal(ClientOptions.MAX_SESSIONS)
                                .setMaxConnPerRoute(ClientOptions.MAX_SESSIONS)
                                .build())
                        .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
                        .setThreadFactory(new DefaultThreadFactory("shadowimage-held-job-reads", true))
                        .disableAutomaticRetries()
                        .disableRedirectHandling()
                        .disableCookieManagement()
                        .setUserAgent("vsp-shadowimage")
                        .build();
                c.start();
                async = c;
            }
            return async;
        }
    }

    // ------------------------------------------------------------------ sessions

    /** Opens a REST session with Basic authentication. */
    SessionOpened login(ClientListener l) {
        String path = objectsPrefix() + "/sessions";
        String body = "{\"aliveTime\":" + options.aliveTime().getSeconds() + "}";
        // Not idempotent: a login whose answer was lost may have opened a session we would never see; retrying
        // it blindly could orphan several of the array's 64 sessions (503/busy/lock are still retried).
        Response r;
        try {
            r = exchange(new Request("POST", path, null, body, false, false), new BasicAuth(), l);
        } catch (VspApiException e) {
            throw wrongEndpointIf404(e);
        }
        JsonNode n;
        try {
            n = tree(r, "POST", path);
        } catch (VspApiException e) {
            // The parser's message quotes the text around the fault, which here may be the token.
            throw new VspApiException(r.status, "POST", path, null, null, "unreadable JSON answer to the login");
        }
        JsonNode token = n.get("token");
        JsonNode id = n.get("sessionId");
        if (token == null || token.asText().isEmpty() || id == null) {
            throw new VspApiException(r.status, "POST", path, null, null, "session answer without token or sessionId");
        }
        LOG.fine(() -> "opened REST session " + id.asLong() + " on " + endpoint.baseUrl());
        return new SessionOpened(token.asText(), id.asLong());
    }

    /**
     * A 404 where every correct endpoint answers (the login, the storage list) means a wrong URL form or
     * storage device id; reported as such so that no caller mistakes it for a missing pair.
     */
    private RuntimeException wrongEndpointIf404(VspApiException e) {
        return e.httpStatus() == 404 ? new WrongEndpointException(endpoint(), e) : e;
    }

    record SessionOpened(String token, long sessionId) {
        @Override
        public String toString() {
            return "SessionOpened[sessionId=" + sessionId + "]";
        }
    }

    /** The longest {@code Retry-After} a session discard waits before its next attempt. */
    private static final Duration DISCARD_RETRY_AFTER_MAX = Duration.ofSeconds(3);
    /** The first pause of the background attempts after the quick ones failed; it doubles up to a quarter of aliveTime. */
    private static final Duration DISCARD_LATER_FIRST = Duration.ofSeconds(1);

    /**
     * Discards a REST session (a few quick attempts; an expired or unknown session counts as discarded) and
     * releases its permit. When the array cannot be reached, a warning says so and the discard goes on in the
     * background until the session would have expired by aliveTime. Never throws.
     */
    void discard(String token, long sessionId, SessionBudget.Permit permit) {
        discarding.incrementAndGet();
        // An interrupted caller (an aborted step closing its session) must still discard it: the interrupt stops the
        // operation's requests, not its clean-up, and the HTTP client refuses to lease a connection while it is set.
        boolean interrupted = Thread.interrupted();
        try {
            if (token == null) {
                return;
            }
            String path = sessionPath(sessionId);
            for (int attempt = 1; attempt <= 3; attempt++) {
                // An abort may also land during the discard itself (the HTTP client then leases no connection): it
                // is kept for the caller and the discard goes on.
                interrupted |= Thread.interrupted();
                long pause = 200L * attempt;
                try {
                    Response r = discardRequest(path, token);
                    if (sessionGone(r)) {
                        LOG.fine(() -> "discarded REST session " + sessionId);
                        return;
                    }
                    LOG.log(Level.FINE, "discarding REST session {0}: HTTP {1}", new Object[] {sessionId, r.status});
                    if (r.retryAfter != null) {
                        // A busy server (request rate) names when to come back; a few seconds at most here.
                        pause = Math.max(pause, Math.min(r.retryAfter.toMillis(), DISCARD_RETRY_AFTER_MAX.toMillis()));
                    }
                } catch (IOException | CancellationException e) {
                    // The classic client cancels the connection lease of an interrupted thread: an abort that lands
                    // here, past the check above, costs one attempt, not the discard.
                    LOG.log(Level.FINE, "discarding REST session " + sessionId + ": " + e);
                }
                interrupted |= Thread.interrupted();
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            discardLater(token, sessionId, "");
        } catch (RuntimeException e) {
            discardLater(token, sessionId, " (" + e + ")");
        } finally {
            discarding.decrementAndGet();
            if (permit != null) {
                permit.close();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String sessionPath(long sessionId) {
        return objectsPrefix() + "/sessions/" + sessionId;
    }

    /** The discard took, or there is nothing left to discard: an expired or unknown session counts as discarded. */
    private static boolean sessionGone(Response r) {
        return r.status / 100 == 2 || r.status == 401 || r.status == 404;
    }

    /** After the quick attempts failed: says so, and tries again in the background while the session may live. */
    private void discardLater(String token, long sessionId, String why) {
        long expiresAt = System.nanoTime() + options.aliveTime().toNanos();
        LOG.warning("could not discard REST session " + sessionId + " on " + endpoint.baseUrl() + why + "; trying again "
                + "in the background until it expires after aliveTime (" + options.aliveTime().getSeconds() + " s)");
        scheduleDiscard(token, sessionId, expiresAt, DISCARD_LATER_FIRST);
    }

    private void scheduleDiscard(String token, long sessionId, long expiresAt, Duration pause) {
        try {
            SharedSessions.later(() -> discardInBackground(token, sessionId, expiresAt, pause), pause);
        } catch (RuntimeException e) {
            LOG.warning("could not discard REST session " + sessionId + " on " + endpoint.baseUrl() + " (" + e
                    + "); it expires after aliveTime");
        }
    }

    /** One background attempt, on the reaper thread; the next one comes after twice the pause. */
    private void discardInBackground(String token, long sessionId, long expiresAt, Duration pause) {
        if (System.nanoTime() - expiresAt >= 0) {
            LOG.warning("gave up discarding REST session " + sessionId + " on " + endpoint.baseUrl()
                    + ": it has expired after aliveTime by now");
            return;
        }
        if (closed) {
            LOG.warning("REST session " + sessionId + " on " + endpoint.baseUrl() + " was not discarded before its client "
                    + "closed; it expires after aliveTime");
            return;
        }
        discarding.incrementAndGet();
        try {
            Response r = discardRequest(sessionPath(sessionId), token);
            if (sessionGone(r)) {
                LOG.info("discarded REST session " + sessionId + " on " + endpoint.baseUrl() + " at a later attempt");
                return;
            }
            LOG.log(Level.FINE, "discarding REST session {0} in the background: HTTP {1}", new Object[] {sessionId, r.status});
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "discarding REST session " + sessionId + " in the background: " + e);
        } finally {
            discarding.decrementAndGet();
        }
        Duration quarter = options.aliveTime().dividedBy(4);
        Duration next = pause.multipliedBy(2);
        scheduleDiscard(token, sessionId, expiresAt, next.compareTo(quarter) > 0 ? quarter : next);
    }

    /**
     * A logout frees a session: it waits its turn unless interrupted, then it is sent at once (the interrupt is
     * kept for the caller, after the request: the HTTP client leases no connection while it is set).
     */
    private Response discardRequest(String path, String token) throws IOException {
        Request req = new Request("DELETE", path, null, null, true, false);
        try {
            return paced(req, "Session " + token, RequestBudget.Priority.MUTATION);
        } catch (InterruptedIOException e) {
            if (!(e.getCause() instanceof InterruptedException)) {
                throw e;
            }
            Thread.interrupted(); // set again by the HTTP client, which would then refuse the connection
            try {
                return execute(req, "Session " + token);
            } finally {
                Thread.currentThread().interrupt();
            }
        }
    }

    void warnIfInsecure(ClientListener l) {
        if ("http".equalsIgnoreCase(endpoint.baseUrl().getScheme())) {
            String msg = "WARNING: " + endpoint.baseUrl() + " is plain HTTP: the credentials and session tokens "
                    + "cross the network unencrypted. Use https.";
            LOG.warning(msg);
            emit(l, new ClientEvent(ClientEvent.Kind.INSECURE_TLS, msg, null, 0, null));
        } else if (endpoint.trust().isInsecure()) {
            String msg = "WARNING: TLS certificate and hostname verification are OFF for " + endpoint.baseUrl()
                    + " (insecure mode); anyone on the network path can read the credentials. Configure the "
                    + "array's certificate (PEM) instead.";
            LOG.warning(msg);
            emit(l, new ClientEvent(ClientEvent.Kind.INSECURE_TLS, msg, null, 0, null));
        }
    }

    // ------------------------------------------------------------------ the request loop

    /** One request as the loop sees it. */
    record Request(String method, String path, String query, String body, boolean idempotent, boolean jobWait) {
    }

    /** An HTTP answer. */
    record Response(int status, String body, Duration retryAfter) {
    }

    /** Supplies the Authorization header; a session may re-login once or park during a long wait. */
    interface Auth {
        String header();

        /** Drops the current (expired) credentials so that the next {@link #header()} logs in again. */
        default boolean relogin() {
            return false;
        }

        /** Called before a retry wait of {@code delay}. */
        default void beforeWait(Duration delay) {
        }

        /** The precedence of this unit of work's reads in the {@link RequestBudget}. */
        default RequestBudget.Priority readPriority() {
            return RequestBudget.Priority.CONFIRM;
        }
    }

    /** Basic authentication, resolved from the credentials source at each use. */
    final class BasicAuth implements Auth {
        @Override
        public String header() {
            UserCredentials c = credentials.get();
            char[] pw = c.password();
            try {
                String raw = c.user() + ":" + new String(pw);
                return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
            } finally {
                java.util.Arrays.fill(pw, '\0');
            }
        }
    }

    /**
     * Sends {@code req}, retrying per the {@link RetryPolicy}: each retryable error class has its own time
     * budget; 401 on a session leads to one re-login; each retry is reported to {@code l}.
     */
    Response exchange(Request req, Auth auth, ClientListener l) {
        RetryPolicy policy = options.retryPolicy();
        EnumMap<ErrorClass, Long> firstFailure = new EnumMap<>(ErrorClass.class);
        EnumMap<ErrorClass, Integer> attempts = new EnumMap<>(ErrorClass.class);
        boolean relogged = false;
        int retries = 0;
        long callStart = System.nanoTime();
        while (true) {
            if (retries > 0 && Thread.currentThread().isInterrupted()) {
                // Never re-send after an abort or Ctrl-C.
                throw new VspTransportException(req.method, req.path, true, "interrupted before retrying",
                        new InterruptedException());
            }
            String authHeader = auth == null ? null : auth.header();
            Response resp;
            IOException ioFailure = null;
            ErrorClass cls;
            String detail;
            Duration retryAfter = null;
            try {
                resp = paced(req, authHeader, priority(req, auth));
            } catch (InterruptedIOException e) {
                if (e.getCause() instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new VspTransportException(req.method, req.path, false,
                            "interrupted while waiting for the request budget", e);
                }
                resp = null;
                ioFailure = e;
            } catch (IOException e) {
                resp = null;
                ioFailure = e;
            }
            if (ioFailure != null) {
                IOException e = ioFailure;
                if (e instanceof SSLException) {
                    throw new VspTransportException(req.method, req.path, false, "TLS failure talking to "
                            + endpoint.baseUrl() + ": " + e.getMessage() + ". Check the array's certificate and the "
                            + "trusted PEM bundle; the host name must match the certificate", e);
                }
                boolean reached = mayHaveReachedServer(e);
                cls = ErrorClass.CONNECTION;
                detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                if (!policy.isRetryable(cls, req.idempotent, reached)) {
                    throw new VspTransportException(req.method, req.path, reached,
                            "connection to " + endpoint.baseUrl() + " failed (" + detail + ")"
                                    + (reached ? "; the request may have been executed" : ""), e);
                }
                Optional<Duration> delay = nextDelay(policy, cls, firstFailure, attempts, null);
                if (delay.isEmpty()) {
                    throw new VspTransportException(req.method, req.path, reached,
                            "connection to " + endpoint.baseUrl() + " failed (" + detail + "), gave up after "
                                    + retries + " retries within the budget of " + policy.budget(cls).getSeconds() + " s",
                            e);
                }
                if (tooLongInCall(policy, callStart, delay.get())) {
                    throw new VspTransportException(req.method, req.path, reached, "connection to "
                            + endpoint.baseUrl() + " failed (" + detail + ")", e).retryLater(cls, delay.get());
                }
                retries++;
                pause(req, auth, l, cls, detail, null, attempts.get(cls), delay.get());
                continue;
            }
            if (resp.status / 100 == 2) {
                return resp;
            }
            ApiError error = parseError(resp.body);
            cls = policy.classify(resp.status, error);
            if (cls == ErrorClass.SESSION_EXPIRED && auth != null && !relogged && auth.relogin()) {
                relogged = true;
                emit(l, new ClientEvent(ClientEvent.Kind.RELOGIN, "session expired (HTTP 401) on " + req.method + " "
                        + req.path + "; logging in again", cls, 0, Duration.ZERO));
                continue;
            }
            if (!policy.isRetryable(cls, req.idempotent, true)) {
                throw new VspApiException(resp.status, req.method, req.path, error, null,
                        "HTTP " + resp.status + fallbackText(resp.status)).retries(retries);
            }
            retryAfter = resp.retryAfter;
            detail = error != null && error.messageId() != null ? error.messageId()
                    + (error.ssb1() != null ? " SSB1=" + error.ssb1() + " SSB2=" + error.ssb2() : "")
                    : "HTTP " + resp.status;
            Optional<Duration> delay = nextDelay(policy, cls, firstFailure, attempts, retryAfter);
            String asked = retryAfterNote(retryAfter);
            if (delay.isEmpty()) {
                throw new VspApiException(resp.status, req.method, req.path, error, null,
                        "HTTP " + resp.status + fallbackText(resp.status)).retries(retries);
            }
            if (tooLongInCall(policy, callStart, delay.get())) {
                // Waits longer than the in-call limit (a long Retry-After among them) are the engine's: it ends
                // the step, holding no session or thread, and comes back after the delay.
                LOG.info(RetryPolicy.describe(cls, detail, attempts.get(cls), delay.get()) + " in a later step"
                        + (asked == null ? "" : " as asked (" + asked + ")") + " (" + req.method + " " + req.path + ")");
                throw new VspApiException(resp.status, req.method, req.path, error, null,
                        "HTTP " + resp.status + fallbackText(resp.status)).retries(retries).retryLater(cls, delay.get());
            }
            retries++;
            pause(req, auth, l, cls, detail, asked, attempts.get(cls), delay.get());
        }
    }

    /** "Retry-After 7 s", or with a longer ask "Retry-After 3600 s, waiting the bound of 300 s"; null without one. */
    private static String retryAfterNote(Duration retryAfter) {
        if (retryAfter == null) {
            return null;
        }
        Duration bounded = RetryPolicy.maxRetryAfter();
        return "Retry-After " + RetryPolicy.human(retryAfter) + (retryAfter.compareTo(bounded) > 0
                ? ", waiting the bound of " + RetryPolicy.human(bounded) : "");
    }

    /** Whether waiting {@code delay} more would keep this request retrying longer than the policy allows in one call. */
    private static boolean tooLongInCall(RetryPolicy policy, long callStart, Duration delay) {
        return Duration.ofNanos(System.nanoTime() - callStart).plus(delay).compareTo(policy.maxInCallWait()) > 0;
    }

    private static Optional<Duration> nextDelay(RetryPolicy policy, ErrorClass cls, EnumMap<ErrorClass, Long> first,
            EnumMap<ErrorClass, Integer> attempts, Duration retryAfter) {
        long now = System.nanoTime();
        long since = first.computeIfAbsent(cls, c -> now);
        int n = attempts.merge(cls, 1, Integer::sum);
        return policy.nextDelay(cls, n, Duration.ofNanos(now - since), retryAfter);
    }

    private void pause(Request req, Auth auth, ClientListener l, ErrorClass cls, String detail, String retryAfterNote,
            int attempt, Duration delay) {
        String msg = RetryPolicy.describe(cls, detail, attempt, delay)
                + (retryAfterNote == null ? "" : " as asked (" + retryAfterNote + ")") + " (" + req.method + " " + req.path + ")";
        LOG.info(msg);
        emit(l, new ClientEvent(ClientEvent.Kind.RETRY, msg, cls, attempt, delay));
        if (auth != null) {
            auth.beforeWait(delay);
        }
        try {
            TimeUnit.MILLISECONDS.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VspTransportException(req.method, req.path, true, "interrupted while waiting to retry", e);
        }
    }

    private static String fallbackText(int status) {
        return switch (status) {
            case 400 -> " Bad Request";
            case 401 -> " Unauthorized: wrong user or password, or the session expired";
            case 403 -> " Forbidden: the user lacks the role for this operation (Storage Administrator (Local Copy))";
            case 404 -> " Not Found";
            case 409 -> " Conflict";
            case 412 -> " Precondition Failed";
            case 500 -> " Internal Server Error";
            case 502 -> " Bad Gateway";
            case 503 -> " Service Unavailable (array busy, in maintenance, or at its 64-session limit)";
            default -> "";
        };
    }

    static boolean mayHaveReachedServer(IOException e) {
        return !(e instanceof ConnectException || e instanceof ConnectTimeoutException
                || e instanceof UnknownHostException || e instanceof NoRouteToHostException
                || (e instanceof InterruptedIOException && e.getCause() instanceof ConnectException));
    }

    static ApiError parseError(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                return null;
            }
            if (n.has("messageId") || n.has("errorSource")) {
                return JSON.treeToValue(n, ApiError.class);
            }
            if (n.has("error") && n.get("error").isObject()) {
                return JSON.treeToValue(n.get("error"), ApiError.class);
            }
            return null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Creates, actions, deletes and logins go first; reads as their unit of work says. */
    private static RequestBudget.Priority priority(Request req, Auth auth) {
        if (!"GET".equals(req.method)) {
            return RequestBudget.Priority.MUTATION;
        }
        return auth == null ? RequestBudget.Priority.CONFIRM : auth.readPriority();
    }

    /**
     * {@link #execute} within the server's {@link RequestBudget}: waits for its turn, then tells the budget
     * whether the server refused the request as busy. An interrupt while waiting sends nothing and surfaces as
     * an {@link InterruptedIOException} whose cause is the {@link InterruptedException}.
     */
    Response paced(Request req, String authHeader, RequestBudget.Priority priority) throws IOException {
        RequestBudget budget = requestBudget();
        long admitted;
        try {
            admitted = budget.admit(priority);
        } catch (InterruptedException e) {
            InterruptedIOException io = new InterruptedIOException("interrupted while waiting for the request budget");
            io.initCause(e);
            throw io;
        }
        Response r;
        try {
            r = execute(req, authHeader);
        } catch (IOException | RuntimeException e) {
            budget.answered(admitted, false, null);
            throw e;
        }
        budget.answered(admitted, isBusy(r), r.retryAfter);
        return r;
    }

    /** HTTP 503, or the catalogue's busy answer (KART00003-E) in any status. */
    private boolean isBusy(Response r) {
        return r.status == 503 || (r.status >= 400 && ErrorCatalogue.find(parseError(r.body)).map(KnownError::isBusy).orElse(false));
    }

    /** The single raw HTTP exchange. Never logs headers or bodies. */
    Response execute(Request req, String authHeader) throws IOException {
        ClassicRequestBuilder b = ClassicRequestBuilder.create(req.method).setUri(uri(req))
                .addHeader("Accept", "application/json");
        if (authHeader != null) {
            b.addHeader("Authorization", authHeader);
        }
        if (req.jobWait) {
            // Pair operations: the job may complete at acceptance instead of after the copy (spec §3.3, as Cinder
            // sends it); the engine follows the copy by reading the pair either way.
            b.addHeader("Job-Mode-Wait-Configuration-Change", "NoWait");
        }
        if (req.body != null) {
            b.setEntity(new StringEntity(req.body, ContentType.APPLICATION_JSON));
        }
        ClassicHttpRequest request = b.build();
        return http.execute(request, response -> {
            String body = response.getEntity() == null ? null
                    : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            return new Response(response.getCode(), body, retryAfter(response.getFirstHeader("Retry-After")));
        });
    }

    private URI uri(Request req) {
        return URI.create(endpoint.baseUrl().getScheme() + "://" + endpoint.baseUrl().getRawAuthority() + req.path
                + (req.query == null ? "" : "?" + req.query));
    }

    static Duration retryAfter(Header h) {
        return h == null ? null : RetryAfter.parse(h.getValue(), java.time.Instant.now());
    }

    static void emit(ClientListener l, ClientEvent e) {
        try {
            l.onEvent(e);
        } catch (RuntimeException ex) {
            LOG.log(Level.FINE, "listener failed", ex);
        }
    }

    static JsonNode tree(Response r, String method, String path) {
        try {
            JsonNode n = r.body == null || r.body.isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body);
            return n == null ? JSON.createObjectNode() : n;
        } catch (JsonProcessingException e) {
            throw new VspApiException(r.status, method, path, null, null,
                    "unreadable JSON answer (" + e.getOriginalMessage() + ")");
        }
    }

    static <T> T read(Response r, Class<T> type, String method, String path) {
        try {
            return JSON.treeToValue(tree(r, method, path), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new VspApiException(r.status, method, path, null, null,
                    "unexpected answer for " + type.getSimpleName() + ": " + e.getMessage());
        }
    }
}
