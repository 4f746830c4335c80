package io.jenkins.plugins.shadowimage.core.client;

/**
 * The array answered 404 where every correctly configured endpoint answers: the login, or the list of
 * storages. The URL form or the storage device id is wrong, so nothing read through this endpoint says
 * anything about a pair; in particular it never means "pair not found". Not retryable.
 */
public final class WrongEndpointException extends VspTransportException {
    private static final long serialVersionUID = 1L;

    private final VspApiException answer;

    WrongEndpointException(Endpoint endpoint, VspApiException answer) {
        super(answer.method(), answer.path(), false, answer, message(endpoint, answer));
        this.answer = answer;
    }

    private static String message(Endpoint endpoint, VspApiException a) {
        String hint = endpoint.urlForm() == UrlForm.EMBEDDED
                ? "the URL form is embedded; a Configuration Manager REST server needs the rest-server form and "
                        + "the storage device id"
                : endpoint.storageDeviceId() == null
                        ? "the URL form is rest-server and the storage list itself is missing: is the URL the "
                                + "Configuration Manager REST API?"
                        : "the URL form is rest-server with storage device id " + endpoint.storageDeviceId()
                                + "; GET /ConfigurationManager/v1/objects/storages lists the ids this server manages";
        return "the array answered " + a.httpStatus() + (a.messageId() == null ? "" : " (" + a.messageId() + ")")
                + " for " + a.method() + " " + endpoint.baseUrl() + a.path()
                + ": wrong URL form (--url-form) or storage device id? (" + hint + ")";
    }

    /** The array's 404 answer. */
    public VspApiException answer() {
        return answer;
    }
}
