package io.jenkins.plugins.shadowimage.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The Configuration Manager REST API under {@code /ConfigurationManager}: both URL forms (spec §1.1), sessions,
 * jobs, LDEVs, ShadowImage copy groups and pairs. One instance serves all threads; per-request state lives in
 * {@link Request}.
 */
final class RestApi implements HttpHandler {

    static final String ROOT = "/ConfigurationManager";

    /** Thrown to close the connection without any response. */
    static final class DropConnection extends IOException {
        DropConnection() {
            super("connection dropped by an injected fault", null);
        }
    }

    /** Who is calling: a session, or a transient Basic-authenticated one. */
    record Caller(String userId, boolean administrator, Session session) {
    }

    record Response(int status, JsonNode body) {
    }

    /** One request being served. */
    final class Request {
        final HttpExchange exchange;
        final String method;
        final String rawPath;
        final String rawQuery;
        final String path;
        final byte[] body;
        /** {@code /ConfigurationManager/v1/objects} or {@code .../objects/storages/{id}}: the form of this request. */
        String objectsPrefix = ROOT + "/v1/objects";
        String endpoint = "?";
        Caller caller;
        boolean transientSlot;

        Request(HttpExchange exchange, byte[] body) {
            this.exchange = exchange;
            this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            this.rawPath = exchange.getRequestURI().getRawPath();
            this.rawQuery = exchange.getRequestURI().getRawQuery();
            this.path = percentDecode(rawPath);
            this.body = body;
        }

        String header(String name) {
            return exchange.getRequestHeaders().getFirst(name);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

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
    }

    private final SimulatorCore core;

    RestApi(SimulatorCore core) {
        this.core = core;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Request req = new Request(exchange, body);
        int status = 0;
        try {
            Fault fault = core.faults.take(req.method, req.path);
            if (fault != null && fault.kind() != FaultKind.DROP_AFTER_PROCESSING) {
                req.endpoint = "FAULT " + fault.kind();
                if (fault.kind() == FaultKind.DROP_CONNECTION) {
                    throw new DropConnection();
                }
                throw faultError(fault);
            }
            Response resp;
            try {
                resp = route(req);
            } finally {
                if (req.transientSlot) {
                    core.sessions.releaseTransient();
                }
            }
            if (fault != null) {
                throw new DropConnection();
            }
            status = resp.status();
            send(exchange, status, resp.body(), null);
        } catch (ApiError e) {
            status = e.httpStatus();
            send(exchange, status, e.toJson(req.path), e.retryAfter());
        } catch (DropConnection e) {
            status = 0;
            throw e;
        } catch (RuntimeException e) {
            status = 500;
            ApiError err = Errors.internalError();
            send(exchange, 500, err.toJson(req.path), null);
        } finally {
            core.log.add(Instant.now(), req.method, req.path, req.rawQuery, req.method + " " + req.endpoint, status,
                    req.caller == null ? null : req.caller.userId());
            exchange.close();
        }
    }

    private static ApiError faultError(Fault f) {
        ApiError e;
        switch (f.kind()) {
            case HTTP_503:
                e = Errors.serviceUnavailable().withRetryAfter(Integer.toString(Math.max(0, f.retryAfterSeconds())));
                break;
            case HTTP_500:
                e = Errors.internalError();
                break;
            case LOCK:
                e = Errors.lock();
                break;
            case BUSY:
                e = Errors.busy().withRetryAfter(Integer.toString(Math.max(0, f.retryAfterSeconds())));
                break;
            default:
                throw new IllegalStateException(f.kind().name());
        }
        return f.httpStatus() > 0 ? e.withStatus(f.httpStatus()) : e;
    }

