package io.jenkins.plugins.shadowimage.core.client;

/**
 * Supplies credentials when a session is opened. Resolved at each use: Jenkins looks the credentials up
 * by id every time; the CLI reads its password file, environment variable or prompt once and returns the
 * same value.
 */
@FunctionalInterface
public interface CredentialsSource {
    UserCredentials get();

    /** A source that always returns the given credentials. */
    static CredentialsSource of(String user, char[] password) {
        UserCredentials c = new UserCredentials(user, password);
        return () -> c;
    }
}
