package io.jenkins.plugins.shadowimage.core.runtime;

/** The surface cannot reach the array with its current settings (unknown system, missing credentials): nothing was sent. */
public class SetupException extends Exception {
    private static final long serialVersionUID = 1L;

    public SetupException(String message) {
        super(message);
    }
}
