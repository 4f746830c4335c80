package io.jenkins.plugins.shadowimage.jenkins.config;

import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.shadowimage.core.access.AllowedJobs;
import io.jenkins.plugins.shadowimage.core.client.BaseUrl;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.UrlForm;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.jenkins.credentials.CredentialLookups;
import java.time.Duration;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One array (or one REST server in front of arrays) that pipelines may operate on, referred to by its name.
 *
 * <p>Holds no secret: the REST user is a credentials id, the trusted certificate is public material. Steps
 * read these settings at each poll, so an admin's change (pause, trust, budget) takes effect on running
 * builds without a restart.
 */
public final class StorageSystem implements Describable<StorageSystem> {

    /** Sessions this controller may hold at once on one array when none is set: the engine's default. */
    public static final int DEFAULT_SESSION_BUDGET = ClientOptions.DEFAULT_SESSION_BUDGET;
    /** The session idle time, in seconds, when none is set: the engine's default. */
    public static final int DEFAULT_SESSION_ALIVE_TIME = (int) ClientOptions.DEFAULT_ALIVE_TIME.getSeconds();
    /** The array's maximum idle time of a session, in seconds. */
    static final int MAX_SESSION_ALIVE_TIME = 300;

    static final int MAX_SESSIONS = 64;
    /** Below this idle time the 2 s session linger is shortened to a quarter of it (the engine's limit). */
    static final int MIN_SHARING_ALIVE_TIME = 8;
    /** The engine's longest retry pause inside one request: a shorter idle time may expire a session in it. */
    static final int MIN_RETRY_ALIVE_TIME = 30;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Logger LOGGER = Logger.getLogger(StorageSystem.class.getName());
    private static final Pattern DEVICE_ID = Pattern.compile("[0-9A-Za-z]{12}");

    private final String name;
    /**
     * Only ever a URL that {@link BaseUrl#problem} accepts, so no user, password, path, query or fragment is
     * stored, logged or exported; {@code null} when the URL given was refused.
     */
    private String url;
    /** Why the URL given was refused (never quoting it), or {@code null}: saving then fails with this reason. */
    private transient String urlProblem;
    private UrlForm urlForm = UrlForm.EMBEDDED;
    private String storageDeviceId;
    private String credentialsId;
    private String trustedCertificate;
    private String trustCredentialsId;
    private boolean skipTlsVerification;
    /** {@code null}: the engine's default ({@link ClientOptions#DEFAULT_SESSION_BUDGET}). */
    private Integer sessionBudget;
    /** Seconds; {@code null}: the engine's default ({@link ClientOptions#DEFAULT_ALIVE_TIME}). */
    private Integer sessionAliveTime;
    /** {@code null}: the engine's default of each operation ({@link EngineOptions#defaultTimeout}). */
    private Integer timeoutMinutes;
    private boolean operationsPaused;
    private String pauseMessage;
    /** {@link AllowedJobs} rules, one per line; {@code null} (also in configurations of older versions): every job. */
    private String allowedJobs;

    @DataBoundConstructor
    public StorageSystem(String name, String url) {
        this.name = Util.fixEmptyAndTrim(name);
        // Not thrown here: Stapler and JCasC would put the arguments, the URL among them, into the error text.
        // Saving refuses the system instead (StorageSystemsConfiguration), with urlProblem as the reason.
        String given = Util.fixEmptyAndTrim(url);
        this.urlProblem = BaseUrl.problem(given);
        this.url = urlProblem == null ? given : null;
    }

    /** Fills defaults of fields added after a configuration was saved. */
    private Object readResolve() {
        // A configuration saved before the URL check (or written by hand) may hold a user:password@, a path or a
        // query: drop the whole URL so it never reaches a build log, build.xml or the REST API, and say why,
        // naming the system, never the URL. StorageSystemsConfiguration then saves the file without it.
        urlProblem = BaseUrl.problem(url);
        if (urlProblem != null && url != null) {
            url = null;
            LOGGER.log(Level.WARNING, "Storage system ''{0}'': its saved REST API URL was refused and removed ({1}); "
                    + "an administrator must enter it again in Manage Jenkins » VSP storage systems",
                    new Object[] {name, urlProblem});
        }
        if (urlForm == null) {
            urlForm = UrlForm.EMBEDDED;
        }
        sessionBudget = positiveOrNull(sessionBudget);
        sessionAliveTime = positiveOrNull(sessionAliveTime);
        timeoutMinutes = positiveOrNull(timeoutMinutes);
        return this;
    }

    public String getName() {
        return name;
    }

