package io.jenkins.plugins.shadowimage.core.engine;

import io.jenkins.plugins.shadowimage.core.client.ErrorCatalogue;
import io.jenkins.plugins.shadowimage.core.client.VspApiException;

/**
 * Why an operation failed. The message is complete and safe to show (no secrets); {@link #category()}
 * lets the CLI choose an exit code and Jenkins a result.
 */
public class ShadowImageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Failure categories; the CLI maps them to exit codes 2, 3, 4, 5, 130 and 1. */
    public enum Category {
        /** Bad input, rejected before any REST call (exit code 2). */
        VALIDATION(2),
        /** The array refused the request, or the pair is in a state that forbids it, or PSUE (exit code 3). */
        REJECTED_BY_ARRAY(3),
        /** The operation did not finish within its timeout (exit code 4). */
        TIMEOUT(4),
        /** The array could not be reached, or kept answering retryable errors past the budget (exit code 5). */
        CONNECTION(5),
        /** Cancelled or interrupted (exit code 130). */
        INTERRUPTED(130),
        /** A bug or an unexpected answer (exit code 1). */
        INTERNAL(1);

        private final int exitCode;

        Category(int exitCode) {
            this.exitCode = exitCode;
        }

        /** The CLI exit code of this category. */
        public int exitCode() {
            return exitCode;
        }
    }

    private final Category category;
    private final transient PairInfo partialResult;

    public ShadowImageException(Category category, String message) {
        this(category, message, null, null);
    }

    public ShadowImageException(Category category, String message, Throwable cause) {
        this(category, message, cause, null);
    }

    /**
     * @param partialResult what is known about the pair or group at the time of failure (for a group
     *     operation: the per-pair results), or {@code null}
     */
    public ShadowImageException(Category category, String message, Throwable cause, PairInfo partialResult) {
        super(message, cause);
        this.category = category;
        this.partialResult = partialResult;
    }

    public Category category() {
        return category;
    }

    /** The array error behind this failure, if any. */
    public VspApiException apiError() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof VspApiException e) {
                return e;
            }
        }
        return null;
    }

    /**
     * The catalogue's plain-language explanation of the array error behind this failure, as the CLI and the build
     * log print it; {@code null} when there is none, or when the failure is the connection's (a 404 on the login
     * names an object of the URL, not the pair, so the catalogue's words for that id would mislead).
     */
    public String explanation() {
        return category == Category.CONNECTION ? null : ErrorCatalogue.explain(apiError());
    }

    /** The state of the pair or group when the operation failed, or {@code null}. */
    public PairInfo partialResult() {
        return partialResult;
    }

    /** An operation stopped by abort or Ctrl-C: nothing more is sent, and the array may still be working. */
    public static ShadowImageException interrupted(OperationState state) {
        return interrupted(state.type(), state.target(), state.phase());
    }

    static ShadowImageException interrupted(WorkingState state) {
        return interrupted(state.type(), state.target(), state.phase());
    }

    private static ShadowImageException interrupted(OperationType type, String target, Phase phase) {
        return new ShadowImageException(Category.INTERRUPTED,
                type.cliName() + " " + target + " interrupted in phase " + phase
                        + "; no session is left open. The array may still be working on it: run the same "
                        + "operation again (or resume the saved state) to continue.");
    }
}
