package io.jenkins.plugins.shadowimage.jenkins.config;

import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.shadowimage.core.client.BaseUrl;
import io.jenkins.plugins.shadowimage.core.client.UrlForm;
import io.jenkins.plugins.shadowimage.core.config.ConnectionCheck;
import io.jenkins.plugins.shadowimage.core.config.FieldCheck;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemRules;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemSettings;
import io.jenkins.plugins.shadowimage.core.config.TrustedCertificates;
import io.jenkins.plugins.shadowimage.jenkins.credentials.CredentialLookups;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One array that pipelines may operate on, by name: the stored form of core's {@link StorageSystemSettings},
 * which decides everything. Field names are the persisted form. Steps read it at each poll, so an admin's
 * change (pause, trust, budget) reaches running builds without a restart.
 */
public final class StorageSystem implements Describable<StorageSystem> {

    private static final Logger LOGGER = Logger.getLogger(StorageSystem.class.getName());

    private final String name;
    /** Only a URL that {@link BaseUrl#problem} accepts, so no password is stored; {@code null} when refused. */
    private String url;
    /** Why the URL given was refused (never quoting it): saving then fails with this reason. */
    private transient String urlProblem;
    private UrlForm urlForm = UrlForm.EMBEDDED;
    private String storageDeviceId;
    private String credentialsId;
    private String trustedCertificate;
    private String trustCredentialsId;
    private boolean skipTlsVerification;
    private Integer sessionBudget;
    private Integer sessionAliveTime;
    private Integer timeoutMinutes;
    private boolean operationsPaused;
    private String pauseMessage;
    private String allowedJobs;

    /** A refused URL is not thrown: Stapler and JCasC would quote the arguments, the URL among them. */
    @DataBoundConstructor public StorageSystem(String name, String url) {
        this.name = Util.fixEmptyAndTrim(name);
        accept(Util.fixEmptyAndTrim(url));
    }

    private void accept(String given) {
        urlProblem = BaseUrl.problem(given);
        url = urlProblem == null ? given : null;
    }

    /** A URL saved before the check (or by hand) may hold a password: dropped, and the file rewritten without it. */
    private Object readResolve() {
        String saved = url;
        accept(saved);
        if (saved != null && url == null) {
            LOGGER.warning(StorageSystemRules.urlRefusedOnLoad(name, urlProblem));
        }
        return this;
    }

    /** Fields absent from an older configuration are defaulted here. */
    @NonNull public StorageSystemSettings settings() {
        return new StorageSystemSettings(name, url, urlProblem, urlForm, storageDeviceId, credentialsId, trustedCertificate,
                trustCredentialsId, skipTlsVerification, sessionBudget, sessionAliveTime, timeoutMinutes, operationsPaused,
                pauseMessage, allowedJobs);
    }

    public String getName() { return name; }
    @CheckForNull public String getUrl() { return url; }
    @CheckForNull public String urlProblem() { return urlProblem; }
    public UrlForm getUrlForm() { return settings().urlForm(); }
    @DataBoundSetter public void setUrlForm(UrlForm v) { urlForm = v; }
    @CheckForNull public String getStorageDeviceId() { return storageDeviceId; }
    @DataBoundSetter public void setStorageDeviceId(String v) { storageDeviceId = Util.fixEmptyAndTrim(v); }
    @CheckForNull public String getCredentialsId() { return credentialsId; }
    @DataBoundSetter public void setCredentialsId(String v) { credentialsId = Util.fixEmptyAndTrim(v); }
    @CheckForNull public String getTrustedCertificate() { return trustedCertificate; }
    @DataBoundSetter public void setTrustedCertificate(String v) { trustedCertificate = Util.fixEmptyAndTrim(v); }
    @CheckForNull public String getTrustCredentialsId() { return trustCredentialsId; }
    @DataBoundSetter public void setTrustCredentialsId(String v) { trustCredentialsId = Util.fixEmptyAndTrim(v); }
    public boolean isSkipTlsVerification() { return skipTlsVerification; }
    @DataBoundSetter public void setSkipTlsVerification(boolean v) { skipTlsVerification = v; }
    /** The budget and (in seconds) the idle time in force: the form shows the defaults when none is set. */
    public int getSessionBudget() { return settings().sessionBudgetInForce(); }
    @DataBoundSetter public void setSessionBudget(Integer v) { sessionBudget = StorageSystemRules.sessionBudget(v); }
    public int getSessionAliveTime() { return (int) settings().aliveTimeInForce().getSeconds(); }
    @DataBoundSetter public void setSessionAliveTime(Integer v) { sessionAliveTime = StorageSystemRules.sessionAliveTime(v); }
    /** {@code null}: each operation's own default. */
    @CheckForNull public Integer getTimeoutMinutes() { return settings().timeoutMinutes(); }
    @DataBoundSetter public void setTimeoutMinutes(Integer v) { timeoutMinutes = StorageSystemRules.timeoutMinutes(v); }
    public boolean isOperationsPaused() { return operationsPaused; }
    @DataBoundSetter public void setOperationsPaused(boolean v) { operationsPaused = v; }
    @CheckForNull public String getPauseMessage() { return pauseMessage; }
    @DataBoundSetter public void setPauseMessage(String v) { pauseMessage = Util.fixEmptyAndTrim(v); }
    @CheckForNull public String getAllowedJobs() { return allowedJobs; }
    @DataBoundSetter public void setAllowedJobs(String v) { allowedJobs = StorageSystemRules.lines(v); }

