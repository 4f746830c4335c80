package io.jenkins.plugins.shadowimage.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP admin API under {@code /simulator/}: outside {@code /ConfigurationManager}, so no client of the real
 * API can reach it by accident. Only loopback callers are served, unless an admin token is configured, in
 * which case every call must carry it in {@code X-Simulator-Admin-Token}.
 */
final class AdminApi implements HttpHandler {
    private final SimulatorCore core;
    private final SimulatorAdmin admin;

    AdminApi(SimulatorCore core, SimulatorAdmin admin) {
        this.core = core;
        this.admin = admin;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        try {
            if (!authorized(ex)) {
                throw ErrorAnswer.of(403, "SIM-403", "The admin API needs a loopback caller or the admin token.",
                        "Call from 127.0.0.1 or send X-Simulator-Admin-Token.");
            }
            JsonNode json = body.length == 0 ? null : Json.MAPPER.readTree(body);
            Map<String, String> query = new java.util.HashMap<>();
            String raw = ex.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String part : raw.split("&")) {
                    int eq = part.indexOf('=');
                    if (eq > 0) {
                        query.put(java.net.URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                                java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            RestApi.send(ex, 200, dispatch(ex.getRequestMethod().toUpperCase(Locale.ROOT),
                    ex.getRequestURI().getPath(), query, json), null);
        } catch (ErrorAnswer e) {
            RestApi.send(ex, e.httpStatus(), e.toJson(ex.getRequestURI().getPath()), null);
        } catch (IOException | RuntimeException e) {
            ErrorAnswer err = ErrorAnswer.of(400, "SIM-400", "Bad admin request: " + e.getMessage(), "See the simulator README.");
            RestApi.send(ex, 400, err.toJson(ex.getRequestURI().getPath()), null);
        } finally {
            ex.close();
        }
    }

    private boolean authorized(HttpExchange ex) {
        String token = core.config.adminToken();
        if (token != null) {
            String given = ex.getRequestHeaders().getFirst("X-Simulator-Admin-Token");
            return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8));
        }
        return ex.getRemoteAddress().getAddress().isLoopbackAddress();
    }

    private static String text(JsonNode json, String field, String def) {
        JsonNode n = json == null ? null : json.get(field);
        return n == null || n.isNull() ? def : n.asText();
    }

    private static int integer(JsonNode json, String field, int def) {
        JsonNode n = json == null ? null : json.get(field);
        return n == null || n.isNull() ? def : n.asInt();
    }

