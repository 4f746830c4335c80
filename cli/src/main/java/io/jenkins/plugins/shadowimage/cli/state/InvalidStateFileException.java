package io.jenkins.plugins.shadowimage.cli.state;

/** The state file is missing, unreadable, or not ours: a usage error (exit code 2). */
public final class InvalidStateFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidStateFileException(String message) {
        super(message);
    }
}
