package io.jenkins.plugins.shadowimage.simulator;

/**
 * The catalogue of errors the simulator reports. Message ids KART40038-E, KART40046-E, KART40050-E,
 * KART00003-E, KART30000-E and KART20009-E are as seen in real clients (spec §6); the other ids, all message
 * texts and all SSB codes for ShadowImage rejections are UNCONFIRMED choices of this simulator, listed in the
 * README so clients never depend on them.
 */
final class Errors {
    private Errors() {
    }

    static ErrorAnswer unsupportedAttribute(String attribute) {
        return ErrorAnswer.of(400, "KART40038-E",
                "An unsupported attribute was specified in the request body, or it is at the wrong level. (attribute = "
                        + attribute + ")",
                "Remove the attribute or move it to the correct level, and then retry the operation.");
    }

    static ErrorAnswer missingAttribute(String attribute) {
        return ErrorAnswer.of(400, "KART40046-E",
                "A required attribute is not specified in the request body. (attribute = " + attribute + ")",
                "Specify the attribute, and then retry the operation.");
    }

    static ErrorAnswer emptyBody() {
        return ErrorAnswer.of(400, "KART40046-E",
                "A required attribute is not specified in the request body. (attribute = parameters)",
                "Specify the attribute, and then retry the operation.");
    }

    static ErrorAnswer invalidValue(String attribute, String detail) {
        return ErrorAnswer.of(400, "KART40039-E",
                "The value specified for the attribute is invalid. (attribute = " + attribute + ", " + detail + ")",
                "Correct the value, and then retry the operation.");
    }

    static ErrorAnswer badRequest(String detail) {
        return ErrorAnswer.of(400, "KART40040-E", "The request is invalid. (" + detail + ")",
                "Correct the request, and then retry the operation.");
    }

    static ErrorAnswer notFound(String what) {
        return ErrorAnswer.of(404, "KART20009-E", "No resource exists at the specified URL. (" + what + ")",
                "Check the URL and the object ID, and then retry the operation.");
    }

    static ErrorAnswer methodNotAllowed(String method) {
        return ErrorAnswer.of(405, "KART20010-E", "The HTTP method is not supported for this URL. (method = " + method + ")",
                "Check the HTTP method, and then retry the operation.");
    }

    static ErrorAnswer templateUnavailable(String what) {
        return ErrorAnswer.of(412, "KART30096-E",
                "The action template cannot be obtained because the object is incorrect. (" + what + ")",
                "Check the object ID and the action name, and then retry the operation.");
    }

    static ErrorAnswer badCredentials() {
        return ErrorAnswer.of(401, "KART40047-E", "User authentication failed.",
                "Check the user ID and the password, and then retry the operation.");
    }

    static ErrorAnswer invalidToken() {
        return ErrorAnswer.of(401, "KART40047-E", "The specified token is invalid.",
                "Generate a new session, and then retry the operation with its token.");
    }

    static ErrorAnswer missingAuthorization() {
        return ErrorAnswer.of(401, "KART40047-E", "The Authorization header is missing or invalid.",
                "Specify Basic authentication or a session token, and then retry the operation.");
    }

    static ErrorAnswer forbidden(String detail) {
        return ErrorAnswer.of(403, "KART40048-E", "The user does not have the permission for this operation. (" + detail + ")",
                "Use a user that has the required role, and then retry the operation.");
    }

    static ErrorAnswer sessionLimit(int limit) {
        return new ErrorAnswer(503, "KART40062-E",
                "The number of sessions has reached the maximum (" + limit + ").", null,
                "Discard sessions that are no longer needed, or wait, and then retry the operation.", "RETRY", "", "")
                .withRetryAfter("5");
    }

    static ErrorAnswer serviceUnavailable() {
        return new ErrorAnswer(503, "KART00003-E", "The REST API server is temporarily unavailable.", null,
                "Wait a while, and then retry the operation.", "RETRY", "", "");
    }

    /** A storage-system error as a 500 carries it (the message text is this simulator's). */
    static ErrorAnswer storageError(String messageId, String ssb1, String ssb2) {
        return new ErrorAnswer(500, messageId, "An error occurred in the storage system.", null,
                "Check the SSB codes in the manual of the storage system, remove the cause, and then retry.",
                "SEE_ERROR_DETAIL", ssb1, ssb2);
    }

    static ErrorAnswer internalError() {
        return new ErrorAnswer(500, "KART00001-E", "An internal error occurred in the REST API server.", null,
                "Wait a while, and then retry the operation.", "RETRY", "", "");
    }