    /** The REST API base URL, or {@code null} when the one given was refused ({@link #urlProblem()} says why). */
    @CheckForNull
    public String getUrl() {
        return url;
    }

    /** Why the URL given to this object (or loaded into it) was refused, or {@code null}; never quotes the URL. */
    @CheckForNull
    public String urlProblem() {
        return urlProblem;
    }

    public UrlForm getUrlForm() {
        return urlForm;
    }

    @DataBoundSetter
    public void setUrlForm(UrlForm urlForm) {
        this.urlForm = urlForm == null ? UrlForm.EMBEDDED : urlForm;
    }

    @CheckForNull
    public String getStorageDeviceId() {
        return storageDeviceId;
    }

    @DataBoundSetter
    public void setStorageDeviceId(String storageDeviceId) {
        this.storageDeviceId = Util.fixEmptyAndTrim(storageDeviceId);
    }

    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    @CheckForNull
    public String getTrustedCertificate() {
        return trustedCertificate;
    }

    @DataBoundSetter
    public void setTrustedCertificate(String trustedCertificate) {
        this.trustedCertificate = Util.fixEmptyAndTrim(trustedCertificate);
    }

    @CheckForNull
    public String getTrustCredentialsId() {
        return trustCredentialsId;
    }

    @DataBoundSetter
    public void setTrustCredentialsId(String trustCredentialsId) {
        this.trustCredentialsId = Util.fixEmptyAndTrim(trustCredentialsId);
    }

    public boolean isSkipTlsVerification() {
        return skipTlsVerification;
    }

    @DataBoundSetter
    public void setSkipTlsVerification(boolean skipTlsVerification) {
        this.skipTlsVerification = skipTlsVerification;
    }

    /** The session budget in force: the one set, else the engine's default. */
    public int getSessionBudget() {
        return sessionBudget == null ? DEFAULT_SESSION_BUDGET : sessionBudget;
    }

    /** Empty or 0 means the engine's default. */
    @DataBoundSetter
    public void setSessionBudget(Integer sessionBudget) {
        Integer v = positiveOrNull(sessionBudget);
        this.sessionBudget = v == null ? null : Math.min(v, MAX_SESSIONS);
    }

    /** The session idle time in force, in seconds: the one set, else the engine's default. */
    public int getSessionAliveTime() {
        return sessionAliveTime == null ? DEFAULT_SESSION_ALIVE_TIME : sessionAliveTime;
    }

    /** Empty or 0 means the engine's default; more than the array's maximum is the maximum. */
    @DataBoundSetter
    public void setSessionAliveTime(Integer sessionAliveTime) {
        Integer v = positiveOrNull(sessionAliveTime);
        this.sessionAliveTime = v == null ? null : Math.min(v, MAX_SESSION_ALIVE_TIME);
    }

    /** Minutes, or {@code null}: each operation then gets the engine's default ({@link #timeoutFor}). */
    @CheckForNull
    public Integer getTimeoutMinutes() {
        return timeoutMinutes;
    }

    @DataBoundSetter
    public void setTimeoutMinutes(Integer timeoutMinutes) {
        this.timeoutMinutes = positiveOrNull(timeoutMinutes);
    }

    /**
     * The timeout of a step that sets none: this system's, else the engine's default of the operation. A
     * status read always gets the engine's short default: the system's timeout is sized for copies.
     */
    @NonNull
    public Duration timeoutFor(@NonNull OperationType type) {
        return timeoutMinutes == null || type == OperationType.STATUS
                ? EngineOptions.defaultTimeout(type)
                : Duration.ofMinutes(timeoutMinutes);
    }

    @CheckForNull
    private static Integer positiveOrNull(@CheckForNull Integer value) {
        return value == null || value <= 0 ? null : value;
    }

    public boolean isOperationsPaused() {
        return operationsPaused;
    }

    @DataBoundSetter
    public void setOperationsPaused(boolean operationsPaused) {
        this.operationsPaused = operationsPaused;
    }

    @CheckForNull
    public String getPauseMessage() {
        return pauseMessage;
    }

    @DataBoundSetter
    public void setPauseMessage(String pauseMessage) {
        this.pauseMessage = Util.fixEmptyAndTrim(pauseMessage);
    }

    /** Which jobs may use this system (see {@link AllowedJobs}); empty means every job. */
    @CheckForNull
    public String getAllowedJobs() {
        return allowedJobs;
    }

