package io.jenkins.plugins.shadowimage.jenkins.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.BulkChange;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Descriptor;
import hudson.util.ListBoxModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jenkins.model.GlobalConfiguration;
import jenkins.model.GlobalConfigurationCategory;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * "VSP storage systems" in Manage Jenkins: the arrays pipelines may operate on, by name. Configuration as
 * Code key: {@code unclassified: vspStorageSystems: storageSystems: [...]}.
 */
@Extension
@Symbol("vspStorageSystems")
public class StorageSystemsConfiguration extends GlobalConfiguration {

    private List<StorageSystem> storageSystems = new ArrayList<>();

    public StorageSystemsConfiguration() {
        load();
    }

    @Override
    public synchronized void load() {
        super.load();
        // Loading dropped every refused URL (StorageSystem.readResolve): rewrite the file so none stays on disk.
        if (getStorageSystems().stream().anyMatch(s -> s.urlProblem() != null)) {
            save();
        }
    }

    @NonNull
    public static StorageSystemsConfiguration get() {
        return ExtensionList.lookupSingleton(StorageSystemsConfiguration.class);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return "VSP storage systems";
    }

    @NonNull
    @Override
    public GlobalConfigurationCategory getCategory() {
        return GlobalConfigurationCategory.get(GlobalConfigurationCategory.Unclassified.class);
    }

    @NonNull
    public List<StorageSystem> getStorageSystems() {
        return storageSystems == null ? List.of() : List.copyOf(storageSystems);
    }

    /**
     * Replaces the list (Configuration as Code and scripts come here without the form's checks).
     *
     * @throws IllegalArgumentException naming the first unusable system and why, never quoting its URL
     */
    @DataBoundSetter
    public void setStorageSystems(List<StorageSystem> storageSystems) {
        List<StorageSystem> list = storageSystems == null ? new ArrayList<>() : new ArrayList<>(storageSystems);
        String problem = problem(list);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.storageSystems = list;
        save();
    }

    /** The storage system of that name, or {@code null}. */
    @CheckForNull
    public StorageSystem findSystem(String name) {
        if (name == null) {
            return null;
        }
        for (StorageSystem s : getStorageSystems()) {
            if (name.equals(s.getName())) {
                return s;
            }
        }
        return null;
    }

    /** Names for a step's {@code storage} dropdown. */
    @NonNull
    public ListBoxModel nameItems(String current) {
        ListBoxModel m = new ListBoxModel();
        boolean seen = false;
        for (StorageSystem s : getStorageSystems()) {
            m.add(s.getName() + " (" + (s.getUrl() == null ? "no usable URL" : s.getUrl()) + ")", s.getName());
            seen |= s.getName().equals(current);
        }
        if (!seen && current != null && !current.isEmpty()) {
            m.add(current + " (not configured)", current);
        }
        return m;
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws Descriptor.FormException {
        // The list is bound here, not by binding this object, so that a refused entry leaves the saved list
        // untouched and is reported as a form error. Deleting every entry sends no list at all: that is empty.
        Object entries = json.get("storageSystems");
        List<StorageSystem> list = entries == null ? new ArrayList<>() : req.bindJSONToList(StorageSystem.class, entries);
        String problem = problem(list);
        if (problem != null) {
            throw new Descriptor.FormException(problem, "storageSystems");
        }
        try (BulkChange bc = new BulkChange(this)) {
            setStorageSystems(list);
            bc.commit();
        } catch (IOException e) {
            throw new Descriptor.FormException("Could not save the VSP storage systems: " + e.getMessage(), e, "storageSystems");
        }
        return true;
    }

    /** Why this list cannot be saved (the first unusable system and the reason), or {@code null}. */
    @CheckForNull
    static String problem(List<StorageSystem> list) {
        Set<String> names = new HashSet<>();
        for (StorageSystem s : list) {
            String error = StorageSystem.nameError(s.getName());
            if (error == null && s.urlProblem() != null) {
                error = "REST API URL refused: " + s.urlProblem() + ".";
            }
            if (error == null && !names.add(s.getName())) {
                error = "two storage systems have this name; names must be unique.";
            }
            if (error != null) {
                return "Storage system '" + s.getName() + "': " + error;
            }
        }
        return null;
    }
}
