package io.jenkins.plugins.shadowimage.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One REST request being served, and what routing and authentication learnt about it. */
final class RestRequest {

    /** Who is calling: a session's user, or a Basic-authenticated user without a session. */
    record Caller(String userId, boolean administrator, Session session) {
    }

    final HttpExchange exchange;
    final String method;
    final String rawPath;
    final String rawQuery;
    /** The percent-decoded path, for fault matching, the request log and error sources. */
    final String path;
    final byte[] body;
    /** {@code /ConfigurationManager/v1/objects} or {@code .../objects/storages/{id}}: the form of this request. */
    String objectsPrefix = RestApi.ROOT + "/v1/objects";
    /** Route template for the per-endpoint counters, e.g. {@code /local-clone-copypairs/{id}}. */
    String endpoint = "?";
    Caller caller;
    /** Whether this request holds a transient session slot (Basic auth) to release when done. */
    boolean transientSlot;

    RestRequest(HttpExchange exchange, byte[] body) {
        this.exchange = exchange;
        this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        this.rawPath = exchange.getRequestURI().getRawPath();
        this.rawQuery = exchange.getRequestURI().getRawQuery();
        this.path = RestApi.percentDecode(rawPath);
        this.body = body;
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON, or null when there is none. */
    JsonNode json() {
        if (body.length == 0 || bodyText().isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw Errors.badRequest("the request body is not valid JSON");
        }
    }

    Map<String, String> query() {
        Map<String, String> q = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return q;
        }
        for (String part : rawQuery.split("&")) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return q;
    }

    void requireMethod(String... allowed) {
        for (String m : allowed) {
            if (m.equals(method)) {
                return;
            }
        }
        throw Errors.methodNotAllowed(method);
    }
}
