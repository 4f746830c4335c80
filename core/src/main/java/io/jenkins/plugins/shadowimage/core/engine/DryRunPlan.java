package io.jenkins.plugins.shadowimage.core.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a real run of an operation would do, found by a dry run: the same reads and checks, no change. A check
 * that refuses the operation fails the dry run the way it would fail the real run; an operation with nothing to
 * do ends as it would (NO_CHANGE, ALREADY_SPLIT, NOT_FOUND...) with no plan.
 *
 * @param decision    what the real run would do next
 * @param method      the HTTP method of the request it would send, or {@code null} when it would send none
 * @param path        that request's path below the storage system ({@code /local-clone-copypairs/...}), or null
 * @param parameters  the parameters it would send (as the engine's parameter names), empty when none
 * @param waitsFor    what it would wait for afterwards, in words
 * @param refusedIf   what could still make the array refuse it, in words
 * @param pvolStatus  the P-VOL status the dry run read (null for a create of a new pair)
 * @param svolStatus  the S-VOL status the dry run read
 */
public record DryRunPlan(Decision decision, String method, String path, Map<String, Object> parameters, String waitsFor,
        List<String> refusedIf, String pvolStatus, String svolStatus) {

    /** What the real run would do. */
    public enum Decision {
        /** Send the request, then wait. */
        SEND,
        /** Send nothing now: wait until the pair leaves a transitional status, then decide again. */
        WAIT_THEN_DECIDE,
        /** Send nothing: the pair is on its way to the target already; wait for it. */
        WAIT
    }

    public DryRunPlan {
        parameters = parameters == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(parameters));
        refusedIf = refusedIf == null ? List.of() : List.copyOf(refusedIf);
    }

    /** The plan in one line, e.g. "would send POST /local-clone-copypairs/.../actions/split/invoke, then wait for ...". */
    public String describe() {
        return switch (decision) {
            case SEND -> "would send " + method + " " + path + (parameters.isEmpty() ? "" : " " + parameters)
                    + ", then wait for " + waitsFor;
            case WAIT_THEN_DECIDE -> "would send nothing yet: the pair is " + pvolStatus + "/" + svolStatus
                    + "; it would wait for it to settle, then check again";
            case WAIT -> "would send nothing: the pair is " + pvolStatus + "/" + svolStatus + ", on its way; it would wait for "
                    + waitsFor;
        };
    }

    /** The plan as a map for JSON output. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decision", decision.name());
        if (method != null) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("method", method);
            request.put("path", path);
            if (!parameters.isEmpty()) {
                request.put("parameters", parameters);
            }
            m.put("request", request);
        }
        m.put("waitsFor", waitsFor);
        m.put("refusedIf", refusedIf);
        if (pvolStatus != null) {
            m.put("pvolStatus", pvolStatus);
            m.put("svolStatus", svolStatus);
        }
        m.put("description", describe());
        return m;
    }
}
