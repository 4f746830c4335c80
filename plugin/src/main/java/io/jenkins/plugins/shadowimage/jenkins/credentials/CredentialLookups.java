package io.jenkins.plugins.shadowimage.jenkins.credentials;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.shadowimage.core.client.BaseUrl;
import io.jenkins.plugins.shadowimage.core.client.UserCredentials;
import io.jenkins.plugins.shadowimage.core.config.ConnectionCheck;
import io.jenkins.plugins.shadowimage.core.config.StepSetupWords;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemSettings;
import io.jenkins.plugins.shadowimage.core.runtime.SetupException;
import io.jenkins.plugins.shadowimage.core.runtime.SharedConnector;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import java.security.KeyStore;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * Where credentials are listed and looked up, in one place so both use the same context, authentication and
 * domain requirements: builds resolve ids against the run; the global configuration lists what a build can find
 * (no SYSTEM scope: items never see it); the Snippet Generator lists what the job's authentication sees.
 */
public final class CredentialLookups {

    private CredentialLookups() {}

    /** Domain requirements of an array URL; a URL core refuses (the form sends what is typed) gives none. */
    private static List<DomainRequirement> requirements(@CheckForNull String url) {
        return URIRequirementBuilder.fromUri(BaseUrl.problem(url) == null ? url.strip() : null).build();
    }

    /** The credential type's name as the credentials pages show it. */
    private static String typeName(Class<? extends StandardCredentials> type) {
        return type == StandardCertificateCredentials.class ? "Certificate" : "Username with password";
    }

    private static CredentialsMatcher usableByBuilds() {
        return CredentialsMatchers.not(CredentialsMatchers.withScope(CredentialsScope.SYSTEM));
    }

    /** Whether the caller may see a job's ({@code item}'s) configuration or use its credentials; outside a job, ADMINISTER. */
    public static boolean canConfigure(@CheckForNull Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    /**
     * A {@code credentialsId} dropdown: of the global configuration ({@code item} null, administrators only), or
     * of a step in the Snippet Generator of {@code item}; others see only the current value.
     */
    @NonNull public static ListBoxModel itemListBox(@CheckForNull Item item, @NonNull Class<? extends StandardCredentials> type,
            @CheckForNull String current, @CheckForNull String url) {
        StandardListBoxModel model = new StandardListBoxModel();
        if (!canConfigure(item)) {
            return model.includeCurrentValue(current);
        }
        model.includeEmptyValue();
        if (item == null) {
            model.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), type, requirements(url), usableByBuilds());
        } else {
            model.includeMatchingAs(item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2, item,
                    type, requirements(url), CredentialsMatchers.always());
        }
        return model.includeCurrentValue(current);
    }

    /** Form check of a credentials id chosen in the global configuration. Caller checked ADMINISTER. */
    @NonNull public static FormValidation checkGlobal(@NonNull String id, @CheckForNull String url,
            @NonNull Class<? extends StandardCredentials> type) {
        StandardCredentials c = CredentialsMatchers.firstOrNull(CredentialsProvider.lookupCredentialsInItemGroup(
                StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, requirements(url)), CredentialsMatchers.withId(id));
        return StorageSystem.validation(StepSetupWords.globalCredential(id, c == null ? null : c.getScope() == CredentialsScope.SYSTEM,
                type.isInstance(c), typeName(type)));
    }

    /** Looks an id up as the global configuration lists it. */
    @CheckForNull
    private static <C extends StandardCredentials> C findGlobal(@NonNull String id, @CheckForNull String url, @NonNull Class<C> type) {
        List<C> all = CredentialsProvider.lookupCredentialsInItemGroup(type, Jenkins.get(), ACL.SYSTEM2, requirements(url));
        return CredentialsMatchers.firstOrNull(all, CredentialsMatchers.allOf(CredentialsMatchers.withId(id), usableByBuilds()));
    }

    /** The credentials of Test connection, found as the global configuration lists them. Caller checked ADMINISTER. */
    @NonNull public static ConnectionCheck.Credentials global(@CheckForNull String url) {
        return new ConnectionCheck.Credentials() {
            @Override public UserCredentials user(String id) {
                StandardUsernamePasswordCredentials c = findGlobal(id, url, StandardUsernamePasswordCredentials.class);
                return c == null ? null : new UserCredentials(c.getUsername(), c.getPassword().getPlainText().toCharArray());
            }

            @Override public KeyStore certificates(String id) {
                StandardCertificateCredentials c = findGlobal(id, url, StandardCertificateCredentials.class);
                return c == null ? null : c.getKeyStore();
            }
        };
    }

    /**
     * Resolves a credential for a build at the time of use: found against the run, type-checked, and its use
     * recorded when {@code track} ({@link CredentialsProvider#track} saves a fingerprint: a step polling for
     * hours records it once, not at every poll). Fails saying which id, what was expected and what to do.
     *
     * @param purpose what the credential is for, e.g. "REST API user of storage system 'vsp1'"
     */
    private static <C extends StandardCredentials> C resolveForRun(@NonNull Run<?, ?> run, @NonNull String id,
            @CheckForNull String url, @NonNull Class<C> type, @NonNull String purpose, boolean track) throws SetupException {
        C c = CredentialsProvider.findCredentialById(id, type, run, requirements(url));
        if (c == null) {
            StandardCredentials other = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run, requirements(url));
            String otherType = other == null ? null : other.getDescriptor().getDisplayName();
            throw new SetupException(StepSetupWords.unusableCredential(id, purpose, otherType, typeName(type), url));
        }
        return track ? CredentialsProvider.track(run, c) : c;
    }

    /** A build's credentials: found against its run at the time of use, as {@link #resolveForRun} (tracked when asked). */
    @NonNull public static SharedConnector.CredentialLookup forRun(@NonNull Run<?, ?> run, boolean track) {
        return new SharedConnector.CredentialLookup() {
            @Override public UserCredentials user(String id, StorageSystemSettings s) throws SetupException {
                StandardUsernamePasswordCredentials c = resolveForRun(run, id, s.url(), StandardUsernamePasswordCredentials.class,
                        "REST API user for storage system '" + s.name() + "'", track);
                return new UserCredentials(c.getUsername(), c.getPassword().getPlainText().toCharArray());
            }

            @Override public KeyStore certificates(String id, StorageSystemSettings s) throws SetupException {
                return resolveForRun(run, id, s.url(), StandardCertificateCredentials.class,
                        "trusted certificate of storage system '" + s.name() + "'", track).getKeyStore();
            }
        };
    }
}