    /** Line ends are stored as {@code \n}: a browser submits a text area's lines with {@code \r\n}. */
    @DataBoundSetter
    public void setAllowedJobs(String allowedJobs) {
        String v = Util.fixEmptyAndTrim(allowedJobs);
        this.allowedJobs = v == null ? null : v.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Why the job of this full name may not use this system, naming the rules; {@code null} when it may. */
    @CheckForNull
    public String refusal(@NonNull String jobFullName) {
        return AllowedJobs.parse(allowedJobs).refusal(jobFullName, "storage system '" + name + "'");
    }

    /** The line steps print (and fail with, when asked to fail fast) while operations are paused. */
    @NonNull
    public String pauseNotice() {
        return "operations paused on storage system '" + name + "': "
                + (pauseMessage == null ? "no reason given by the administrator" : pauseMessage);
    }

    /** The warning shown in the UI and printed in every build log that uses this system insecurely. */
    @NonNull
    public String insecureNotice() {
        return "WARNING: TLS certificate and host name verification is DISABLED for storage system '" + name
                + "' (" + url + "). Anyone on the network path can read the REST password. "
                + "Configure the array's certificate instead.";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StorageSystem other && Objects.equals(name, other.name) && Objects.equals(url, other.url);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, url);
    }

    @Override
    public String toString() {
        return "StorageSystem[" + name + " " + url + "]";
    }

