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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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

    /**
     * An answer; {@code heldFor} non-null means: hold it until that job completes or {@code holdDeadline}
     * (System.nanoTime) passes, then answer {@code status} with the job as it is then.
     */
    record Response(int status, JsonNode body, String retryAfter, SimulatedJob heldFor, long holdDeadline) {
        Response(int status, JsonNode body) {
            this(status, body, null, null, 0);
        }

        Response(int status, JsonNode body, String retryAfter) {
            this(status, body, retryAfter, null, 0);
        }
    }

    private static final System.Logger LOG = System.getLogger(RestApi.class.getName());
    private static final Pattern LOGOUT_PATH = Pattern.compile(".*/sessions/[^/]+");

    private final SimulatorCore core;
    private final Authenticator auth;
    private final SessionEndpoints sessions;
    private final JobSubmitter jobs;
    private final HeldResponses holds;

    RestApi(SimulatorCore core, HeldResponses holds) {
        this.core = core;
        this.holds = holds;
        this.auth = new Authenticator(core);
        this.sessions = new SessionEndpoints(core, auth);
        this.jobs = new JobSubmitter(core);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        RestRequest req = new RestRequest(exchange, body);
        boolean held = false;
        try {
            boolean login = "POST".equals(req.method) && req.path.endsWith("/sessions");
            boolean logout = "DELETE".equals(req.method) && LOGOUT_PATH.matcher(req.path).matches();
            core.simulateLatency(login ? core.config.loginLatency().toNanos()
                    : logout ? core.config.logoutLatency().toNanos() : 0);
            long busyFor = core.requestRate.take();
            if (busyFor > 0) {
                req.endpoint = "(over the request rate)";
                ErrorAnswer e = Errors.busy().withRetryAfter(Long.toString(busyFor));
                answer(req, e.httpStatus(), e.toJson(req.path), e.retryAfter());
                return;
            }
            Fault fault = core.faults.take(req.method, req.path);
            if (fault != null && fault.kind() == FaultKind.DROP_CONNECTION) {
                req.endpoint = "(fault " + fault.kind() + ")";
                record(req, 0);
                throw new DropConnection();
            }
            Response resp = fault != null && fault.kind() != FaultKind.DROP_AFTER_PROCESSING
                    ? faultResponse(req, fault) : serve(req);
            if (fault != null && fault.kind() == FaultKind.DROP_AFTER_PROCESSING) {
                releaseSlot(req);
                record(req, 0);
                throw new DropConnection();
            }
            if (resp.heldFor() != null) {
                SimulatedJob job = resp.heldFor();
                int status = resp.status();
                holds.hold(job, resp.holdDeadline(), () -> answer(req, status, job.toJson(core.clock.simNanos(), core.clock), null));
                held = true;
                return;
            }
            if (login && resp.status() / 100 == 2) {
                core.pause(core.config.loginAnswerDelay()); // the session is open already: the answer is what is slow
            }
            answer(req, resp.status(), resp.body(), resp.retryAfter());
        } finally {
            if (!held) {
                releaseSlot(req);
                exchange.close();
            }
        }
    }

    /** Records, writes and closes; the request's transient session slot (if any) is freed first. */
    private void answer(RestRequest req, int status, JsonNode body, String retryAfter) {
        releaseSlot(req);
        // Logged before the response leaves, so a client that has its answer also sees it counted.
        record(req, status);
        try {
            send(req.exchange, status, body, core.config.retryAfterAsHttpDate() ? Times.retryAfterDate(retryAfter) : retryAfter);
        } catch (IOException e) {
            // The client went away; nothing to tell it.
        } finally {
            req.exchange.close();
        }
    }

    private void releaseSlot(RestRequest req) {
        if (req.transientSlot) {
            req.transientSlot = false;
            core.sessions.releaseTransient();
        }
    }

    private void record(RestRequest req, int status) {
        core.log.add(Instant.now(), req.method, req.path, req.rawQuery, req.method + " " + req.endpoint, status,
                req.caller == null ? null : req.caller.userId());
    }

    /** Anything outside /ConfigurationManager and /simulator: a 404 with an error body, as the API would answer. */
    static void notFound(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        try {
            String path = percentDecode(exchange.getRequestURI().getRawPath());
            send(exchange, 404, Errors.notFound(path).toJson(path), null);
        } finally {
            exchange.close();
        }
    }

    /** Routes the request; every failure becomes an error response (spec §3.5). */
    private Response serve(RestRequest req) {
        try {
            return route(req);
        } catch (ErrorAnswer e) {
            return new Response(e.httpStatus(), e.toJson(req.path), e.retryAfter());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "internal error serving " + req.method + " " + req.path, e);
            return new Response(500, Errors.internalError().toJson(req.path), null);
        }
    }

    private static Response faultResponse(RestRequest req, Fault fault) {
        req.endpoint = "(fault " + fault.kind() + ")";
        if (fault.kind() == FaultKind.HTTP_503_PLAIN) {
            return new Response(fault.httpStatus() > 0 ? fault.httpStatus() : 503, null,
                    Integer.toString(Math.max(0, fault.retryAfterSeconds())));
        }
        ErrorAnswer e = faultError(fault);
        return new Response(e.httpStatus(), e.toJson(req.path), e.retryAfter());
    }

    private static ErrorAnswer faultError(Fault f) {
        ErrorAnswer e;
        switch (f.kind()) {
            case HTTP_503:
                e = Errors.serviceUnavailable().withRetryAfter(Integer.toString(Math.max(0, f.retryAfterSeconds())));
                break;
            case HTTP_500:
                e = Errors.internalError();
                break;
            case HTTP_401:
                e = Errors.invalidToken();
                break;
            case LOCK:
                e = Errors.lock();
                break;
            case BUSY:
                e = Errors.busy().withRetryAfter(Integer.toString(Math.max(0, f.retryAfterSeconds())));
                break;
            case KART_ERROR:
                e = Errors.storageError(f.messageId(), f.ssb1(), f.ssb2());
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
        if (bytes.length > 0) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
        }
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

    private Response route(RestRequest req) {
        List<String> segs = segments(req.rawPath);
        // segs[0] = "ConfigurationManager"
        List<String> s = segs.subList(1, segs.size());
        if (s.size() == 2 && s.get(0).equals("configuration") && s.get(1).equals("version")) {
            req.endpoint = "/configuration/version";
            req.requireMethod("GET");
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
                req.requireMethod("GET");
                ObjectNode n = Json.MAPPER.createObjectNode();
                n.putArray("data").add(storageJson());
                return new Response(200, n);
            }
            String id = rest.get(1);
            if (rest.size() == 2) {
                req.endpoint = id.equals("instance") ? "/storages/instance" : "/storages/{storageDeviceId}";
                req.requireMethod("GET");
                if (!id.equals("instance") && !id.equals(core.config.storageDeviceId())) {
                    throw Errors.notFound("storages/" + id);
                }
                auth.authenticate(req);
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
                return sessions.handle(req, tail);
            case "jobs":
                return jobList(req, tail);
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

    // ------------------------------------------------------------------ jobs

    private Response jobList(RestRequest req, List<String> tail) {
        if (tail.isEmpty()) {
            req.endpoint = "/jobs";
            req.requireMethod("GET");
            auth.authenticate(req);
            long now = core.clock.simNanos();
            ArrayNode data = Json.MAPPER.createArrayNode();
            for (SimulatedJob j : core.jobs.all()) {
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
        req.requireMethod("GET");
        auth.authenticate(req);
        long id;
        try {
            id = Long.parseLong(tail.get(0));
        } catch (NumberFormatException e) {
            throw Errors.invalidValue("jobId", "an integer is required");
        }
        SimulatedJob j = core.jobs.get(id);
        if (j == null) {
            throw Errors.notFound("jobs/" + id);
        }
        if (jobs.holdAsked(req) && !j.isCompleted(core.clock.simNanos())) {
            // The read waits for the job as the asynchronous request itself would.
            return new Response(200, null, null, j, System.nanoTime() + jobs.maxWait(req).toNanos());
        }
        return new Response(200, j.toJson(core.clock.simNanos(), core.clock));
    }

    // ------------------------------------------------------------------ LDEVs

    private Response ldevs(RestRequest req, List<String> tail) {
        if (tail.isEmpty()) {
            req.endpoint = "/ldevs";
            req.requireMethod("GET");
            auth.authenticate(req);
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
        req.requireMethod("GET");
        auth.authenticate(req);
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

    private Response copyGroups(RestRequest req, List<String> tail) {
        if (tail.isEmpty()) {
            req.endpoint = "/local-clone-copygroups";
            req.requireMethod("GET");
            auth.authenticate(req);
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.set("data", core.storage.groupList());
            return new Response(200, n);
        }
        String id = tail.get(0);
        if (tail.size() == 1) {
            req.endpoint = "/local-clone-copygroups/{id}";
            req.requireMethod("GET", "DELETE");
            auth.authenticate(req);
            if (req.method.equals("GET")) {
                return new Response(200, core.storage.groupJson(id));
            }
            JsonNode body = req.json();
            if (body != null) {
                checkOnlyAttributes(body, "forceDelete");
            }
            return jobs.submit(req, () -> core.storage.deleteGroup(id), true);
        }
        return action(req, tail, true);
    }

    private Response copyPairs(RestRequest req, List<String> tail) {
        if (tail.isEmpty()) {
            req.endpoint = "/local-clone-copypairs";
            req.requireMethod("GET", "POST");
            auth.authenticate(req);
            if (req.method.equals("GET")) {
                Map<String, String> q = req.query();
                String group = q.get("localCloneCopyGroupId");
                if (group == null || group.isEmpty()) {
                    throw ErrorAnswer.of(400, "KART40046-E",
                            "A required query parameter is not specified. (parameter = localCloneCopyGroupId)",
                            "Specify the query parameter, and then retry the operation.");
                }
                String refresh = q.get("refresh");
                if (refresh != null && !refresh.equalsIgnoreCase("true") && !refresh.equalsIgnoreCase("false")) {
                    throw Errors.invalidValue("refresh", "true or false is required");
                }
                ObjectNode n = Json.MAPPER.createObjectNode();
                n.set("data", core.storage.pairList(group, "true".equalsIgnoreCase(refresh)));
                return new Response(200, n);
            }
            CreatePairRequest create = CreatePairRequest.parse(req.json(), core.config.nameCharacters());
            return jobs.submit(req, () -> core.storage.create(create), true);
        }
        String id = tail.get(0);
        if (tail.size() == 1) {
            req.endpoint = "/local-clone-copypairs/{id}";
            req.requireMethod("GET", "DELETE");
            auth.authenticate(req);
            if (req.method.equals("GET")) {
                return new Response(200, core.storage.pairJson(id));
            }
            JsonNode body = req.json();
            if (body != null && body.size() > 0) {
                checkOnlyAttributes(body);
            }
            return jobs.submit(req, () -> core.storage.deletePair(id), true);
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
    private Response action(RestRequest req, List<String> tail, boolean group) {
        String kind = group ? "/local-clone-copygroups" : "/local-clone-copypairs";
        String id = tail.get(0);
        if (tail.size() < 3 || tail.size() > 4 || !tail.get(1).equals("actions")
                || (tail.size() == 4 && !tail.get(3).equals("invoke"))) {
            req.endpoint = kind + "/{id}/...";
            throw Errors.notFound(req.path);
        }
        String action = tail.get(2);
        auth.authenticate(req);
        boolean exists = group ? core.storage.groupExists(id) : core.storage.pairExists(id);
        if (tail.size() == 3) {
            req.endpoint = kind + "/{id}/actions/" + action;
            req.requireMethod("GET");
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
            req.requireMethod("POST", "PUT");
        } else {
            req.requireMethod("POST");
        }
        if (ActionRequest.parametersOf(action, group) == null) {
            throw Errors.notFound(req.path);
        }
        if (!exists) {
            throw Errors.notFound(kind.substring(1) + "/" + id);
        }
        ActionRequest a = ActionRequest.parse(action, req.json(), group);
        return jobs.submit(req, () -> group ? core.storage.groupAction(id, a) : core.storage.pairAction(id, a), true);
    }

}
