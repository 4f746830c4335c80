package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.client.UserCredentials;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemSettings;
import io.jenkins.plugins.shadowimage.core.config.TrustedCertificates;
import io.jenkins.plugins.shadowimage.core.engine.Advance;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import java.security.KeyStore;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The {@link ArrayConnector} of one operation on a {@link SharedAccesses} access: at each step the surface resolves the
 * settings and credentials of now ({@link Resolver}); the access is kept from step to step while its key stays the
 * same, and the credentials are handed to the client only for the step that follows, never kept longer.
 */
public final class SharedConnector implements ArrayConnector {

    /** What a step connects with. */
    public record Resolved(SharedAccesses.Key key, ClientOptions options, UserCredentials user) {
        public Resolved {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(user, "user");
        }

        /**
         * What a step on {@code system} connects with: the access of these settings, this trust and credentials id,
         * with the system's client options.
         *
         * @throws IllegalArgumentException the system's settings give no endpoint ({@link StorageSystemSettings#endpoint})
         */
        public static Resolved of(StorageSystemSettings system, Trust trust, String credentialsId, UserCredentials user) {
            SharedAccesses.Key key = new SharedAccesses.Key(system.name(), system.endpoint(trust),
                    (int) system.aliveTimeInForce().toSeconds(), system.sessionBudgetInForce(), credentialsId);
            return new Resolved(key, system.clientOptions(), user);
        }
    }

    /** How a surface finds a step's credentials by id at the time of use; a {@link SetupException} says what is wrong. */
    public interface CredentialLookup {
        /** The REST user of this credentials id, for {@code system}. */
        UserCredentials user(String id, StorageSystemSettings system) throws SetupException;

        /** The certificates of this certificate credential, for {@code system}. */
        KeyStore certificates(String id, StorageSystemSettings system) throws SetupException;
    }

    /**
     * What a step of {@code surface} on {@code system} connects with: the REST user of its own credentials id, else of
     * the system's default; the system's trust, with the certificates of its certificate credential when it verifies
     * (looked up first).
     *
     * @throws SetupException neither id, a credential that cannot be found or read, or settings without an endpoint
     */
    public static Resolved resolve(String surface, StorageSystemSettings system, String ownCredentialsId,
            CredentialLookup lookup) throws SetupException {
        try {
            String id = system.credentialsIdFor(surface, ownCredentialsId);
            String certificates = system.trustCredentialInUse();
            Trust trust = system.trust(certificates == null ? null
                    : TrustedCertificates.pemOfCredential(certificates, lookup.certificates(certificates, system)));
            return Resolved.of(system, trust, id, lookup.user(id, system));
        } catch (IllegalArgumentException e) {
            throw new SetupException(e.getMessage());
        }
    }

    /** The surface's lookup of settings and credentials; a {@link SetupException} says what is missing. */
    @FunctionalInterface
    public interface Resolver {
        Resolved resolve() throws SetupException;
    }

    private final Resolver resolver;
    private ArrayAccess access;
    private SharedAccesses.Key key;
    private UserCredentials user;

    public SharedConnector(Resolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    @Override
    public synchronized ArrayAccess connect() throws SetupException {
        Resolved r = resolver.resolve();
        user = r.user();
        if (access == null || access.isClosed() || !r.key().equals(key)) {
            disconnect();
            access = SharedAccesses.acquire(r.key(), r.options());
            key = r.key();
        }
        return access;
    }

    @Override
    public Advance call(Supplier<Advance> step) {
        return SharedAccesses.withCredentials(takeUser(), step);
    }

    /** Runs {@code work} (one short unit of work after {@link #connect}) with the credentials that connect resolved. */
    public <T> T run(Callable<T> work) throws Exception {
        UserCredentials u = takeUser();
        Exception[] thrown = new Exception[1];
        T result = SharedAccesses.withCredentials(u, () -> {
            try {
                return work.call();
            } catch (Exception e) {
                thrown[0] = e;
                return null;
            }
        });
        if (thrown[0] != null) {
            throw thrown[0];
        }
        return result;
    }

    private synchronized UserCredentials takeUser() {
        UserCredentials u = user;
        user = null;
        if (u == null) {
            throw new IllegalStateException("connect() first: no credentials were resolved for this step");
        }
        return u;
    }

    @Override
    public synchronized void disconnect() {
        if (access != null) {
            SharedAccesses.release(key, access);
        }
        access = null;
        key = null;
    }
}
