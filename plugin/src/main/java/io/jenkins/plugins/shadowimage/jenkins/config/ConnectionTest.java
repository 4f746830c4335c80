package io.jenkins.plugins.shadowimage.jenkins.config;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.shadowimage.core.client.ClientEvent;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.client.UserCredentials;
import io.jenkins.plugins.shadowimage.core.client.VspClient;
import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.model.ApiVersion;
import io.jenkins.plugins.shadowimage.jenkins.credentials.CredentialLookups;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The "Test connection" button: version check, one login and its logout, and a report an admin can act on.
 * Runs on the request thread of an administrator (it is short and bounded by the connect and read timeouts).
 */
final class ConnectionTest {

    private static final Logger LOGGER = Logger.getLogger(ConnectionTest.class.getName());
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(20);

    private ConnectionTest() {}

    static FormValidation run(StorageSystem candidate) {
        StandardUsernamePasswordCredentials c =
                CredentialLookups.findGlobal(candidate.getCredentialsId(), candidate.getUrl(), StandardUsernamePasswordCredentials.class);
        if (c == null) {
            return FormValidation.error("Credentials '" + candidate.getCredentialsId()
                    + "' were not found among the Username with password credentials builds can use.");
        }
        Trust trust;
        Endpoint endpoint;
        try {
            trust = ArraySettings.trustForAdmin(candidate);
            endpoint = Endpoint.builder(candidate.getUrl())
                    .urlForm(candidate.getUrlForm())
                    .storageDeviceId(candidate.getStorageDeviceId())
                    .trust(trust)
                    .connectTimeout(TEST_TIMEOUT)
                    .readTimeout(TEST_TIMEOUT)
                    .build();
        } catch (AbortException | IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
        ClientOptions options = ClientOptions.builder()
                .aliveTime(Duration.ofSeconds(candidate.getSessionAliveTime()))
                .sessionBudget(1)
                .sessionLinger(Duration.ZERO)
                .permitWait(TEST_TIMEOUT)
                .build();
        String user = c.getUsername();
        List<String> notes = new ArrayList<>();
        try (VspClient client = new VspClient(endpoint,
                () -> new UserCredentials(user, c.getPassword().getPlainText().toCharArray()), options)) {
            ApiVersion version = client.apiVersion();
            String deviceId = client.storageDeviceId();
            String model = "";
            for (io.jenkins.plugins.shadowimage.core.client.model.StorageSystemInfo s : client.storages()) {
                if (deviceId != null && deviceId.equals(s.storageDeviceId())) {
                    model = s.model() + " serial " + s.serialNumber()
                            + (s.dkcMicroVersion() == null ? "" : ", microcode " + s.dkcMicroVersion());
                }
            }
            // The session is opened lazily by the first authenticated call and discarded by close().
            try (VspSession session = client.openSession(e -> {
                if (e.kind() == ClientEvent.Kind.RETRY || e.kind() == ClientEvent.Kind.INSECURE_TLS) {
                    notes.add(e.message());
                }
            })) {
                session.copyGroups();
            }
            StringBuilder sb = new StringBuilder("Connected. ")
                    .append(version.productName() == null ? "REST API" : version.productName())
                    .append(' ').append(version.apiVersion())
                    .append("; ").append(model.isEmpty() ? "storage" : model)
                    .append(" (storageDeviceId ").append(deviceId).append(")")
                    .append("; logged in as '").append(user).append("' and logged out")
                    .append("; TLS: ").append(describe(trust, endpoint))
                    .append(endpoint.baseUrl().getScheme().equalsIgnoreCase("https")
                            ? " (" + TlsProbe.describe(endpoint.baseUrl(), TEST_TIMEOUT) + ")" : "")
                    .append('.');
            for (String n : notes) {
                sb.append(' ').append(n);
            }
            return trust.isInsecure() ? FormValidation.warning(sb.toString()) : FormValidation.ok(sb.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FormValidation.error("Interrupted.");
        } catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "test connection to " + candidate.getUrl() + " failed", e);
            return FormValidation.error("Failed: " + Util.fixNull(e.getMessage()) + hint(e));
        }
    }

    private static String describe(Trust trust, Endpoint endpoint) {
        if (!"https".equalsIgnoreCase(endpoint.baseUrl().getScheme())) {
            return "none (plain HTTP)";
        }
        if (trust.isInsecure()) {
            return "certificate and host name verification DISABLED";
        }
        return trust.pemBundle() == null
                ? "verified against the Java trust store"
                : "verified against the configured certificate(s) and the Java trust store";
    }

    private static String hint(RuntimeException e) {
        String m = Util.fixNull(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("pkix") || m.contains("certificate") || m.contains("handshake")) {
            return " The array's certificate is not trusted: paste it (or its CA) under 'Trusted certificate'.";
        }
        if (m.contains("401") || m.contains("kart40046") || m.contains("authenticat")) {
            return " Check the user name and password of the selected credentials.";
        }
        return "";
    }
}