    static void send(HttpExchange ex, int status, JsonNode body, String retryAfter) throws IOException {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            ex.getResponseHeaders().set("Retry-After", retryAfter);
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Percent-decodes a path; unlike URLDecoder it keeps '+' (object ids may contain it). */
    static String percentDecode(String raw) {
        if (raw == null || raw.indexOf('%') < 0) {
            return raw;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && Character.digit(raw.charAt(i + 1), 16) >= 0
                    && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 3;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i++;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Splits the raw path into percent-decoded segments, dropping empty ones. */
    static List<String> segments(String rawPath) {
        List<String> segs = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                segs.add(percentDecode(s));
            }
        }
        return segs;
    }

    // ------------------------------------------------------------------ routing

    private Response route(Request req) {
        List<String> segs = segments(req.rawPath);
        // segs[0] = "ConfigurationManager"
        List<String> s = segs.subList(1, segs.size());
        if (s.size() == 2 && s.get(0).equals("configuration") && s.get(1).equals("version")) {
            req.endpoint = "/configuration/version";
            requireMethod(req, "GET");
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("productName", "Configuration Manager REST API");
            n.put("apiVersion", core.config.apiVersion());
            return new Response(200, n);
        }
        if (s.size() < 2 || !s.get(0).equals("v1") || !s.get(1).equals("objects")) {
            throw Errors.notFound(req.path);
        }
        List<String> rest = s.subList(2, s.size());
        if (!rest.isEmpty() && rest.get(0).equals("storages")) {
            if (rest.size() == 1) {
                req.endpoint = "/storages";
                requireMethod(req, "GET");
                ObjectNode n = Json.MAPPER.createObjectNode();
                n.putArray("data").add(storageJson());
                return new Response(200, n);
            }
            String id = rest.get(1);
            if (rest.size() == 2) {
                req.endpoint = id.equals("instance") ? "/storages/instance" : "/storages/{storageDeviceId}";
                requireMethod(req, "GET");
                if (!id.equals("instance") && !id.equals(core.config.storageDeviceId())) {
                    throw Errors.notFound("storages/" + id);
                }
                authenticate(req);
                return new Response(200, storageJson());
            }
            if (!id.equals(core.config.storageDeviceId())) {
                req.endpoint = "/storages/{unknown}/...";
                throw Errors.notFound("storages/" + id);
            }
            req.objectsPrefix = ROOT + "/v1/objects/storages/" + id;
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty()) {
            throw Errors.notFound(req.path);
        }
        String type = rest.get(0);
        List<String> tail = rest.subList(1, rest.size());
        switch (type) {
            case "sessions":
                return sessions(req, tail);
            case "jobs":
                return jobs(req, tail);
            case "ldevs":
                return ldevs(req, tail);
            case "local-clone-copygroups":
                return copyGroups(req, tail);
            case "local-clone-copypairs":
                return copyPairs(req, tail);
            default:
                req.endpoint = "/" + type + "/...";
                throw Errors.notFound(req.path);
        }
    }

    private static void requireMethod(Request req, String... allowed) {
        for (String m : allowed) {
            if (m.equals(req.method)) {
                return;
            }
        }
        throw Errors.methodNotAllowed(req.method);
    }

    private ObjectNode storageJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("storageDeviceId", core.config.storageDeviceId());
        n.put("model", core.config.model());
        n.put("serialNumber", core.config.serialNumber());
        n.put("ctl1Ip", "127.0.0.1");
        n.put("ctl2Ip", "127.0.0.1");
        n.put("dkcMicroVersion", "93-07-23-40/00");
        n.put("detailDkcMicroVersion", "93-07-23-40/00");
        n.putArray("communicationModes").addObject().put("communicationMode", "lanConnectionMode");
        n.put("isSecure", core.config.https());
        n.put("targetCtl", "CTL1");
        n.put("usesSvp", false);
        n.put("isCompressionAccelerationAvailable", false);
        return n;
    }

    // ------------------------------------------------------------------ authentication

