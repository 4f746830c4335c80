package io.jenkins.plugins.shadowimage.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A tiny test client over real HTTP(S): trusts exactly the simulator's certificate and verifies host names. */
final class Rest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    record Resp(int status, JsonNode json, String text, java.net.http.HttpHeaders headers) {
        String str(String field) {
            return json.get(field).asText();
        }
    }

    private final HttpClient client;
    private final URI base;
    final String objects;
    private final Map<String, String> headers = new LinkedHashMap<>();

    Rest(VspSimulator sim) {
        this(sim, false);
    }

    Rest(VspSimulator sim, boolean scoped) {
        this(sim.baseUrl(), sim.certificatePem(), scoped ? sim.storageDeviceId() : null);
    }

    Rest(URI base, String pem, String storageDeviceId) {
        this(base, client(pem), storageDeviceId);
    }

    /** Shares one HTTP client (and its connection pool) between many logical clients. */
    Rest(URI base, HttpClient client, String storageDeviceId) {
        this.base = base;
        this.client = client;
        this.objects = "/ConfigurationManager/v1/objects" + (storageDeviceId == null ? "" : "/storages/" + storageDeviceId);
    }

    static HttpClient client(String pem) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                .version(HttpClient.Version.HTTP_1_1);
        if (pem != null) {
            b.sslContext(trusting(pem));
        }
        return b.build();
    }

    static SSLContext trusting(String pem) {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("sim", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String header(String name) {
        return headers.get(name);
    }

    Rest header(String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return this;
    }

    Rest basic(String user, String password) {
        return header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** Logs in as user1 and uses the session token from now on; returns the session id. */
    int login() {
        return login("user1", "pass1");
    }

    int login(String user, String password) {
        basic(user, password);
        Resp r = post(objects + "/sessions", null);
        if (r.status() != 200) {
            throw new IllegalStateException("login failed: " + r.status() + " " + r.text());
        }
        header("Authorization", "Session " + r.str("token"));
        return r.json().get("sessionId").asInt();
    }

    Rest waitForJobs() {
        return header("Response-Job-Status", "Completed");
    }

    Resp get(String path) {
        return send("GET", path, null);
    }

    Resp post(String path, Object body) {
        return send("POST", path, body);
    }

    Resp put(String path, Object body) {
        return send("PUT", path, body);
    }

    Resp delete(String path, Object body) {
        return send("DELETE", path, body);
    }

    Resp send(String method, String path, Object body) {
        try {
            String text = body == null ? null : body instanceof String s ? s : MAPPER.writeValueAsString(body);
            HttpRequest.Builder rb = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
                    .method(method, text == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(text));
            rb.header("Content-Type", "application/json").header("Accept", "application/json");
            headers.forEach(rb::header);
            HttpResponse<String> r = client.send(rb.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body() == null || r.body().isEmpty() ? null : MAPPER.readTree(r.body());
            return new Resp(r.statusCode(), json, r.body(), r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ----------------------------------------------------------------- ShadowImage helpers

    static Map<String, Object> createBody(String group, String pair, int pvol, int svol, boolean newGroup) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("copyGroupName", group);
        m.put("copyPairName", pair);
        m.put("replicationType", "SI");
        m.put("pvolLdevId", pvol);
        m.put("svolLdevId", svol);
        m.put("isNewGroupCreation", newGroup);
        return m;
    }

    static String pairId(String group, String pair) {
        return group + "," + group + "P_," + group + "S_," + pair;
    }

    static String groupId(String group) {
        return group + "," + group + "P_," + group + "S_";
    }

    /** POSTs a create and returns the job as returned (with Response-Job-Status it is complete). */
    Resp createPair(String group, String pair, int pvol, int svol, boolean newGroup) {
        return post(objects + "/local-clone-copypairs", createBody(group, pair, pvol, svol, newGroup));
    }

    Resp pair(String group, String pair) {
        return get(objects + "/local-clone-copypairs/" + pairId(group, pair));
    }

    Resp pairAction(String group, String pair, String action, Map<String, Object> params) {
        return post(objects + "/local-clone-copypairs/" + pairId(group, pair) + "/actions/" + action + "/invoke",
                params == null ? null : Map.of("parameters", params));
    }

    Resp job(long id) {
        return get(objects + "/jobs/" + id);
    }
}
