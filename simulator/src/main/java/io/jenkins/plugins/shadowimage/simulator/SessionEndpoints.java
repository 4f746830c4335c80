package io.jenkins.plugins.shadowimage.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/** {@code .../sessions} and {@code .../sessions/{id}} (spec §2). */
final class SessionEndpoints {
    private final SimulatorCore core;
    private final Authenticator auth;

    SessionEndpoints(SimulatorCore core, Authenticator auth) {
        this.core = core;
        this.auth = auth;
    }

    RestApi.Response handle(RestRequest req, List<String> tail) {
        if (tail.isEmpty()) {
            req.endpoint = "/sessions";
            req.requireMethod("GET", "POST");
            return req.method.equals("POST") ? create(req) : list(req);
        }
        if (tail.size() != 1) {
            throw Errors.notFound(req.path);
        }
        req.endpoint = "/sessions/{id}";
        req.requireMethod("GET", "DELETE", "PATCH");
        RestRequest.Caller c = auth.authenticate(req);
        int id;
        try {
            id = Integer.parseInt(tail.get(0));
        } catch (NumberFormatException e) {
            throw Errors.invalidValue("sessionId", "an integer is required");
        }
        Session target = core.sessions.byId(id);
        boolean own = target != null && c.session() == target;
        boolean visible = target != null && (own || c.administrator() || target.userId().equals(c.userId()));
        if (!visible) {
            throw Errors.notFound("sessions/" + id);
        }
        if (!req.method.equals("DELETE")) {
            // GET, and PATCH without a body (some clients' keep-alive, UNCONFIRMED): both refresh the caller.
            return new RestApi.Response(200, json(target));
        }
        return discard(req, c, target);
    }

    private RestApi.Response create(RestRequest req) {
        String h = req.header("Authorization");
        if (h == null || !Authenticator.hasScheme(h.trim(), "Basic")) {
            throw Errors.missingAuthorization();
        }
        SimulatorConfig.User u = auth.checkBasic(h);
        req.caller = new RestRequest.Caller(u.name(), u.administrator(), null);
        int aliveTime = 300;
        int authTimeout = 120;
        JsonNode body = req.json();
        if (body != null) {
            checkAttributes(body, "aliveTime", "authenticationTimeout");
            Integer a = CreatePairRequest.optionalInt(body, "aliveTime");
            if (a != null) {
                CreatePairRequest.checkRange("aliveTime", a, 1, 300);
                aliveTime = a;
            }
            Integer t = CreatePairRequest.optionalInt(body, "authenticationTimeout");
            if (t != null) {
                CreatePairRequest.checkRange("authenticationTimeout", t, 1, 900);
                authTimeout = t;
            }
        }
        String ip = req.exchange.getRemoteAddress().getAddress().getHostAddress();
        Session s = core.sessions.create(u.name(), u.administrator(), ip, aliveTime, authTimeout);
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("token", s.token());
        n.put("sessionId", s.sessionId());
        return new RestApi.Response(200, n);
    }

    private RestApi.Response list(RestRequest req) {
        RestRequest.Caller c = auth.authenticate(req);
        ArrayNode data = Json.MAPPER.createArrayNode();
        for (Session s : core.sessions.list()) {
            if (c.administrator() || s.userId().equals(c.userId())) {
                data.add(json(s));
            }
        }
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.set("data", data);
        return new RestApi.Response(200, n);
    }

    private RestApi.Response discard(RestRequest req, RestRequest.Caller c, Session target) {
        boolean force = false;
        JsonNode body = req.json();
        if (body != null) {
            checkAttributes(body, "force");
            force = Boolean.TRUE.equals(CreatePairRequest.optionalBoolean(body, "force"));
        }
        if (c.session() != target && !(force && c.administrator())) {
            throw Errors.forbidden("only the session's own token, or an administrator with force = true, can discard it");
        }
        core.sessions.discard(target);
        return new RestApi.Response(200, Json.MAPPER.createObjectNode());
    }

    static void checkAttributes(JsonNode body, String... allowed) {
        if (!body.isObject()) {
            throw Errors.badRequest("the request body must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!List.of(allowed).contains(f)) {
                throw Errors.unsupportedAttribute(f);
            }
        }
    }

    private ObjectNode json(Session s) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("sessionId", s.sessionId());
        n.put("userId", s.userId());
        n.put("ipAddress", s.ipAddress());
        n.put("createdTime", Times.iso(core.clock.realToInstant(s.createdReal())));
        n.put("lastAccessTime", Times.iso(core.clock.realToInstant(s.lastAccessReal())));
        return n;
    }
}
