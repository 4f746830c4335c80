package io.jenkins.plugins.shadowimage.core.config;

import io.jenkins.plugins.shadowimage.core.access.AllowedJobs;
import io.jenkins.plugins.shadowimage.core.client.BaseUrl;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.client.UrlForm;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One configured array (or REST server in front of arrays) as a surface stores it, and every decision that
 * follows from its settings: the endpoint, the client options, each operation's timeout, who may use it, and
 * the notices builds print. Holds no secret: the REST user is a credentials id, certificates are public.
 *
 * @param url the REST API base URL as stored, or {@code null} when the one given was refused
 * @param urlRefusal why the URL given was refused (never quoting it), or {@code null}
 * @param sessionBudget sessions at once on this array, {@code null} for the client's default
 * @param sessionAliveTime seconds, {@code null} for the client's default
 * @param timeoutMinutes the timeout of an operation that sets none, {@code null} for each operation's default
 * @param allowedJobs {@link AllowedJobs} rules, one per line; {@code null}: every job
 */
public record StorageSystemSettings(String name, String url, String urlRefusal, UrlForm urlForm, String storageDeviceId,
        String credentialsId, String trustedCertificate, String trustCredentialsId, boolean skipTlsVerification,
        Integer sessionBudget, Integer sessionAliveTime, Integer timeoutMinutes, boolean operationsPaused,
        String pauseMessage, String allowedJobs) {

    /** How long a finished unit of work keeps its session for the next one of this JVM, at most. */
    static final Duration SESSION_LINGER = Duration.ofSeconds(2);

    public StorageSystemSettings {
        urlForm = urlForm == null ? UrlForm.EMBEDDED : urlForm;
        sessionBudget = StorageSystemRules.sessionBudget(sessionBudget);
        sessionAliveTime = StorageSystemRules.sessionAliveTime(sessionAliveTime);
        timeoutMinutes = StorageSystemRules.timeoutMinutes(timeoutMinutes);
    }

    /** The form's values under Test connection, as typed: blanks are unset and an unnamed system is "(unsaved)". */
    public static StorageSystemSettings unsaved(String name, String url, String urlForm, String storageDeviceId,
            String credentialsId, String trustedCertificate, String trustCredentialsId, boolean skipTlsVerification,
            String sessionAliveTime) {
        return new StorageSystemSettings(trimmed(name) == null ? "(unsaved)" : name, trimmed(url), null,
                UrlForm.REST_SERVER.name().equals(urlForm) ? UrlForm.REST_SERVER : UrlForm.EMBEDDED, trimmed(storageDeviceId),
                trimmed(credentialsId), trimmed(trustedCertificate), trimmed(trustCredentialsId), skipTlsVerification, null,
                StorageSystemRules.wholeNumber(sessionAliveTime), null, false, null, null);
    }

    /**
     * The configured system a step names, checked before any request: it must exist and, for the job of this full
     * name (null: no job to check), allow it.
     *
     * @throws IllegalArgumentException the complete message: the configured names, or the rules that refuse the job
     */
    public static StorageSystemSettings require(String surface, String name, List<StorageSystemSettings> configured,
            String jobFullName) {
        StorageSystemSettings s = find(configured, name);
        if (s == null) {
            throw new IllegalArgumentException(StepSetupWords.missingSystem(surface, name,
                    configured.stream().map(StorageSystemSettings::name).toList()));
        }
        String refusal = jobFullName == null ? null : s.refusal(jobFullName);
        if (refusal != null) {
            throw new IllegalArgumentException(StepSetupWords.jobRefused(surface, refusal));
        }
        return s;
    }

    /** The configured system of this name (as a form sends it: blank is none), or {@code null}. */
    public static StorageSystemSettings find(List<StorageSystemSettings> configured, String name) {
        String n = trimmed(name);
        return configured.stream().filter(c -> n != null && n.equals(c.name())).findFirst().orElse(null);
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Why the stored URL cannot be used, or {@code null}. */
    public String urlProblem() {
        return urlRefusal != null ? urlRefusal : BaseUrl.problem(url);
    }

    public int sessionBudgetInForce() {
        return sessionBudget == null ? ClientOptions.DEFAULT_SESSION_BUDGET : sessionBudget;
    }

    public Duration aliveTimeInForce() {
        return sessionAliveTime == null ? ClientOptions.DEFAULT_ALIVE_TIME : Duration.ofSeconds(sessionAliveTime);
    }

    /**
     * The timeout of an operation that sets none: this system's, else the operation's default. A status read
     * always gets its short default: a system's timeout is sized for copies.
     */
    public Duration timeoutFor(OperationType type) {
        return timeoutMinutes == null || type == OperationType.STATUS
                ? EngineOptions.defaultTimeout(type)
                : Duration.ofMinutes(timeoutMinutes);
    }

    /**
     * The client options: the linger is at most a quarter of the idle time (the client's rule), so a short idle
     * time only shortens session sharing and never breaks an operation.
     */
    public ClientOptions clientOptions() {
        Duration aliveTime = aliveTimeInForce();
        Duration quarter = aliveTime.dividedBy(4);
        return ClientOptions.builder().aliveTime(aliveTime).sessionBudget(sessionBudgetInForce())
                .sessionLinger(quarter.compareTo(SESSION_LINGER) < 0 ? quarter : SESSION_LINGER).build();
    }

    /**
     * The endpoint with this trust. {@code Trust.systemDefault()} will do when only the array's identity matters.
     *
     * @throws IllegalArgumentException naming this system and why, never quoting a refused URL
     */
    public Endpoint endpoint(Trust trust) {
        if (urlProblem() != null) {
            throw new IllegalArgumentException("Storage system '" + name + "' has no usable REST API URL: " + urlProblem()
                    + ". An administrator must enter it again in the storage system's settings.");
        }
        try {
            return Endpoint.builder(url).urlForm(urlForm).storageDeviceId(storageDeviceId).trust(trust).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Storage system '" + name + "' is not usable: " + e.getMessage(), e);
        }
    }

    /** The array's key, which names it in locks; as {@link #endpoint}, also in what it throws. */
    public String arrayKey() {
        return endpoint(Trust.systemDefault()).arrayKey();
    }

    /**
     * The REST user's credentials id of a step: its own, else this system's default.
     *
     * @throws IllegalArgumentException when there is neither, saying how to pass one
     */
    public String credentialsIdFor(String surface, String own) {
        String id = own != null ? own : credentialsId;
        if (id == null) {
            throw new IllegalArgumentException(StepSetupWords.noDefaultCredentials(surface, name));
        }
        return id;
    }

    /** The certificate credential whose certificates are trusted: none when verification is skipped. */
    public String trustCredentialInUse() {
        return skipTlsVerification ? null : trustCredentialsId;
    }

    /** The trust of a connection: none when verification is skipped, else the pasted PEM plus a credential's. */
    public Trust trust(String pemFromCredential) {
        if (skipTlsVerification) {
            return Trust.insecure();
        }
        String pem = TrustedCertificates.join(trustedCertificate, pemFromCredential);
        return pem == null ? Trust.systemDefault() : Trust.pem(pem);
    }

    /** Why the job of this full name may not use this system, naming the rules; {@code null} when it may. */
    public String refusal(String jobFullName) {
        return AllowedJobs.parse(allowedJobs).refusal(jobFullName, "storage system '" + name + "'");
    }

    /** {@link #pauseNotice} while operations are paused, else empty (the runtime's maintenance pause). */
    public Optional<String> pause() {
        return operationsPaused ? Optional.of(pauseNotice()) : Optional.empty();
    }

    /** The line operations print (and fail with, when asked to fail fast) while operations are paused. */
    public String pauseNotice() {
        return "operations paused on storage system '" + name + "': "
                + (pauseMessage == null || pauseMessage.isBlank() ? "no reason given by the administrator" : pauseMessage);
    }

    /** The warning shown with the settings and printed by every operation that uses this system insecurely. */
    public String insecureNotice() {
        return "WARNING: TLS certificate and host name verification is DISABLED for storage system '" + name
                + "' (" + url + "). Anyone on the network path can read the REST password. "
                + "Configure the array's certificate instead.";
    }
}