    /** Why this name cannot be used, or {@code null}. */
    @CheckForNull
    static String nameError(String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return "A name is required; pipelines refer to the storage system by it.";
        }
        if (!NAME.matcher(v).matches()) {
            return "Use letters, digits, '.', '_' and '-' only (at most 64 characters), so the name is easy to quote in a Jenkinsfile.";
        }
        return null;
    }

    /** Idle times the array accepts but that cost logins or risk an expired session in a retry pause. */
    static FormValidation checkSessionAliveTime(int seconds) {
        if (seconds < MIN_SHARING_ALIVE_TIME) {
            return FormValidation.warning("Below " + MIN_SHARING_ALIVE_TIME + " s a finished step keeps its session for only a "
                    + "quarter of the idle time, so most steps log in anew, and a session may expire while a request waits "
                    + "to be retried (up to 30 s). 120 s or more is recommended.");
        }
        if (seconds < MIN_RETRY_ALIVE_TIME) {
            return FormValidation.warning("A session may expire while a request waits to be retried (up to 30 s); "
                    + "the step then logs in again. 120 s or more is recommended.");
        }
        return FormValidation.ok();
    }

    static FormValidation checkName(String value) {
        String error = nameError(value);
        return error == null ? FormValidation.ok() : FormValidation.error(error);
    }

    static FormValidation checkUrl(String value) {
        String error = BaseUrl.problem(value);
        if (error != null) {
            return FormValidation.error("Refused: " + error + ".");
        }
        if (BaseUrl.isPlainHttp(value)) {
            return FormValidation.warning("Plain HTTP sends the REST password and session token unencrypted.");
        }
        return FormValidation.ok();
    }

    @Extension
    @Symbol("storageSystem")
    public static final class DescriptorImpl extends Descriptor<StorageSystem> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "VSP storage system";
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return checkName(value);
        }

        @POST
        public FormValidation doCheckUrl(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return checkUrl(value);
        }

        @POST
        public FormValidation doCheckStorageDeviceId(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            String v = Util.fixEmptyAndTrim(value);
            if (v == null) {
                return FormValidation.ok("Discovered at each connection; the array must then report exactly one storage system.");
            }
            if (!DEVICE_ID.matcher(v).matches()) {
                return FormValidation.error("A storage device id has 12 characters, e.g. 934000400123 (model code + serial number).");
            }
            return FormValidation.ok();
        }

        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String value, @QueryParameter String url) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.warning("Without default credentials every step must name its own credentialsId.");
            }
            return CredentialLookups.checkGlobal(value, url, StandardUsernamePasswordCredentials.class, "Username with password");
        }

        @POST
        public FormValidation doCheckTrustCredentialsId(@QueryParameter String value, @QueryParameter String url) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.ok();
            }
            return CredentialLookups.checkGlobal(value, url, StandardCertificateCredentials.class, "Certificate");
        }

        @POST
        public FormValidation doCheckTrustedCertificate(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            String v = Util.fixEmptyAndTrim(value);
            if (v == null) {
                return FormValidation.ok();
            }
            return TrustMaterial.checkPem(v);
        }

        @POST
        public FormValidation doCheckSkipTlsVerification(@QueryParameter boolean value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return value
                    ? FormValidation.warning("Certificate and host name verification will be skipped. Every build that uses "
                            + "this storage system prints a warning. Prefer pasting the array's certificate above.")
                    : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckSessionBudget(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return checkRange(value, 1, MAX_SESSIONS,
                    "The array allows 64 sessions shared by every client (GUI, other tools, other controllers).");
        }

        @POST
        public FormValidation doCheckSessionAliveTime(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            FormValidation range = checkRange(value, 1, MAX_SESSION_ALIVE_TIME, "The array accepts 1 to 300 seconds.");
            String v = Util.fixEmptyAndTrim(value);
            if (range.kind != FormValidation.Kind.OK || v == null) {
                return range;
            }
            return checkSessionAliveTime(Integer.parseInt(v));
        }

        @POST
        public FormValidation doCheckTimeoutMinutes(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return checkRange(value, 1, 7 * 24 * 60, "Between 1 minute and 7 days.");
        }

        @POST
        public FormValidation doCheckPauseMessage(@QueryParameter String value, @QueryParameter boolean operationsPaused) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            if (operationsPaused && Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.warning("Tell pipeline owners why, and until when; builds print this message while they wait.");
            }
            return FormValidation.ok();
        }

        @POST
        public FormValidation doCheckAllowedJobs(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            String problem = AllowedJobs.problem(value);
            if (problem != null) {
                return FormValidation.error("Unusable rule: " + problem + ". It lets no job in.");
            }
            return AllowedJobs.parse(value).everyone()
                    ? FormValidation.ok("Every job of this controller may use this storage system.")
                    : FormValidation.ok();
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId, @QueryParameter String url) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return new StandardListBoxModel().includeCurrentValue(credentialsId);
            }
            return CredentialLookups.globalListBox(StandardUsernamePasswordCredentials.class, credentialsId, url);
        }

        @POST
        public ListBoxModel doFillTrustCredentialsIdItems(@QueryParameter String trustCredentialsId, @QueryParameter String url) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return new StandardListBoxModel().includeCurrentValue(trustCredentialsId);
            }
            return CredentialLookups.globalListBox(StandardCertificateCredentials.class, trustCredentialsId, url);
        }

        @POST
        public ListBoxModel doFillUrlFormItems() {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            ListBoxModel m = new ListBoxModel();
            m.add("Embedded in the array (SVP / GUM), e.g. https://svp:443", UrlForm.EMBEDDED.name());
            m.add("REST API server, e.g. https://rest-server:23451", UrlForm.REST_SERVER.name());
            return m;
        }

        /**
         * Runs the version check, a login and a logout against the values currently in the form (not the saved
         * ones), so an admin can test before saving. Requires POST and {@link Jenkins#ADMINISTER}: it logs in to
         * an array with a credential of the admin's choosing.
         */
        @POST
        public FormValidation doTestConnection(
                @QueryParameter String name,
                @QueryParameter String url,
                @QueryParameter String urlForm,
                @QueryParameter String storageDeviceId,
                @QueryParameter String credentialsId,
                @QueryParameter String trustedCertificate,
                @QueryParameter String trustCredentialsId,
                @QueryParameter boolean skipTlsVerification,
                @QueryParameter String sessionAliveTime) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            FormValidation urlCheck = checkUrl(url);
            if (urlCheck.kind == FormValidation.Kind.ERROR) {
                return urlCheck;
            }
            if (Util.fixEmptyAndTrim(credentialsId) == null) {
                return FormValidation.error("Select the credentials to log in with.");
            }
            StorageSystem candidate = new StorageSystem(Util.fixEmptyAndTrim(name) == null ? "(unsaved)" : name, url);
            candidate.setUrlForm(parseUrlForm(urlForm));
            candidate.setStorageDeviceId(storageDeviceId);
            candidate.setCredentialsId(credentialsId);
            candidate.setTrustedCertificate(trustedCertificate);
            candidate.setTrustCredentialsId(trustCredentialsId);
            candidate.setSkipTlsVerification(skipTlsVerification);
            candidate.setSessionAliveTime(parseInt(sessionAliveTime, 0));
            return ConnectionTest.run(candidate);
        }

        private static UrlForm parseUrlForm(String value) {
            try {
                return value == null || value.isBlank() ? UrlForm.EMBEDDED : UrlForm.valueOf(value.trim());
            } catch (IllegalArgumentException e) {
                return UrlForm.EMBEDDED;
            }
        }

        private static int parseInt(String value, int dflt) {
            try {
                return value == null || value.isBlank() ? dflt : Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                return dflt;
            }
        }

        private static FormValidation checkRange(String value, int min, int max, String why) {
            String v = Util.fixEmptyAndTrim(value);
            if (v == null) {
                return FormValidation.ok();
            }
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    return FormValidation.error("Must be between " + min + " and " + max + ". " + why);
                }
                return FormValidation.ok();
            } catch (NumberFormatException e) {
                return FormValidation.error("Not a whole number.");
            }
        }
    }
}
