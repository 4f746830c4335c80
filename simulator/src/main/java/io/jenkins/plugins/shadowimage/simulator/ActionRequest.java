package io.jenkins.plugins.shadowimage.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code .../actions/{split|resync|restore}/invoke}: {@code {"parameters": {...}}}. No body and
 * {@code {"parameters": {}}} are accepted, {@code {}} is KART40046-E, unknown attributes KART40038-E (spec §4.5).
 */
record ActionRequest(String action, Integer copyPace, boolean quickMode, boolean forceSuspend, boolean forceSplit) {

    static Set<String> parametersOf(String action, boolean group) {
        switch (action) {
            case "split":
                return group ? Set.of("copyPace", "quickMode", "forceSuspend", "forceSplit")
                        : Set.of("copyPace", "quickMode", "forceSuspend", "forceSplit");
            case "resync":
            case "restore":
                return Set.of("copyPace", "quickMode");
            default:
                return null;
        }
    }

    static ActionRequest parse(String action, JsonNode body, boolean group) {
        Set<String> allowed = parametersOf(action, group);
        if (body == null || body.isMissingNode() || body.isNull()) {
            return new ActionRequest(action, null, false, false, false);
        }
        if (!body.isObject()) {
            throw Errors.badRequest("the request body must be a JSON object");
        }
        if (body.size() == 0) {
            throw Errors.emptyBody();
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!"parameters".equals(f)) {
                throw Errors.unsupportedAttribute(f);
            }
        }
        JsonNode params = body.get("parameters");
        if (params.isNull()) {
            return new ActionRequest(action, null, false, false, false);
        }
        if (!params.isObject()) {
            throw Errors.invalidValue("parameters", "an object is required");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext();) {
            String f = it.next().getKey();
            if (!allowed.contains(f)) {
                throw Errors.unsupportedAttribute(f);
            }
        }
        Integer pace = CreatePairRequest.optionalInt(params, "copyPace");
        if (pace != null) {
            CreatePairRequest.checkRange("copyPace", pace, 1, 15);
        }
        boolean quick = Boolean.TRUE.equals(CreatePairRequest.optionalBoolean(params, "quickMode"));
        boolean force = Boolean.TRUE.equals(CreatePairRequest.optionalBoolean(params, "forceSuspend"));
        boolean forceSplit = Boolean.TRUE.equals(CreatePairRequest.optionalBoolean(params, "forceSplit"));
        return new ActionRequest(action, pace, quick, force, forceSplit);
    }
}
