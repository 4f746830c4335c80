package io.jenkins.plugins.shadowimage.jenkins.credentials;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.shadowimage.core.client.BaseUrl;
import java.util.List;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * Where credentials are listed and where they are looked up, kept in one place so that both always use the
 * same context, authentication and domain requirements (the credentials plugin's consumer rule).
 *
 * <ul>
 *   <li>Builds resolve every id, including a storage system's default, with
 *       {@link CredentialsProvider#findCredentialById(String, Class, Run, List)} against the run, once per poll
 *       of a step, and record the use with
 *       {@link CredentialsProvider#track(Run, com.cloudbees.plugins.credentials.Credentials)} once per step (it
 *       saves the credential's fingerprint, so not at every poll).
 *   <li>So the global configuration lists only what a build can find: credentials visible from the root as
 *       SYSTEM, minus {@link CredentialsScope#SYSTEM} ones (those are invisible to items).
 *   <li>The Snippet Generator lists what the job's own authentication sees in the job.
 * </ul>
 */
public final class CredentialLookups {

    private CredentialLookups() {}

    /**
     * Domain requirements for an array URL, so a domain restricted to the array's host name matches. A URL the
     * core refuses (the form sends what is typed, password included) gives none, so it goes nowhere further.
     */
    @NonNull
    public static List<DomainRequirement> requirements(@CheckForNull String url) {
        return URIRequirementBuilder.fromUri(BaseUrl.problem(url) == null ? url.strip() : null).build();
    }

    /** SYSTEM-scoped credentials are never found by a build's lookup, so never offered for one. */
    private static CredentialsMatcher usableByBuilds() {
        return CredentialsMatchers.not(CredentialsMatchers.withScope(CredentialsScope.SYSTEM));
    }

    /** The dropdown of the global configuration. The caller has checked {@link Jenkins#ADMINISTER}. */
    @NonNull
    public static ListBoxModel globalListBox(
            @NonNull Class<? extends StandardCredentials> type, @CheckForNull String current, @CheckForNull String url) {
        return new StandardListBoxModel()
                .includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), type, requirements(url), usableByBuilds())
                .includeCurrentValue(current);
    }

    /** The dropdown of a step's {@code credentialsId} in the Snippet Generator of {@code item}. */
    @NonNull
    public static ListBoxModel itemListBox(
            @CheckForNull Item item,
            @NonNull Class<? extends StandardCredentials> type,
            @CheckForNull String current,
            @CheckForNull String url) {
        StandardListBoxModel model = new StandardListBoxModel();
        if (item == null) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return model.includeCurrentValue(current);
            }
            return model.includeEmptyValue()
                    .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), type, requirements(url), usableByBuilds())
                    .includeCurrentValue(current);
        }
        if (!item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            return model.includeCurrentValue(current);
        }
        Authentication auth = item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
        return model.includeEmptyValue()
                .includeMatchingAs(auth, item, type, requirements(url), CredentialsMatchers.always())
                .includeCurrentValue(current);
    }

    /** Form check of a credentials id chosen in the global configuration. Caller checked ADMINISTER. */
    @NonNull
    public static FormValidation checkGlobal(
            @NonNull String id, @CheckForNull String url, @NonNull Class<? extends StandardCredentials> type, @NonNull String typeName) {
        if (findGlobal(id, url, type) != null) {
            return FormValidation.ok();
        }
        StandardCredentials any = findGlobal(id, url, StandardCredentials.class);
        if (any != null) {
            return FormValidation.error("'" + id + "' is not a " + typeName + " credential.");
        }
        List<StandardCredentials> systemScoped = CredentialsProvider.lookupCredentialsInItemGroup(
                StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, requirements(url));
        if (CredentialsMatchers.firstOrNull(systemScoped, CredentialsMatchers.withId(id)) != null) {
            return FormValidation.error("'" + id + "' has the System scope, which builds cannot use. Give it the Global scope.");
        }
        return FormValidation.warning("No credential '" + id + "' is visible here (it may live in a folder or have been deleted).");
    }

    /** Looks an id up as the global configuration lists it (Test connection). */
    @CheckForNull
    public static <C extends StandardCredentials> C findGlobal(@NonNull String id, @CheckForNull String url, @NonNull Class<C> type) {
        List<C> all = CredentialsProvider.lookupCredentialsInItemGroup(type, Jenkins.get(), ACL.SYSTEM2, requirements(url));
        return CredentialsMatchers.firstOrNull(all, CredentialsMatchers.allOf(CredentialsMatchers.withId(id), usableByBuilds()));
    }

    /**
     * Resolves a credential for a build, at the time of use, and records its use on the run. Fails with a message
     * that says which id, what was expected and what to do, never with the secret.
     *
     * @param purpose what the credential is for, e.g. "REST API user of storage system 'vsp1'"
     */
    @NonNull
    public static <C extends StandardCredentials> C resolveForRun(
            @NonNull Run<?, ?> run,
            @NonNull String id,
            @CheckForNull String url,
            @NonNull Class<C> type,
            @NonNull String typeName,
            @NonNull String purpose)
            throws AbortException {
        return resolveForRun(run, id, url, type, typeName, purpose, true);
    }

    /**
     * As {@link #resolveForRun(Run, String, String, Class, String, String)}; {@code track} false skips
     * {@link CredentialsProvider#track}, which saves the credential's fingerprint: a step polling for hours records
     * its use once, not at every poll.
     */
    @NonNull
    public static <C extends StandardCredentials> C resolveForRun(
            @NonNull Run<?, ?> run,
            @NonNull String id,
            @CheckForNull String url,
            @NonNull Class<C> type,
            @NonNull String typeName,
            @NonNull String purpose,
            boolean track)
            throws AbortException {
        C found = CredentialsProvider.findCredentialById(id, type, run, requirements(url));
        if (found == null) {
            StandardCredentials other = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run, requirements(url));
            if (other != null) {
                throw new AbortException("Credentials '" + id + "' (" + purpose + ") are of type '"
                        + other.getDescriptor().getDisplayName() + "'; a '" + typeName + "' credential is required.");
            }
            throw new AbortException("Credentials '" + id + "' (" + purpose + ") were not found. Check the id, that the "
                    + "credential is visible to this job (Global scope, in this folder or above) and that its domain "
                    + "matches " + (url == null ? "the array URL" : url) + ".");
        }
        return track ? CredentialsProvider.track(run, found) : found;
    }
}
