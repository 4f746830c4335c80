package io.jenkins.plugins.shadowimage.jenkins.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import io.jenkins.plugins.shadowimage.jenkins.credentials.CredentialLookups;
import java.util.Map;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Shared descriptor behaviour of the ShadowImage steps: the context they need (a run and its log, no
 * workspace, so they run without {@code node {}}), the Snippet Generator's dropdowns and checks.
 *
 * <p>Every form method requires POST and checks permissions first: in a job, the ability to configure or read
 * its configuration (or to use its credentials); outside a job, {@link Jenkins#ADMINISTER}.
 */
public abstract class ShadowImageStepDescriptor extends StepDescriptor {

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class);
    }

    /** Shows "storage / group / pair" in the Pipeline steps view. */
    @Override
    public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
        Object storage = namedArgs.get("storage");
        Object group = namedArgs.get("copyGroupName");
        Object pair = namedArgs.get("copyPairName");
        if (group == null) {
            return super.argumentsToString(namedArgs);
        }
        return (storage == null ? "" : storage + ": ") + group + (pair == null ? "" : " / " + pair);
    }

    private static boolean canConfigure(@CheckForNull Item item) {
        if (item == null) {
            return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        }
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    private static void checkConfigure(@CheckForNull Item item) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        } else {
            item.checkAnyPermission(Item.EXTENDED_READ, CredentialsProvider.USE_ITEM);
        }
    }

    @POST
    public ListBoxModel doFillStorageItems(@AncestorInPath Item item, @QueryParameter String storage) {
        if (!canConfigure(item)) {
            ListBoxModel m = new ListBoxModel();
            if (storage != null && !storage.isEmpty()) {
                m.add(storage);
            }
            return m;
        }
        return StorageSystemsConfiguration.get().nameItems(storage);
    }

    @POST
    public FormValidation doCheckStorage(@AncestorInPath Item item, @QueryParameter String value) {
        checkConfigure(item);
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.error("Choose a storage system (Manage Jenkins » VSP storage systems).");
        }
        StorageSystem s = StorageSystemsConfiguration.get().findSystem(v);
        if (s == null) {
            return FormValidation.error("No storage system named '" + v + "' is configured.");
        }
        String refusal = item == null ? null : s.settings().refusal(item.getFullName());
        if (refusal != null) {
            return FormValidation.error("The build would fail: " + refusal + ".");
        }
        if (s.isOperationsPaused()) {
            return FormValidation.warning("Currently " + s.settings().pauseNotice());
        }
        return FormValidation.ok();
    }

    /** Lists credentials the way the build will look them up: in this job, as the job's authentication. */
    @POST
    public ListBoxModel doFillCredentialsIdItems(
            @AncestorInPath Item item, @QueryParameter String credentialsId, @QueryParameter String storage) {
        if (!canConfigure(item)) {
            return new ListBoxModel().add(credentialsId == null ? "" : credentialsId);
        }
        StorageSystem s = StorageSystemsConfiguration.get().findSystem(Util.fixEmptyAndTrim(storage));
        ListBoxModel m = CredentialLookups.itemListBox(
                item, StandardUsernamePasswordCredentials.class, credentialsId, s == null ? null : s.getUrl());
        if (!m.isEmpty() && m.get(0).value.isEmpty()) {
            m.get(0).name = "- the storage system's default -";
        }
        return m;
    }

    @POST
    public ListBoxModel doFillWaitForItems(@AncestorInPath Item item) {
        checkConfigure(item);
        ListBoxModel m = new ListBoxModel();
        m.add("Until the operation completes on the array", WaitFor.COMPLETION.name());
        m.add("Until the array has accepted it (the copy continues in the background)", WaitFor.ACCEPTED.name());
        return m;
    }

    @POST
    public FormValidation doCheckCopyGroupName(@AncestorInPath Item item, @QueryParameter String value) {
        checkConfigure(item);
        return checkName(value, PairRequest.MAX_GROUP_NAME, copyGroupNameRequired());
    }

    @POST
    public FormValidation doCheckCopyPairName(@AncestorInPath Item item, @QueryParameter String value) {
        checkConfigure(item);
        return checkName(value, PairRequest.MAX_NAME, copyPairNameRequired());
    }

    /** Whether the step needs a copy group name; a listing of every pair does not. */
    protected boolean copyGroupNameRequired() {
        return true;
    }

    /** Whether the step needs a pair name; a step that may address the whole copy group does not. */
    protected boolean copyPairNameRequired() {
        return true;
    }

    @POST
    public FormValidation doCheckPvolDeviceGroupName(@AncestorInPath Item item, @QueryParameter String value) {
        checkConfigure(item);
        return checkName(value, PairRequest.MAX_NAME, false);
    }

    @POST
    public FormValidation doCheckSvolDeviceGroupName(@AncestorInPath Item item, @QueryParameter String value) {
        checkConfigure(item);
        return checkName(value, PairRequest.MAX_NAME, false);
    }

    /** Whether this step needs both LDEV ids; where they are optional they are guards. */
    protected boolean ldevIdsRequired() {
        return false;
    }

    @POST
    public FormValidation doCheckPvolLdevId(@AncestorInPath Item item, @QueryParameter String value) {
        checkConfigure(item);
        return checkLdevId(value);
    }

    @POST
    public FormValidation doCheckSvolLdevId(@AncestorInPath Item item, @QueryParameter String value) {
        checkConfigure(item);
        return checkLdevId(value);
    }

    private FormValidation checkLdevId(String value) {
        if (ldevIdsRequired() && Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.error("Required: an LDEV id between 0 and " + PairRequest.MAX_LDEV_ID + ".");
        }
        return checkInt(value, 0, PairRequest.MAX_LDEV_ID);
    }

    @POST
    public FormValidation doCheckCopyPace(@AncestorInPath Item item, @QueryParameter String value) {
        checkConfigure(item);
        return checkInt(value, 1, 15);
    }

    @POST
    public FormValidation doCheckPvolMuNumber(@AncestorInPath Item item, @QueryParameter String value) {
        checkConfigure(item);
        return checkInt(value, 0, 2);
    }

    @POST
    public FormValidation doCheckConsistencyGroupId(@AncestorInPath Item item, @QueryParameter String value) {
        checkConfigure(item);
        return checkInt(value, 0, 255);
    }

    @POST
    public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
        checkConfigure(item);
        return checkInt(value, 1, 7 * 24 * 60);
    }

    static FormValidation checkName(String value, int max, boolean required) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return required ? FormValidation.error("Required.") : FormValidation.ok();
        }
        if (v.length() > max) {
            return FormValidation.error("At most " + max + " characters.");
        }
        if (!PairRequest.NAME_CHARS.matcher(v).matches()) {
            return FormValidation.error("Only letters, digits and . _ : @ - are allowed.");
        }
        return FormValidation.ok();
    }

    static FormValidation checkInt(String value, int min, int max) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.ok();
        }
        try {
            int n = Integer.parseInt(v);
            return n < min || n > max ? FormValidation.error("Must be between " + min + " and " + max + ".") : FormValidation.ok();
        } catch (NumberFormatException e) {
            return FormValidation.error("Not a whole number.");
        }
    }
}
