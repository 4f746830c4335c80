package io.jenkins.plugins.shadowimage.core.client;

import java.util.Arrays;
import java.util.Objects;

/**
 * A REST API user and password. Deliberately not {@link java.io.Serializable}: credentials are resolved
 * at each use from a {@link CredentialsSource} and never persisted. {@link #toString()} redacts the
 * password.
 */
public final class UserCredentials {
    private final String user;
    private final char[] password;

    public UserCredentials(String user, char[] password) {
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("user is empty");
        }
        this.user = user;
        this.password = Objects.requireNonNull(password, "password").clone();
    }

    public String user() {
        return user;
    }

    /** A copy of the password; callers should wipe it when done. */
    public char[] password() {
        return password.clone();
    }

    @Override
    public String toString() {
        return "UserCredentials[user=" + user + ", password=****]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserCredentials other && user.equals(other.user) && Arrays.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return user.hashCode();
    }
}