    @NonNull public static FormValidation validation(@NonNull FieldCheck c) {
        return switch (c.kind()) {
            case OK -> c.message() == null ? FormValidation.ok() : FormValidation.ok(c.message());
            case WARNING -> FormValidation.warning(c.message());
            case ERROR -> FormValidation.error(c.message());
        };
    }

    @Extension @Symbol("storageSystem")
    public static final class DescriptorImpl extends Descriptor<StorageSystem> {

        @NonNull @Override public String getDisplayName() { return "VSP storage system"; }

        /** Core checks, the form shows; only an administrator may ask. */
        private static FormValidation admin(Supplier<FieldCheck> check) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return validation(check.get());
        }

        /** A credentials id: core's check of an empty one, else what the global configuration finds under it. */
        private static FormValidation admin(Supplier<FieldCheck> empty, String id, String url, Class<? extends StandardCredentials> type) {
            FormValidation check = admin(empty);
            return Util.fixEmptyAndTrim(id) == null ? check : CredentialLookups.checkGlobal(id.strip(), url, type);
        }

        @POST public FormValidation doCheckName(@QueryParameter String value) { return admin(() -> StorageSystemRules.name(value)); }
        @POST public FormValidation doCheckUrl(@QueryParameter String value) { return admin(() -> StorageSystemRules.url(value)); }
        @POST public FormValidation doCheckStorageDeviceId(@QueryParameter String value) {
            return admin(() -> StorageSystemRules.storageDeviceId(value));
        }
        @POST public FormValidation doCheckCredentialsId(@QueryParameter String value, @QueryParameter String url) {
            return admin(() -> StorageSystemRules.credentialsId(value), value, url, StandardUsernamePasswordCredentials.class);
        }
        @POST public FormValidation doCheckTrustCredentialsId(@QueryParameter String value, @QueryParameter String url) {
            return admin(FieldCheck::ok, value, url, StandardCertificateCredentials.class);
        }
        @POST public FormValidation doCheckTrustedCertificate(@QueryParameter String value) {
            return admin(() -> TrustedCertificates.check(value, Instant.now()));
        }
        @POST public FormValidation doCheckSkipTlsVerification(@QueryParameter boolean value) {
            return admin(() -> StorageSystemRules.skipTlsVerification(value));
        }
        @POST public FormValidation doCheckSessionBudget(@QueryParameter String value) {
            return admin(() -> StorageSystemRules.sessionBudget(value));
        }
        @POST public FormValidation doCheckSessionAliveTime(@QueryParameter String value) {
            return admin(() -> StorageSystemRules.sessionAliveTime(value));
        }
        @POST public FormValidation doCheckTimeoutMinutes(@QueryParameter String value) {
            return admin(() -> StorageSystemRules.timeoutMinutes(value));
        }
        @POST public FormValidation doCheckPauseMessage(@QueryParameter String value, @QueryParameter boolean operationsPaused) {
            return admin(() -> StorageSystemRules.pauseMessage(value, operationsPaused));
        }
        @POST public FormValidation doCheckAllowedJobs(@QueryParameter String value) {
            return admin(() -> StorageSystemRules.allowedJobs(value));
        }

        @POST public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId, @QueryParameter String url) {
            return CredentialLookups.itemListBox(null, StandardUsernamePasswordCredentials.class, credentialsId, url);
        }
        @POST public ListBoxModel doFillTrustCredentialsIdItems(@QueryParameter String trustCredentialsId, @QueryParameter String url) {
            return CredentialLookups.itemListBox(null, StandardCertificateCredentials.class, trustCredentialsId, url);
        }

        /** Tests the form's values, not the saved ones; ADMINISTER, as it logs in with a credential of the admin's choice. */
        @POST public FormValidation doTestConnection(@QueryParameter String name, @QueryParameter String url,
                @QueryParameter String urlForm, @QueryParameter String storageDeviceId, @QueryParameter String credentialsId,
                @QueryParameter String trustedCertificate, @QueryParameter String trustCredentialsId,
                @QueryParameter boolean skipTlsVerification, @QueryParameter String sessionAliveTime) {
            return admin(() -> ConnectionCheck.run(StorageSystemSettings.unsaved(name, url, urlForm, storageDeviceId, credentialsId,
                    trustedCertificate, trustCredentialsId, skipTlsVerification, sessionAliveTime), CredentialLookups.global(url)));
        }
    }
}
