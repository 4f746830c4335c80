package io.jenkins.plugins.shadowimage.cli.password;

/** No password could be obtained; a usage error (exit code 2), raised before any REST call. */
public final class PasswordUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PasswordUnavailableException(String message) {
        super(message);
    }
}
