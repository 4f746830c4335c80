package io.jenkins.plugins.shadowimage.bench.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The sample's use of Python {@code requests}, on the JDK's HTTP client: one mutable header map
 * shared by every request (the sample adds {@code Authorization} to it once it has a session),
 * Basic credentials only on the session request, and no certificate check ({@code verify=False}).
 * Every request sent is counted.
 */
public final class SampleHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    public SampleHttp() {
        this(newClient());
    }

    /** Shares {@code client}'s connections, as many copies of the sample on one host share its network stack. */
    public SampleHttp(HttpClient client) {
        this.client = client;
        // The sample's header dict, in its order.
        headers.put("content-type", "application/json");
        headers.put("accept", "application/json");
        headers.put("Response-Job-Status", "Completed");
    }

    /** What one request answered. */
    public record Response(int status, String body) {

        public JsonNode json() throws SampleFailure {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new SampleFailure("HTTP " + status + " with a body that is not JSON: " + body);
            }
        }
    }

    public void setAuthorization(String value) {
        headers.put("Authorization", value);
    }

    public int calls() {
        return calls.get();
    }

    public Response get(URI url) throws SampleFailure, InterruptedException {
        return send("GET", url, null, null);
    }

    public Response delete(URI url) throws SampleFailure, InterruptedException {
        return send("DELETE", url, null, null);
    }

    public Response send(String method, URI url, JsonNode body, String[] basicAuth)
            throws SampleFailure, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(35));
        headers.forEach(request::header);
        if (basicAuth != null) {
            String pair = basicAuth[0] + ":" + basicAuth[1];
            request.setHeader("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        request.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        calls.incrementAndGet();
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new SampleFailure("Connection Error! " + method + " " + url.getPath() + ": " + e);
        }
    }

    /** The JDK client as the sample's requests calls use it: HTTP/1.1, no certificate check. */
    public static HttpClient newClient() {
        return newClient(null);
    }

    /** The same, running its internal tasks on {@code executor} (null: the JDK's own cached pool). */
    public static HttpClient newClient(java.util.concurrent.Executor executor) {
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (executor != null) {
            builder.executor(executor);
        }
        return builder
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .sslContext(trustingEverything())
                .build();
    }

    static ObjectMapper json() {
        return JSON;
    }

    private static SSLContext trustingEverything() {
        X509ExtendedTrustManager acceptAll = new X509ExtendedTrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) { }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) { }
            @Override public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {acceptAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }
}
