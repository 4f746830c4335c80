package io.jenkins.plugins.shadowimage.jenkins.config;

import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.jenkins.credentials.CredentialLookups;
import java.security.GeneralSecurityException;
import java.time.Duration;

/** Turns a configured {@link StorageSystem} into the engine's endpoint and client options. */
public final class ArraySettings {

    private ArraySettings() {}

    /** The endpoint (no HTTP). {@code trust} may be {@link Trust#systemDefault()} when only the identity matters. */
    @NonNull
    public static Endpoint endpoint(@NonNull StorageSystem s, @NonNull Trust trust) throws AbortException {
        if (s.urlProblem() != null) {
            throw new AbortException("Storage system '" + s.getName() + "' has no usable REST API URL: " + s.urlProblem()
                    + ". An administrator must correct it in Manage Jenkins » VSP storage systems.");
        }
        try {
            return Endpoint.builder(s.getUrl())
                    .urlForm(s.getUrlForm())
                    .storageDeviceId(s.getStorageDeviceId())
                    .trust(trust)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new AbortException("Storage system '" + s.getName() + "' is not usable: " + e.getMessage());
        }
    }

    /** How long a finished step keeps its session for the next step of this controller, at most. */
    static final Duration SESSION_LINGER = Duration.ofSeconds(2);

    /**
     * The client options of a storage system. The linger is clamped to a quarter of the session idle time (the
     * engine's rule), so a short idle time only shortens session sharing and never breaks the builds.
     */
    @NonNull
    public static ClientOptions options(@NonNull StorageSystem s) throws AbortException {
        Duration aliveTime = Duration.ofSeconds(s.getSessionAliveTime());
        Duration linger = sessionLinger(aliveTime);
        try {
            return ClientOptions.builder()
                    .aliveTime(aliveTime)
                    .sessionBudget(s.getSessionBudget())
                    .sessionLinger(linger)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new AbortException("Storage system '" + s.getName() + "' has unusable session settings (idle time "
                    + s.getSessionAliveTime() + " s, budget " + s.getSessionBudget() + "): " + e.getMessage()
                    + ". Fix them in Manage Jenkins » VSP storage systems.");
        }
    }

    /** {@link #SESSION_LINGER}, or a quarter of {@code aliveTime} when that is shorter (below 8 s). */
    @NonNull
    static Duration sessionLinger(@NonNull Duration aliveTime) {
        Duration quarter = aliveTime.dividedBy(4);
        return quarter.compareTo(SESSION_LINGER) < 0 ? quarter : SESSION_LINGER;
    }

    /** Trust for a build: the certificate credential is resolved against the run (and tracked when {@code track}). */
    @NonNull
    public static Trust trustForRun(@NonNull StorageSystem s, @NonNull Run<?, ?> run, boolean track) throws AbortException {
        if (s.isSkipTlsVerification()) {
            return Trust.insecure();
        }
        String fromCredential = null;
        if (s.getTrustCredentialsId() != null) {
            StandardCertificateCredentials c = CredentialLookups.resolveForRun(run, s.getTrustCredentialsId(), s.getUrl(),
                    StandardCertificateCredentials.class, "Certificate", "trusted certificate of storage system '" + s.getName() + "'",
                    track);
            fromCredential = pemOf(s, c);
        }
        return trust(s, fromCredential);
    }

    /** Trust for the admin's Test connection: the certificate credential is looked up as the form lists it. */
    @NonNull
    public static Trust trustForAdmin(@NonNull StorageSystem s) throws AbortException {
        if (s.isSkipTlsVerification()) {
            return Trust.insecure();
        }
        String fromCredential = null;
        if (s.getTrustCredentialsId() != null) {
            StandardCertificateCredentials c =
                    CredentialLookups.findGlobal(s.getTrustCredentialsId(), s.getUrl(), StandardCertificateCredentials.class);
            if (c == null) {
                throw new AbortException("Certificate credential '" + s.getTrustCredentialsId() + "' was not found.");
            }
            fromCredential = pemOf(s, c);
        }
        return trust(s, fromCredential);
    }

    private static Trust trust(StorageSystem s, @CheckForNull String fromCredential) {
        String pem = TrustMaterial.join(s.getTrustedCertificate(), fromCredential);
        return pem == null ? Trust.systemDefault() : Trust.pem(pem);
    }

    private static String pemOf(StorageSystem s, StandardCertificateCredentials c) throws AbortException {
        try {
            String pem = TrustMaterial.pemOf(c.getKeyStore());
            if (pem == null) {
                throw new AbortException("Certificate credential '" + s.getTrustCredentialsId() + "' holds no certificate.");
            }
            return pem;
        } catch (GeneralSecurityException e) {
            throw new AbortException("Certificate credential '" + s.getTrustCredentialsId() + "' cannot be read: " + e.getMessage());
        }
    }
}
