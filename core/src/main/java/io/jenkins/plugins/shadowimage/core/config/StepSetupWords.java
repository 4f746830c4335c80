package io.jenkins.plugins.shadowimage.core.config;

import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a step says when its setup is wrong (no such storage system, no credentials, a job the system refuses),
 * before any request. The surface only names itself and where an administrator changes the setting.
 */
public final class StepSetupWords {

    private static final String WHERE = "Manage Jenkins » VSP storage systems";

    private StepSetupWords() {}

    /** No storage system of that name (or none named): lists the configured ones, so a typo is seen at once. */
    public static String missingSystem(String surface, String storageName, List<String> known) {
        if (storageName == null) {
            return surface + ": 'storage' is required: the name of a storage system configured in " + WHERE + ".";
        }
        return surface + ": no storage system named '" + storageName + "' is configured (" + WHERE + ")"
                + (known.isEmpty() ? "; none are." : "; known: " + String.join(", ", known) + ".");
    }

    public static String noDefaultCredentials(String surface, String systemName) {
        return surface + ": storage system '" + systemName + "' has no default credentials; "
                + "pass credentialsId: '<id of a Username with password credential>'.";
    }

    /** The job is not among those the storage system allows ({@link StorageSystemSettings#refusal}). */
    public static String jobRefused(String surface, String refusal) {
        return surface + ": " + refusal + ". An administrator can change them in " + WHERE + " » Allowed jobs.";
    }

    /**
     * A credential id a build could not use: of another type ({@code foundType} its display name) or not found.
     *
     * @param purpose what the credential is for, e.g. "REST API user for storage system 'vsp1'"
     */
    public static String unusableCredential(String id, String purpose, String foundType, String wantedType, String url) {
        return "Credentials '" + id + "' (" + purpose + ") " + (foundType != null
                ? "are of type '" + foundType + "'; a '" + wantedType + "' credential is required."
                : "were not found. Check the id, that the credential is visible to this job (Global scope, in this "
                        + "folder or above) and that its domain matches " + (url == null ? "the array URL" : url) + ".");
    }

    /**
     * The check of a credential id chosen in the global configuration: builds must be able to use it.
     *
     * @param systemScope null: no credential of this id is visible there; else whether it has the System scope
     * @param wantedType whether it is of the type the field needs, named {@code typeName}
     */
    public static FieldCheck globalCredential(String id, Boolean systemScope, boolean wantedType, String typeName) {
        if (systemScope == null) {
            return FieldCheck.warning("No credential '" + id + "' is visible here (it may live in a folder or have been deleted).");
        }
        if (systemScope) {
            return FieldCheck.error("'" + id + "' has the System scope, which builds cannot use. Give it the Global scope.");
        }
        return wantedType ? FieldCheck.ok() : FieldCheck.error("'" + id + "' is not a " + typeName + " credential.");
    }

    /** Test connection without usable login credentials. */
    public static String noTestCredentials(String id) {
        return id == null ? "Select the credentials to log in with."
                : "Credentials '" + id + "' were not found among the Username with password credentials builds can use.";
    }

    /**
     * The check of a step's {@code storage} field in the Snippet Generator: the system must exist and allow the job
     * ({@code jobFullName} null outside a job); a pause only warns, as the build would wait.
     */
    public static FieldCheck storageField(String name, StorageSystemSettings system, String jobFullName) {
        if (name == null) {
            return FieldCheck.error("Choose a storage system (" + WHERE + ").");
        }
        if (system == null) {
            return FieldCheck.error("No storage system named '" + name + "' is configured.");
        }
        String refusal = jobFullName == null ? null : system.refusal(jobFullName);
        if (refusal != null) {
            return FieldCheck.error("The build would fail: " + refusal + ".");
        }
        return system.operationsPaused() ? FieldCheck.warning("Currently " + system.pauseNotice()) : FieldCheck.ok();
    }

    /** {@link #storageField(String, StorageSystemSettings, String)} of the field's text, among the configured systems. */
    public static FieldCheck storageFieldAmong(String text, List<StorageSystemSettings> configured, String jobFullName) {
        return storageField(text == null || text.isBlank() ? null : text.strip(), StorageSystemSettings.find(configured, text),
                jobFullName);
    }

    /** A storage system in a step's dropdown: its name and where it points. */
    public static String dropdownLabel(String name, String url) {
        return name + " (" + (url == null ? "no usable URL" : url) + ")";
    }

    /** The empty choice of a step's credentials dropdown. */
    public static final String DEFAULT_CREDENTIALS = "- the storage system's default -";

    /** One entry of a form's dropdown: what it shows and the value it sets. */
    public record Choice(String label, String value) {}

    /**
     * A step's storage dropdown: each configured system ({@link #dropdownLabel}), and a current value that names none,
     * kept and marked as such; one who may not see the configuration ({@code mayConfigure} false) sees only the
     * current value.
     */
    public static List<Choice> storageChoices(List<StorageSystemSettings> configured, String current, boolean mayConfigure) {
        List<Choice> choices = new ArrayList<>();
        boolean known = false;
        for (StorageSystemSettings s : mayConfigure ? configured : List.<StorageSystemSettings>of()) {
            choices.add(new Choice(dropdownLabel(s.name(), s.url()), s.name()));
            known |= s.name().equals(current);
        }
        if (!known && current != null && !current.isEmpty()) {
            choices.add(new Choice(mayConfigure ? current + " (not configured)" : current, current));
        }
        return choices;
    }

    /** What a step may wait for, as its dropdown lists it. */
    public static List<Choice> waitForChoices() {
        return Arrays.stream(WaitFor.values()).map(w -> new Choice(w.description(), w.name())).toList();
    }
}