    private SimulatorConfig.User checkBasic(String header) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Errors.badCredentials();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw Errors.badCredentials();
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        for (SimulatorConfig.User u : core.config.users()) {
            if (u.name().equals(user) && java.security.MessageDigest.isEqual(
                    u.password().getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))) {
                return u;
            }
        }
        throw Errors.badCredentials();
    }

    private static boolean hasScheme(String header, String scheme) {
        return header.length() > scheme.length() && header.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1);
    }

    private Caller authenticate(Request req) {
        String h = req.header("Authorization");
        if (h == null) {
            throw Errors.missingAuthorization();
        }
        h = h.trim();
        if (hasScheme(h, "Session")) {
            Session s = core.sessions.authenticate(h.substring(8).trim());
            req.caller = new Caller(s.userId(), s.administrator(), s);
            return req.caller;
        }
        if (hasScheme(h, "Basic")) {
            if (!core.config.basicAuthOnEveryEndpoint()) {
                throw Errors.missingAuthorization();
            }
            SimulatorConfig.User u = checkBasic(h);
            if (core.config.basicAuthCountsAgainstSessionLimit()) {
                core.sessions.acquireTransient();
                req.transientSlot = true;
            }
            req.caller = new Caller(u.name(), u.administrator(), null);
            return req.caller;
        }
        throw Errors.missingAuthorization();
    }

    // ------------------------------------------------------------------ sessions

    private Response sessions(Request req, List<String> tail) {
        if (tail.isEmpty()) {
            req.endpoint = "/sessions";
            requireMethod(req, "GET", "POST");
            if (req.method.equals("POST")) {
                return createSession(req);
            }
            Caller c = authenticate(req);
            ArrayNode data = Json.MAPPER.createArrayNode();
            for (Session s : core.sessions.list()) {
                if (c.administrator() || s.userId().equals(c.userId())) {
                    data.add(sessionJson(s));
                }
            }
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.set("data", data);
            return new Response(200, n);
        }
        if (tail.size() != 1) {
            throw Errors.notFound(req.path);
        }
        req.endpoint = "/sessions/{id}";
        requireMethod(req, "GET", "DELETE", "PATCH");
        Caller c = authenticate(req);
        int id;
        try {
            id = Integer.parseInt(tail.get(0));
        } catch (NumberFormatException e) {
            throw Errors.invalidValue("sessionId", "an integer is required");
        }
        Session target = core.sessions.byId(id);
        boolean own = target != null && (c.session() == target);
        boolean visible = target != null && (own || c.administrator() || target.userId().equals(c.userId()));
        if (!visible) {
            throw Errors.notFound("sessions/" + id);
        }
        if (req.method.equals("GET") || req.method.equals("PATCH")) {
            // PATCH with no body is how some clients keep a session alive (UNCONFIRMED); both just refresh it.
            return new Response(200, sessionJson(target));
        }
        boolean force = false;
        JsonNode body = req.json();
        if (body != null) {
            if (!body.isObject()) {
                throw Errors.badRequest("the request body must be a JSON object");
            }
            for (java.util.Iterator<String> it = body.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!f.equals("force")) {
                    throw Errors.unsupportedAttribute(f);
                }
            }
            force = Boolean.TRUE.equals(CreatePairRequest.optionalBoolean(body, "force"));
        }
        if (!own && !(force && c.administrator())) {
            throw Errors.forbidden("only the session's own token, or an administrator with force = true, can discard it");
        }
        core.sessions.discard(target);
        return new Response(200, Json.MAPPER.createObjectNode());
    }

    private Response createSession(Request req) {
        String h = req.header("Authorization");
        if (h == null || !hasScheme(h.trim(), "Basic")) {
            throw Errors.missingAuthorization();
        }
        SimulatorConfig.User u = checkBasic(h.trim());
        req.caller = new Caller(u.name(), u.administrator(), null);
        int aliveTime = 300;
        int authTimeout = 120;
        JsonNode body = req.json();
        if (body != null) {
            if (!body.isObject()) {
                throw Errors.badRequest("the request body must be a JSON object");
            }
            for (java.util.Iterator<String> it = body.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!f.equals("aliveTime") && !f.equals("authenticationTimeout")) {
                    throw Errors.unsupportedAttribute(f);
                }
            }
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
        return new Response(200, n);
    }

    private ObjectNode sessionJson(Session s) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("sessionId", s.sessionId());
        n.put("userId", s.userId());
        n.put("ipAddress", s.ipAddress());
        n.put("createdTime", Times.iso(core.clock.realToInstant(s.createdReal())));
        n.put("lastAccessTime", Times.iso(core.clock.realToInstant(s.lastAccessReal())));
        return n;
    }

    // ------------------------------------------------------------------ jobs

    private Response jobs(Request req, List<String> tail) {
        if (tail.isEmpty()) {
            req.endpoint = "/jobs";
            requireMethod(req, "GET");
            authenticate(req);
            long now = core.clock.simNanos();
            ArrayNode data = Json.MAPPER.createArrayNode();
            for (Job j : core.jobs.all()) {
                data.add(j.toJson(now, core.clock));
            }
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.set("data", data);
            return new Response(200, n);
        }
        if (tail.size() != 1) {
            throw Errors.notFound(req.path);
        }
        req.endpoint = "/jobs/{id}";
        requireMethod(req, "GET");
        authenticate(req);
        long id;
        try {
            id = Long.parseLong(tail.get(0));
        } catch (NumberFormatException e) {
            throw Errors.invalidValue("jobId", "an integer is required");
        }
        Job j = core.jobs.get(id);
        if (j == null) {
            throw Errors.notFound("jobs/" + id);
        }
        return new Response(200, j.toJson(core.clock.simNanos(), core.clock));
    }

    // ------------------------------------------------------------------ LDEVs

    private Response ldevs(Request req, List<String> tail) {
        if (tail.isEmpty()) {
            req.endpoint = "/ldevs";
            requireMethod(req, "GET");
            authenticate(req);
            Map<String, String> q = req.query();
            int head = intParam(q, "headLdevId", 0, 0, SimulatorConfig.MAX_LDEV_ID);
            int count = intParam(q, "count", 100, 1, 16384);
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.set("data", core.storage.ldevList(head, count, q.get("ldevOption")));
            return new Response(200, n);
        }
        if (tail.size() != 1) {
            throw Errors.notFound(req.path);
        }
        req.endpoint = "/ldevs/{id}";
        requireMethod(req, "GET");
        authenticate(req);
        int id;
        try {
            id = Integer.parseInt(tail.get(0));
        } catch (NumberFormatException e) {
            throw Errors.invalidValue("ldevId", "an integer is required");
        }
        return new Response(200, core.storage.ldevJson(id));
    }

    private static int intParam(Map<String, String> q, String name, int def, int min, int max) {
        String v = q.get(name);
        if (v == null || v.isEmpty()) {
            return def;
        }
        int i;
        try {
            i = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw Errors.invalidValue(name, "an integer is required");
        }
        CreatePairRequest.checkRange(name, i, min, max);
        return i;
    }

    // ------------------------------------------------------------------ copy groups and pairs

    private Response copyGroups(Request req, List<String> tail) {
        if (tail.isEmpty()) {
            req.endpoint = "/local-clone-copygroups";
            requireMethod(req, "GET");
            authenticate(req);
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.set("data", core.storage.groupList());
            return new Response(200, n);
        }
        String id = tail.get(0);
        if (tail.size() == 1) {
            req.endpoint = "/local-clone-copygroups/{id}";
            requireMethod(req, "GET", "DELETE");
            authenticate(req);
            if (req.method.equals("GET")) {
                return new Response(200, core.storage.groupJson(id));
            }
            JsonNode body = req.json();
            if (body != null) {
                checkOnlyAttributes(body, "forceDelete");
            }
            return submit(req, () -> core.storage.deleteGroup(id), true);
        }
        return action(req, tail, true);
    }

    private Response copyPairs(Request req, List<String> tail) {
        if (tail.isEmpty()) {
            req.endpoint = "/local-clone-copypairs";
            requireMethod(req, "GET", "POST");
            authenticate(req);
            if (req.method.equals("GET")) {
                Map<String, String> q = req.query();
                String group = q.get("localCloneCopyGroupId");
                if (group == null || group.isEmpty()) {
                    throw ApiError.of(400, "KART40046-E",
                            "A required query parameter is not specified. (parameter = localCloneCopyGroupId)",
                            "Specify the query parameter, and then retry the operation.");
                }
                String refresh = q.get("refresh");
                if (refresh != null && !refresh.equalsIgnoreCase("true") && !refresh.equalsIgnoreCase("false")) {
                    throw Errors.invalidValue("refresh", "true or false is required");
                }
                ObjectNode n = Json.MAPPER.createObjectNode();
                n.set("data", core.storage.pairList(group));
                return new Response(200, n);
            }
            CreatePairRequest create = CreatePairRequest.parse(req.json(), core.config.nameCharacters());
            return submit(req, () -> core.storage.create(create), true);
        }
        String id = tail.get(0);
        if (tail.size() == 1) {
            req.endpoint = "/local-clone-copypairs/{id}";
            requireMethod(req, "GET", "DELETE");
            authenticate(req);
            if (req.method.equals("GET")) {
                return new Response(200, core.storage.pairJson(id));
            }
            JsonNode body = req.json();
            if (body != null && body.size() > 0) {
                checkOnlyAttributes(body);
            }
            return submit(req, () -> core.storage.deletePair(id), true);
        }
        return action(req, tail, false);
    }

    private static void checkOnlyAttributes(JsonNode body, String... allowed) {
        if (!body.isObject()) {
            throw Errors.badRequest("the request body must be a JSON object");
        }
        for (java.util.Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!List.of(allowed).contains(f)) {
                throw Errors.unsupportedAttribute(f);
            }
        }
    }

    /** {@code {id}/actions/{name}} (template) and {@code {id}/actions/{name}/invoke}. */
    private Response action(Request req, List<String> tail, boolean group) {
        String kind = group ? "/local-clone-copygroups" : "/local-clone-copypairs";
        String id = tail.get(0);
        if (tail.size() < 3 || tail.size() > 4 || !tail.get(1).equals("actions")
                || (tail.size() == 4 && !tail.get(3).equals("invoke"))) {
            req.endpoint = kind + "/{id}/...";
            throw Errors.notFound(req.path);
        }
        String action = tail.get(2);
        authenticate(req);
        boolean exists = group ? core.storage.groupExists(id) : core.storage.pairExists(id);
        if (tail.size() == 3) {
            req.endpoint = kind + "/{id}/actions/" + action;
            requireMethod(req, "GET");
            if (!exists || ActionRequest.parametersOf(action, group) == null) {
                throw Errors.templateUnavailable((group ? "copy group " : "copy pair ") + id + ", action " + action);
            }
            ObjectNode n = Json.MAPPER.createObjectNode();
            ObjectNode p = n.putObject("parameters");
            p.putNull("copyPace");
            p.putNull("quickMode");
            if (action.equals("split")) {
                p.putNull("forceSuspend");
                if (group) {
                    p.putNull("forceSplit");
                }
            }
            return new Response(200, n);
        }
        req.endpoint = kind + "/{id}/actions/" + action + "/invoke";
        if (core.config.putOnInvoke()) {
            requireMethod(req, "POST", "PUT");
        } else {
            requireMethod(req, "POST");
        }
        if (ActionRequest.parametersOf(action, group) == null) {
            throw Errors.notFound(req.path);
        }
        if (!exists) {
            throw Errors.notFound(kind.substring(1) + "/" + id);
        }
        ActionRequest a = ActionRequest.parse(action, req.json(), group);
        return submit(req, () -> group ? core.storage.groupAction(id, a) : core.storage.pairAction(id, a), true);
    }

    // ------------------------------------------------------------------ jobs for asynchronous requests

    private Response submit(Request req, Supplier<StorageState.Outcome> operation, boolean shadowImage) {
        SimClock clock = core.clock;
        FaultInjector.JobFailure injected = core.faults.takeJobFailure();
        StorageState.Outcome outcome = null;
        ApiError error = null;
        if (injected != null) {
            error = new ApiError(412, injected.messageId(),
                    "An error occurred in the storage system. (failure injected by the simulator)", null,
                    "Retry the operation, or check the state of the storage system.",
                    injected.messageId().startsWith("KART4005") ? "RETRY" : "SEE_ERROR_DETAIL", injected.ssb1(),
                    injected.ssb2());
        } else {
            try {
                outcome = operation.get();
            } catch (ApiError e) {
                int st = e.httpStatus();
                if (st == 400 || st == 401 || st == 403 || st == 404 || st == 405) {
                    throw e;
                }
                if (core.config.rejectionMode() == SimulatorConfig.RejectionMode.HTTP_412) {
                    throw e;
                }
                error = e;
            }
        }
        long now = clock.simNanos();
        Duration duration = randomJobDuration().plus(core.faults.takeJobDelay());
        long completeAt = now + duration.toNanos();
        String noWait = req.header("Job-Mode-Wait-Configuration-Change");
        if (shadowImage && outcome != null
                && core.config.siJobCompletion() == SimulatorConfig.SiJobCompletion.ON_TARGET_STATUS
                && (noWait == null || !noWait.trim().equalsIgnoreCase("NoWait"))) {
            completeAt = Math.max(completeAt, outcome.settlesAt());
        }
        long startedAt = Math.min(completeAt, now + duration.toNanos() / 4);
        long id = core.jobs.nextId();
        List<String> affected = new ArrayList<>();
        if (outcome != null) {
            for (String a : outcome.affected()) {
                affected.add(req.objectsPrefix + "/" + a);
            }
        }
        Job job = new Job(id, req.objectsPrefix + "/jobs/" + id, req.caller.userId(), now, startedAt, completeAt,
                req.rawPath, req.method, req.bodyText(), affected, error);
        core.jobs.add(job);
        String wait = req.header("Response-Job-Status");
        if (wait != null && wait.trim().toLowerCase(Locale.ROOT).startsWith("completed")) {
            awaitCompletion(job, maxWait(req));
        }
        return new Response(202, job.toJson(clock.simNanos(), clock));
    }

    private Duration randomJobDuration() {
        long min = core.config.jobDurationMin().toNanos();
        long max = core.config.jobDurationMax().toNanos();
        return Duration.ofNanos(max <= min ? min : ThreadLocalRandom.current().nextLong(min, max + 1));
    }

    private Duration maxWait(Request req) {
        Duration cap = core.config.maxResponseWait();
        String h = req.header("Response-Max-Wait");
        if (h != null) {
            try {
                long seconds = Long.parseLong(h.trim().replace(";", ""));
                if (seconds >= 0 && Duration.ofSeconds(seconds).compareTo(cap) < 0) {
                    return Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException ignored) {
                // An unreadable value leaves the configured cap in force.
            }
        }
        return cap;
    }

    /** Holds the response until the job completes or {@code max} of real time passes. */
    private void awaitCompletion(Job job, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!job.isCompleted(core.clock.simNanos())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            long sleep = Math.min(Math.min(core.clock.realNanosUntil(job.completedAt()), left), 20_000_000L);
            try {
                Thread.sleep(Math.max(1, sleep / 1_000_000), 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
