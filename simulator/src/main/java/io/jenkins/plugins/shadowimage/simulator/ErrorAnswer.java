package io.jenkins.plugins.shadowimage.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error as the REST API reports it (spec §3.5): thrown by request handling and turned either into the whole
 * body of a synchronous failure or into {@code job.error} of a failed job.
 */
final class ErrorAnswer extends RuntimeException {
    private final int httpStatus;
    private final String messageId;
    private final String apiMessage;
    private final String cause;
    private final String solution;
    private final String solutionType;
    private final String ssb1;
    private final String ssb2;
    private String retryAfter;

    ErrorAnswer(int httpStatus, String messageId, String message, String cause, String solution, String solutionType,
            String ssb1, String ssb2) {
        super(messageId + " " + message, null, false, false);
        this.httpStatus = httpStatus;
        this.messageId = messageId;
        this.apiMessage = message;
        this.cause = cause;
        this.solution = solution;
        this.solutionType = solutionType;
        this.ssb1 = ssb1 == null ? "" : ssb1;
        this.ssb2 = ssb2 == null ? "" : ssb2;
    }

    static ErrorAnswer of(int httpStatus, String messageId, String message, String solution) {
        return new ErrorAnswer(httpStatus, messageId, message, null, solution, "SEE_ERROR_DETAIL", "", "");
    }

    int httpStatus() {
        return httpStatus;
    }

    String messageId() {
        return messageId;
    }

    String ssb1() {
        return ssb1;
    }

    String ssb2() {
        return ssb2;
    }

    String retryAfter() {
        return retryAfter;
    }

    ErrorAnswer withRetryAfter(String seconds) {
        this.retryAfter = seconds;
        return this;
    }

    /** The same error with another HTTP status (used when a failed-job rejection is reported synchronously). */
    ErrorAnswer withStatus(int status) {
        ErrorAnswer e = new ErrorAnswer(status, messageId, apiMessage, cause, solution, solutionType, ssb1, ssb2);
        e.retryAfter = retryAfter;
        return e;
    }

    /** {@code 40038E-0} or {@code 30000E-2-2E31-9A01} (the pattern is UNCONFIRMED, spec §3.5). */
    String detailCode() {
        String number = messageId.replaceAll("^KART0*(\\d+)-([EWI])$", "$1$2");
        if (ssb1.isEmpty() && ssb2.isEmpty()) {
            return number + "-0";
        }
        return number + "-2-" + ssb1 + "-" + ssb2;
    }

    ObjectNode toJson(String errorSource) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("errorSource", errorSource);
        n.put("messageId", messageId);
        n.put("message", apiMessage);
        if (cause != null) {
            n.put("cause", cause);
        }
        n.put("solution", solution);
        n.put("solutionType", solutionType);
        ObjectNode code = n.putObject("errorCode");
        code.put("SSB1", ssb1);
        code.put("SSB2", ssb2);
        n.put("detailCode", detailCode());
        return n;
    }
}