    static ErrorAnswer busy() {
        return new ErrorAnswer(503, "KART00003-E", "The REST API server is busy.", null,
                "Wait a while, and then retry the operation.", "RETRY", "", "");
    }

    static ErrorAnswer lock() {
        return new ErrorAnswer(409, "KART40050-E", "The resource is locked by another operation.", null,
                "Wait a while, and then retry the operation.", "RETRY", "2E11", "2205");
    }

    /** A rejection by the storage (CCI layer): KART30000-E with SSB codes. */
    static ErrorAnswer storage(String cause, String ssb1, String ssb2) {
        return new ErrorAnswer(412, "KART30000-E",
                "An error occurred in the storage system. (The command ended abnormally.)", cause,
                "Check the cause, correct the state of the objects, and then retry the operation.",
                "SEE_ERROR_DETAIL", ssb1, ssb2);
    }

    static ErrorAnswer illegalTransition(String operation, String status) {
        return storage("The pair status " + status + " does not allow this operation (" + operation + ").",
                "2E31", "9A01");
    }

    static ErrorAnswer ldevNotDefined(int ldevId) {
        return new ErrorAnswer(412, "KART30013-E", "The specified object does not exist. (ldevId = " + ldevId + ")",
                "The LDEV is not defined.", "Specify a defined LDEV, and then retry the operation.",
                "SEE_ERROR_DETAIL", "2E10", "0000");
    }

    static ErrorAnswer ldevInUse(int ldevId) {
        return storage("Another copy pair might already be using the specified LDEV. (ldevId = " + ldevId + ")",
                "2E31", "9A0A");
    }

    static ErrorAnswer sizeMismatch(int pvol, int svol) {
        return storage("The capacity of the primary volume (" + pvol + ") and the secondary volume (" + svol
                + ") is different.", "2E31", "9A0B");
    }

    static ErrorAnswer muExhausted(int pvol, int max) {
        return storage("The primary volume (" + pvol + ") already has the maximum number of ShadowImage pairs ("
                + max + ").", "2E31", "9A0C");
    }

    static ErrorAnswer cascadeMu(int pvol) {
        return storage("The primary volume (" + pvol + ") is the S-VOL of another pair: an L2 pair uses MU 1 or 2.",
                "2E31", "9A13");
    }

    static ErrorAnswer cascadeSplit(int pvol, String parentStatus) {
        return storage("An L2 pair can be split only while its L1 pair (S-VOL " + pvol + ") is split; the L1 pair is "
                + parentStatus + ".", "2E31", "9A14");
    }

    static ErrorAnswer cascadeRestore(int pvol) {
        return storage("A restore is not possible on an L2 pair (P-VOL " + pvol + " is the S-VOL of an L1 pair).",
                "2E31", "9A15");
    }

    static ErrorAnswer muInUse(int pvol, int mu) {
        return storage("The MU number " + mu + " of the primary volume (" + pvol + ") is already used.", "2E31", "9A0D");
    }

    static ErrorAnswer pairNameInUse(String pairName) {
        return new ErrorAnswer(409, "KART30000-E",
                "An error occurred in the storage system. (The command ended abnormally.)",
                "The value (" + pairName + ") specified for the object (copyPairName) is already being used by the chosen copy group.",
                "Specify another copy pair name, and then retry the operation.", "SEE_ERROR_DETAIL", "2E31", "9A0E");
    }

    static ErrorAnswer groupExists(String group) {
        return new ErrorAnswer(409, "KART30000-E",
                "An error occurred in the storage system. (The command ended abnormally.)",
                "The copy group (" + group + ") already exists (isNewGroupCreation = true).",
                "Specify isNewGroupCreation = false to add the pair to the existing group.", "SEE_ERROR_DETAIL",
                "2E31", "9A0F");
    }

    static ErrorAnswer groupMissing(String group) {
        return storage("The copy group (" + group + ") does not exist (isNewGroupCreation = false).", "2E31", "9A10");
    }

    static ErrorAnswer deviceGroupMismatch(String group) {
        return storage("The device group names do not match those of the existing copy group (" + group + ").",
                "2E31", "9A11");
    }

    static ErrorAnswer pvolAlreadyInGroup(int pvol, String group) {
        return storage("The primary volume (" + pvol + ") already belongs to the copy group (" + group + ").",
                "2E31", "9A12");
    }
}
