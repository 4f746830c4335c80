package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.UserCredentials;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@link ArrayAccess} (one HTTP client and connection pool) per storage system, settings and credentials id, shared
 * by every running operation of a process that uses them and closed when the last of them lets go. An operation so
 * holds no TLS connection of its own between polls, and its idle session serves the next step of the same user.
 *
 * <p>Credentials may differ per operation under one credentials id (a Jenkins folder may define its own), so the shared
 * client does not look them up: each engine step runs inside {@link #withCredentials}, and the client reads them from
 * the calling thread when it opens a session. Sessions are shared by the credentials themselves, so two operations
 * with different credentials never share one.
 */
public final class SharedAccesses {

    private static final Logger LOG = Logger.getLogger(SharedAccesses.class.getName());

    /**
     * What makes two operations' accesses interchangeable: values only ({@link Endpoint} is a record and compares its
     * trust by the PEM bundle), so the keys of two steps are equal.
     */
    public record Key(String storageName, Endpoint endpoint, int sessionAliveTime, int sessionBudget, String credentialsId) {
        public Key {
            Objects.requireNonNull(storageName, "storageName");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(credentialsId, "credentialsId");
        }
    }

    private static final class Shared {
        final ArrayAccess access;
        int users;

        Shared(ArrayAccess access) {
            this.access = access;
        }
    }

    private static final Map<Key, Shared> SHARED = new HashMap<>();
    private static final ThreadLocal<UserCredentials> CURRENT = new ThreadLocal<>();

    private SharedAccesses() {}

    /** The shared access for {@code key}, created with {@code options} if none is open; pair with {@link #release}. */
    public static synchronized ArrayAccess acquire(Key key, ClientOptions options) {
        Shared s = SHARED.get(key);
        if (s == null || s.access.isClosed()) { // closed by closeAll (a surface that stops and starts in one JVM)
            s = new Shared(new ArrayAccess(key.endpoint(), SharedAccesses::current, options));
            SHARED.put(key, s);
            LOG.log(Level.FINE, "new shared array access for storage system {0}", key.storageName());
        }
        s.users++;
        return s.access;
    }

    /** Lets go of an access from {@link #acquire}; the last user closes it (discarding its idle sessions). */
    public static void release(Key key, ArrayAccess access) {
        ArrayAccess toClose = null;
        synchronized (SharedAccesses.class) {
            Shared s = SHARED.get(key);
            if (s != null && s.access == access && --s.users <= 0) {
                SHARED.remove(key);
                toClose = access;
            }
        }
        close(toClose); // outside the lock: closing sends the DELETE of an idle session
    }

    /** Closes every shared access (the surface stops): no idle session of ours outlives it. */
    public static void closeAll() {
        List<ArrayAccess> all = new ArrayList<>();
        synchronized (SharedAccesses.class) {
            SHARED.values().forEach(s -> all.add(s.access));
            SHARED.clear();
        }
        all.forEach(SharedAccesses::close);
    }

    /** Number of open shared accesses. */
    public static synchronized int openCount() {
        SHARED.values().removeIf(s -> s.access.isClosed());
        return SHARED.size();
    }

    /** Runs {@code work} with {@code credentials} as those any session opened by this thread logs in with. */
    public static <T> T withCredentials(UserCredentials credentials, Supplier<T> work) {
        UserCredentials before = CURRENT.get();
        CURRENT.set(credentials);
        try {
            return work.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    private static UserCredentials current() {
        UserCredentials c = CURRENT.get();
        if (c == null) {
            // A bug, not a user error: every engine step on a shared access runs inside withCredentials.
            throw new IllegalStateException("no REST credentials were resolved for this thread");
        }
        return c;
    }

    private static void close(ArrayAccess a) {
        if (a == null) {
            return;
        }
        try {
            a.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing a shared array access", e);
        }
    }
}
