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

    @DataBoundSetter
    public void setStorageSystems(List<StorageSystem> storageSystems) {
        this.storageSystems = storageSystems == null ? new ArrayList<>() : new ArrayList<>(storageSystems);
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
            m.add(s.getName() + " (" + s.getUrl() + ")", s.getName());
            seen |= s.getName().equals(current);
        }
        if (!seen && current != null && !current.isEmpty()) {
            m.add(current + " (not configured)", current);
        }
        return m;
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws Descriptor.FormException {
        // Deleting every entry in the form sends no list at all, so the setter would not be called: clear first.
        try (BulkChange bc = new BulkChange(this)) {
            storageSystems = new ArrayList<>();
            req.bindJSON(this, json);
            validateNames();
            bc.commit();
        } catch (IOException e) {
            throw new Descriptor.FormException("Could not save the VSP storage systems: " + e.getMessage(), e, "storageSystems");
        }
        return true;
    }

    private void validateNames() throws Descriptor.FormException {
        Set<String> names = new HashSet<>();
        for (StorageSystem s : storageSystems) {
            String error = StorageSystem.nameError(s.getName());
            if (error == null) {
                // getUrl() no longer has the user/password the admin typed: say why it is refused.
                error = s.hadUserInfo() ? StorageSystem.USER_INFO_ERROR : StorageSystem.urlError(s.getUrl());
            }
            if (error == null && !names.add(s.getName())) {
                error = "two storage systems have this name; names must be unique.";
            }
            if (error != null) {
                throw new Descriptor.FormException("Storage system '" + s.getName() + "': " + error, "storageSystems");
            }
        }
    }
}
