package io.jenkins.plugins.shadowimage.jenkins.runtime;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.UserCredentials;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@link ArrayAccess} (one HTTP client and connection pool) per storage system, settings and credentials id,
 * shared by every running step that uses them, and closed when the last of them lets go. A step therefore holds
 * no TLS connection of its own between polls, and its sessions are shared with the next step of the same user.
 *
 * <p>Credentials are looked up per build (a folder may define its own credential under the same id), so the shared
 * client does not look them up itself: the step resolves them once per tick and runs its engine step inside
 * {@link #withCredentials}; the client reads them from the calling thread when it opens a session. The engine keys
 * shared sessions by the credentials themselves, so two builds with different credentials never share a session.
 */
public final class ArrayConnections {

    private static final Logger LOGGER = Logger.getLogger(ArrayConnections.class.getName());

    /**
     * What makes two steps' accesses interchangeable. Only values with value equality: {@link Endpoint} is a record
     * and compares its trust by the PEM bundle; the client options are built from these ints at each tick.
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

    private ArrayConnections() {}

    /** The shared access for {@code key}, created with {@code options} if none is open; pair with {@link #release}. */
    @NonNull
    public static synchronized ArrayAccess acquire(@NonNull Key key, @NonNull ClientOptions options) {
        Shared s = SHARED.get(key);
        if (s == null || s.access.isClosed()) { // closed at a shutdown of Jenkins in this JVM (tests restart in-JVM)
            s = new Shared(new ArrayAccess(key.endpoint(), ArrayConnections::current, options));
            SHARED.put(key, s);
            OperationExecutor.opened(s.access);
            LOGGER.log(Level.FINE, "new shared array access for storage system {0}", key.storageName());
        }
        s.users++;
        return s.access;
    }

    /** Lets go of an access from {@link #acquire}; the last user closes it (discarding its idle sessions). */
    public static void release(@NonNull Key key, @NonNull ArrayAccess access) {
        ArrayAccess toClose = null;
        synchronized (ArrayConnections.class) {
            Shared s = SHARED.get(key);
            if (s != null && s.access == access && --s.users <= 0) {
                SHARED.remove(key);
                toClose = access;
            }
        }
        if (toClose != null) { // outside the lock: closing sends the DELETE of an idle session
            OperationExecutor.closed(toClose);
            try {
                toClose.close();
            } catch (RuntimeException e) {
                LOGGER.log(Level.FINE, "closing the shared array access of " + key.storageName(), e);
            }
        }
    }

    /** Number of open shared accesses (tests). */
    public static synchronized int openCount() {
        SHARED.values().removeIf(s -> s.access.isClosed());
        return SHARED.size();
    }

    /** Runs {@code work} with {@code credentials} as the credentials any session opened by this thread logs in with. */
    public static <T> T withCredentials(@NonNull UserCredentials credentials, @NonNull Supplier<T> work) {
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
            // A bug, not a user error: every engine step of a build runs inside withCredentials.
            throw new IllegalStateException("no REST credentials were resolved for this thread");
        }
        return c;
    }
}