    private JsonNode dispatch(String method, String path, Map<String, String> query, JsonNode json) {
        String p = path.replaceAll("/+$", "");
        ObjectNode ok = Json.MAPPER.createObjectNode().put("result", "ok");
        switch (method + " " + p) {
            case "GET /simulator/sessions": {
                ObjectNode n = Json.MAPPER.createObjectNode();
                n.put("count", admin.openSessionCount());
                n.set("sessions", Json.MAPPER.valueToTree(admin.openSessions().stream()
                        .map(s -> Map.of("sessionId", s.sessionId(), "userId", s.userId(), "ipAddress", s.ipAddress(),
                                "createdTime", s.createdTime().toString(), "lastAccessTime", s.lastAccessTime().toString()))
                        .toList()));
                return n;
            }
            case "POST /simulator/sessions/expire":
                admin.expireAllTokens();
                return ok;
            case "GET /simulator/requests": {
                ObjectNode n = Json.MAPPER.createObjectNode();
                ArrayNode list = n.putArray("requests");
                for (RequestRecord r : admin.requests()) {
                    ObjectNode o = list.addObject();
                    o.put("sequence", r.sequence());
                    o.put("time", r.time().toString());
                    o.put("method", r.method());
                    o.put("path", r.path());
                    o.put("query", r.query());
                    o.put("endpoint", r.endpoint());
                    o.put("status", r.status());
                    o.put("userId", r.userId());
                }
                n.set("counters", Json.MAPPER.valueToTree(admin.requestCounters()));
                return n;
            }
            case "GET /simulator/requests/count":
                return Json.MAPPER.createObjectNode().put("count", admin.requestCount(query.get("method"),
                        query.getOrDefault("path", "")));
            case "DELETE /simulator/requests":
                admin.clearRequestLog();
                return ok;
            case "GET /simulator/pairs":
                return Json.MAPPER.createObjectNode().set("data", Json.MAPPER.valueToTree(admin.pairs()));
            case "GET /simulator/copygroups":
                return Json.MAPPER.createObjectNode().set("data", Json.MAPPER.valueToTree(admin.copyGroups()));
            case "GET /simulator/jobs":
                return Json.MAPPER.createObjectNode().set("data", Json.MAPPER.valueToTree(admin.jobs()));
            case "GET /simulator/faults":
                return Json.MAPPER.createObjectNode().set("data", Json.MAPPER.valueToTree(admin.pendingFaults()));
            case "POST /simulator/faults": {
                FaultKind kind = FaultKind.valueOf(text(json, "kind", "").toUpperCase(Locale.ROOT));
                admin.injectFault(new Fault(text(json, "method", null), text(json, "path", ""), kind,
                        integer(json, "count", 1), integer(json, "status", 0), integer(json, "retryAfter", 1),
                        text(json, "messageId", null), text(json, "ssb1", null), text(json, "ssb2", null)));
                return ok;
            }
            case "POST /simulator/pairs/suspend":
                admin.suspendPair(text(json, "pairId", ""));
                return ok;
            case "POST /simulator/pairs/reported-status":
                admin.overrideReportedStatus(text(json, "pairId", ""), text(json, "pvolStatus", null),
                        text(json, "svolStatus", null));
                return ok;
            case "DELETE /simulator/faults":
                admin.clearFaults();
                return ok;
            case "POST /simulator/jobs/fail":
                admin.failNextJobs(integer(json, "count", 1), text(json, "messageId", "KART30000-E"),
                        text(json, "ssb1", "2E31"), text(json, "ssb2", "9A01"));
                return ok;
            case "POST /simulator/jobs/lock":
                admin.lockNextJobs(integer(json, "count", 1));
                return ok;
            case "POST /simulator/jobs/unknown":
                admin.unknownNextJobs(integer(json, "count", 1), json == null || !json.has("applied")
                        || json.get("applied").asBoolean(true));
                return ok;
            case "POST /simulator/jobs/foreign-affected-resources":
                admin.foreignAffectedResources(integer(json, "count", 1), text(json, "resource", null));
                return ok;
            case "POST /simulator/jobs/slow": {
                Duration extra = Duration.ofMillis(integer(json, "extraMillis", 0));
                int count = integer(json, "count", -1);
                if (count < 0) {
                    admin.slowJobs(extra);
                } else {
                    admin.slowNextJobs(count, extra);
                }
                return ok;
            }
            case "GET /simulator/time-scale":
                return Json.MAPPER.createObjectNode().put("timeScale", admin.timeScale());
            case "POST /simulator/time-scale":
                admin.setTimeScale(json.get("timeScale").asDouble());
                return ok;
            case "POST /simulator/latency":
                admin.setRequestLatency(Duration.ofMillis(integer(json, "minMillis", 0)),
                        Duration.ofMillis(integer(json, "maxMillis", integer(json, "minMillis", 0))));
                return ok;
            case "GET /simulator/request-rate":
                return Json.MAPPER.createObjectNode().put("perSecond", admin.requestRateLimit());
            case "POST /simulator/request-rate":
                admin.setRequestRateLimit(integer(json, "perSecond", 0));
                return ok;
            case "POST /simulator/reset":
                admin.reset();
                return ok;
            case "GET /simulator/certificate":
                return new TextNode(core.certificatePem == null ? "" : core.certificatePem);
            case "GET /simulator/state": {
                ObjectNode n = Json.MAPPER.createObjectNode();
                n.put("storageDeviceId", core.config.storageDeviceId());
                n.put("openSessions", admin.openSessionCount());
                n.put("pairs", core.storage.pairCount());
                n.put("jobs", core.jobs.all().size());
                n.put("timeScale", admin.timeScale());
                return n;
            }
            default:
                throw ErrorAnswer.of(404, "SIM-404", "No admin operation " + method + " " + path, "See the simulator README.");
        }
    }
}
