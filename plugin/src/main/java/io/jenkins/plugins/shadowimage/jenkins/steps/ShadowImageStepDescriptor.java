package io.jenkins.plugins.shadowimage.jenkins.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.shadowimage.core.config.StepSetupWords;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemSettings;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.ParameterChecks;
import io.jenkins.plugins.shadowimage.core.runtime.OperationWords;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import io.jenkins.plugins.shadowimage.jenkins.credentials.CredentialLookups;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The descriptor of every ShadowImage step: its name, the context it needs (a run and its log, no workspace, so it runs
 * without {@code node {}}), and the Snippet Generator's dropdowns and checks, which are core's {@link ParameterChecks}.
 * Every form method requires POST and checks permissions first: in a job, the ability to read its configuration or use
 * its credentials; outside a job, {@link Jenkins#ADMINISTER}.
 */
public abstract class ShadowImageStepDescriptor extends StepDescriptor {

    private final String functionName;
    private final String displayName;
    /** The operation whose required fields the form marks ({@link ParameterChecks#required}). */
    private final OperationType formType;

    protected ShadowImageStepDescriptor(String functionName, String displayName, OperationType formType) {
        this.functionName = functionName;
        this.displayName = displayName;
        this.formType = formType;
    }

    @Override public String getFunctionName() { return functionName; }
    @Override public String getDisplayName() { return displayName; }
    @Override public Set<? extends Class<?>> getRequiredContext() { return Set.of(Run.class, TaskListener.class); }

    /** Shows "storage: group / pair" in the Pipeline steps view. */
    @Override public String argumentsToString(Map<String, Object> namedArgs) {
        String shown = OperationWords.arguments(namedArgs.get("storage"), namedArgs.get("copyGroupName"), namedArgs.get("copyPairName"));
        return shown == null ? super.argumentsToString(namedArgs) : shown;
    }

    private static void checkConfigure(Item item) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        } else {
            item.checkAnyPermission(Item.EXTENDED_READ, CredentialsProvider.USE_ITEM);
        }
    }

    private static ListBoxModel listBox(List<StepSetupWords.Choice> choices) {
        ListBoxModel m = new ListBoxModel();
        choices.forEach(c -> m.add(c.label(), c.value()));
        return m;
    }

    @POST public ListBoxModel doFillStorageItems(@AncestorInPath Item item, @QueryParameter String storage) {
        return listBox(StepSetupWords.storageChoices(StorageSystemsConfiguration.get().settings(), storage,
                CredentialLookups.canConfigure(item)));
    }

    @POST public FormValidation doCheckStorage(@AncestorInPath Item item, @QueryParameter String value) {
        checkConfigure(item);
        return StorageSystem.validation(StepSetupWords.storageFieldAmong(value, StorageSystemsConfiguration.get().settings(),
                item == null ? null : item.getFullName()));
    }

    /** Lists credentials the way the build will look them up: in this job, as the job's authentication. */
    @POST public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId,
            @QueryParameter String storage) {
        StorageSystemSettings s = StorageSystemSettings.find(StorageSystemsConfiguration.get().settings(), storage);
        ListBoxModel m = CredentialLookups.itemListBox(item, StandardUsernamePasswordCredentials.class, credentialsId,
                s == null ? null : s.url());
        if (!m.isEmpty() && m.get(0).value.isEmpty()) {
            m.get(0).name = StepSetupWords.DEFAULT_CREDENTIALS;
        }
        return m;
    }

    @POST public ListBoxModel doFillWaitForItems(@AncestorInPath Item item) {
        checkConfigure(item);
        return listBox(StepSetupWords.waitForChoices());
    }

    /** The field checks: core's rules of each parameter ({@link ParameterChecks}). */
    private FormValidation check(Item item, String param, String value) {
        checkConfigure(item);
        String problem = ParameterChecks.check(formType, param, value);
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }

    @POST public FormValidation doCheckCopyGroupName(@AncestorInPath Item item, @QueryParameter String value) {
        return check(item, "copyGroupName", value);
    }
    @POST public FormValidation doCheckCopyPairName(@AncestorInPath Item item, @QueryParameter String value) {
        return check(item, "copyPairName", value);
    }
    @POST public FormValidation doCheckPvolDeviceGroupName(@AncestorInPath Item item, @QueryParameter String value) {
        return check(item, "pvolDeviceGroupName", value);
    }
    @POST public FormValidation doCheckSvolDeviceGroupName(@AncestorInPath Item item, @QueryParameter String value) {
        return check(item, "svolDeviceGroupName", value);
    }
    @POST public FormValidation doCheckPvolLdevId(@AncestorInPath Item item, @QueryParameter String value) {
        return check(item, "pvolLdevId", value);
    }
    @POST public FormValidation doCheckSvolLdevId(@AncestorInPath Item item, @QueryParameter String value) {
        return check(item, "svolLdevId", value);
    }
    @POST public FormValidation doCheckCopyPace(@AncestorInPath Item item, @QueryParameter String value) {
        return check(item, "copyPace", value);
    }
    @POST public FormValidation doCheckPvolMuNumber(@AncestorInPath Item item, @QueryParameter String value) {
        return check(item, "pvolMuNumber", value);
    }
    @POST public FormValidation doCheckConsistencyGroupId(@AncestorInPath Item item, @QueryParameter String value) {
        return check(item, "consistencyGroupId", value);
    }
    @POST public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
        return check(item, "timeout", value);
    }
}
