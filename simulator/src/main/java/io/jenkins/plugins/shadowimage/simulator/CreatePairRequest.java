package io.jenkins.plugins.shadowimage.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST .../local-clone-copypairs}, checked for everything that does not depend on the
 * storage's state (spec §4.3 and §6): attribute names, required attributes, types, lengths, characters and
 * ranges. JSON {@code null} counts as absent (spec §4.3, UNCONFIRMED).
 */
record CreatePairRequest(String copyGroupName, String copyPairName, int pvolLdevId, int svolLdevId,
        boolean isNewGroupCreation, String pvolDeviceGroupName, String svolDeviceGroupName, Integer pvolMuNumber,
        Integer copyPace, boolean autoSplit, boolean quickMode, Integer consistencyGroupId,
        boolean isConsistencyGroup, Boolean isDataReductionForceCopy) {

    static final Set<String> ATTRIBUTES = Set.of("copyGroupName", "copyPairName", "replicationType", "pvolLdevId",
            "svolLdevId", "isNewGroupCreation", "pvolDeviceGroupName", "svolDeviceGroupName", "pvolMuNumber",
            "copyPace", "autoSplit", "quickMode", "isConsistencyGroup", "consistencyGroupId",
            "isDataReductionForceCopy", "copyMode");

    static CreatePairRequest parse(JsonNode body, String nameCharacters) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw Errors.missingAttribute("copyGroupName");
        }
        if (!body.isObject()) {
            throw Errors.badRequest("the request body must be a JSON object");
        }
        if (body.size() == 0) {
            throw Errors.emptyBody();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext();) {
            String field = it.next().getKey();
            if (!ATTRIBUTES.contains(field)) {
                throw Errors.unsupportedAttribute(field);
            }
        }
        Pattern names = Pattern.compile("[" + nameCharacters + "]+");
        String group = requiredString(body, "copyGroupName");
        checkName("copyGroupName", group, 29, names);
        String pair = requiredString(body, "copyPairName");
        checkName("copyPairName", pair, 31, names);
        String type = requiredString(body, "replicationType");
        if (!"SI".equals(type)) {
            throw Errors.invalidValue("replicationType", "only SI is supported by local-clone-copypairs here");
        }
        int pvol = requiredInt(body, "pvolLdevId");
        checkRange("pvolLdevId", pvol, 0, SimulatorConfig.MAX_LDEV_ID);
        int svol = requiredInt(body, "svolLdevId");
        checkRange("svolLdevId", svol, 0, SimulatorConfig.MAX_LDEV_ID);
        if (pvol == svol) {
            throw Errors.invalidValue("svolLdevId", "the S-VOL must differ from the P-VOL");
        }
        Boolean newGroup = optionalBoolean(body, "isNewGroupCreation");
        if (newGroup == null) {
            throw Errors.missingAttribute("isNewGroupCreation");
        }
        String pdg = optionalString(body, "pvolDeviceGroupName");
        if (pdg != null) {
            checkName("pvolDeviceGroupName", pdg, 31, names);
        }
        String sdg = optionalString(body, "svolDeviceGroupName");
        if (sdg != null) {
            checkName("svolDeviceGroupName", sdg, 31, names);
        }
        String effectiveP = pdg != null ? pdg : group + "P_";
        String effectiveS = sdg != null ? sdg : group + "S_";
        if (effectiveP.equals(effectiveS)) {
            throw Errors.invalidValue("svolDeviceGroupName", "the S-VOL device group must differ from the P-VOL device group");
        }
        Integer mu = optionalInt(body, "pvolMuNumber");
        if (mu != null) {
            checkRange("pvolMuNumber", mu, 0, 2);
        }
        Integer pace = optionalInt(body, "copyPace");
        if (pace != null) {
            checkRange("copyPace", pace, 1, 15);
        }
        Boolean autoSplit = optionalBoolean(body, "autoSplit");
        Boolean quick = optionalBoolean(body, "quickMode");
        if (Boolean.TRUE.equals(quick) && !Boolean.TRUE.equals(autoSplit)) {
            throw Errors.invalidValue("quickMode", "quickMode can be specified only together with autoSplit = true");
        }
        Integer ctg = optionalInt(body, "consistencyGroupId");
        if (ctg != null) {
            checkRange("consistencyGroupId", ctg, 0, 255);
        }
        Boolean isCtg = optionalBoolean(body, "isConsistencyGroup");
        Boolean forceCopy = optionalBoolean(body, "isDataReductionForceCopy");
        String copyMode = optionalString(body, "copyMode");
        if (copyMode != null) {
            throw Errors.invalidValue("copyMode", "Volume Migration pairs (copyMode) are not simulated");
        }
        return new CreatePairRequest(group, pair, pvol, svol, newGroup, effectiveP, effectiveS, mu, pace,
                Boolean.TRUE.equals(autoSplit), Boolean.TRUE.equals(quick), ctg,
                Boolean.TRUE.equals(isCtg) || ctg != null, forceCopy);
    }

    static void checkName(String attribute, String value, int maxLength, Pattern allowed) {
        if (value.isEmpty() || value.length() > maxLength) {
            throw Errors.invalidValue(attribute, "length must be 1-" + maxLength + " characters");
        }
        if (!allowed.matcher(value).matches()) {
            throw Errors.invalidValue(attribute, "contains a character that is not allowed");
        }
    }

    static void checkRange(String attribute, long value, long min, long max) {
        if (value < min || value > max) {
            throw Errors.invalidValue(attribute, "value must be " + min + "-" + max);
        }
    }

    static String requiredString(JsonNode body, String field) {
        String s = optionalString(body, field);
        if (s == null) {
            throw Errors.missingAttribute(field);
        }
        return s;
    }

    static String optionalString(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw Errors.invalidValue(field, "a string is required");
        }
        return n.asText();
    }

    static int requiredInt(JsonNode body, String field) {
        Integer i = optionalInt(body, field);
        if (i == null) {
            throw Errors.missingAttribute(field);
        }
        return i;
    }

    static Integer optionalInt(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw Errors.invalidValue(field, "an integer is required");
        }
        return n.asInt();
    }

    static Boolean optionalBoolean(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw Errors.invalidValue(field, "true or false is required");
        }
        return n.asBoolean();
    }
}
