package io.jenkins.plugins.shadowimage.core.config;

import io.jenkins.plugins.shadowimage.core.client.ClientEvent;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.CredentialsSource;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.ErrorCatalogue;
import io.jenkins.plugins.shadowimage.core.client.KnownError;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.client.UserCredentials;
import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.client.VspClient;
import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.VspTransportException;
import io.jenkins.plugins.shadowimage.core.client.model.ApiVersion;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * "Test connection" of a storage system's settings before they are saved: the version check, the storage
 * system, one login (and its logout, whatever happens), and a report an administrator can act on. Short and
 * bounded by its timeouts, so a surface may run it on a request thread.
 */
public final class ConnectionCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private ConnectionCheck() {}

    /** Where a surface finds, by id, the credentials a form names, as its administrator's lookup lists them. */
    public interface Credentials {
        /** The REST user of this id, or null when there is no usable one. */
        UserCredentials user(String id);

        /** The certificates of this certificate credential, or null when there is none. */
        KeyStore certificates(String id);
    }

    /**
     * The check of settings as typed, with the credentials they name: a REST user or certificate credential that
     * cannot be found or read is named, and nothing is sent; else {@link #run(StorageSystemSettings, Trust, String,
     * CredentialsSource)} with their trust.
     */
    public static FieldCheck run(StorageSystemSettings settings, Credentials credentials) {
        UserCredentials user = settings.credentialsId() == null ? null : credentials.user(settings.credentialsId());
        if (user == null) {
            return FieldCheck.error(StepSetupWords.noTestCredentials(settings.credentialsId()));
        }
        String certificateId = settings.trustCredentialInUse();
        KeyStore certificates = certificateId == null ? null : credentials.certificates(certificateId);
        if (certificateId != null && certificates == null) {
            return FieldCheck.error("Certificate credential '" + certificateId + "' was not found.");
        }
        try {
            Trust trust = settings.trust(certificates == null ? null : TrustedCertificates.pemOfCredential(certificateId, certificates));
            return run(settings, trust, user.user(), () -> user);
        } catch (IllegalArgumentException e) {
            return FieldCheck.error(e.getMessage());
        }
    }

    /**
     * @param user the REST user, named in the report (the password stays in {@code credentials})
     * @param trust the trust of these settings ({@link StorageSystemSettings#trust})
     */
    public static FieldCheck run(StorageSystemSettings settings, Trust trust, String user, CredentialsSource credentials) {
        FieldCheck url = StorageSystemRules.url(settings.url());
        if (url.isError()) {
            return url;
        }
        Endpoint endpoint;
        try {
            endpoint = Endpoint.builder(settings.url()).urlForm(settings.urlForm()).storageDeviceId(settings.storageDeviceId())
                    .trust(trust).connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build();
        } catch (IllegalArgumentException e) {
            return FieldCheck.error(e.getMessage());
        }
        // One permit, no linger: the test's session is discarded when it ends, never shared with builds.
        ClientOptions options = ClientOptions.builder().aliveTime(settings.aliveTimeInForce()).sessionBudget(1)
                .sessionLinger(Duration.ZERO).permitWait(TIMEOUT).build();
        List<String> notes = new ArrayList<>();
        try (VspClient client = new VspClient(endpoint, credentials, options)) {
            ApiVersion version = client.apiVersion();
            String deviceId = client.storageDeviceId();
            String model = "storage";
            for (var s : client.storages()) {
                if (deviceId != null && deviceId.equals(s.storageDeviceId())) {
                    model = s.model() + " serial " + s.serialNumber()
                            + (s.dkcMicroVersion() == null ? "" : ", microcode " + s.dkcMicroVersion());
                }
            }
            try (VspSession session = client.openSession(e -> {
                if (e.kind() == ClientEvent.Kind.RETRY || e.kind() == ClientEvent.Kind.INSECURE_TLS) {
                    notes.add(e.message());
                }
            })) {
                session.copyGroups();
            }
            boolean https = "https".equalsIgnoreCase(endpoint.baseUrl().getScheme());
            StringBuilder sb = new StringBuilder("Connected. ")
                    .append(version.productName() == null ? "REST API" : version.productName()).append(' ')
                    .append(version.apiVersion()).append("; ").append(model).append(" (storageDeviceId ").append(deviceId)
                    .append("); logged in as '").append(user).append("' and logged out; TLS: ").append(describe(trust, https))
                    .append(https ? " (" + TlsProbe.describe(endpoint.baseUrl(), TIMEOUT) + ")" : "").append('.');
            notes.forEach(n -> sb.append(' ').append(n));
            return trust.isInsecure() ? FieldCheck.warning(sb.toString()) : FieldCheck.ok(sb.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FieldCheck.error("Interrupted.");
        } catch (VspApiException e) {
            boolean auth = e.httpStatus() == 401 || ErrorCatalogue.find(e).map(KnownError::isAuthentication).orElse(false);
            return FieldCheck.error("Failed: " + e.getMessage()
                    + (auth ? " Check the user name and password of the selected credentials." : ""));
        } catch (VspTransportException e) {
            boolean tls = e.getMessage() != null && e.getMessage().startsWith("TLS failure");
            return FieldCheck.error("Failed: " + e.getMessage() + (tls && !trust.isInsecure()
                    ? " The array's certificate is not trusted: give it (or its CA) as a trusted certificate." : ""));
        } catch (RuntimeException e) {
            return FieldCheck.error("Failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private static String describe(Trust trust, boolean https) {
        if (!https) {
            return "none (plain HTTP)";
        }
        if (trust.isInsecure()) {
            return "certificate and host name verification DISABLED";
        }
        return trust.pemBundle() == null
                ? "verified against the Java trust store"
                : "verified against the configured certificate(s) and the Java trust store";
    }
}
