package io.jenkins.plugins.shadowimage.jenkins.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Descriptor;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemRules;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemSettings;
import java.util.ArrayList;
import java.util.List;
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
@Extension @Symbol("vspStorageSystems")
public class StorageSystemsConfiguration extends GlobalConfiguration {

    private List<StorageSystem> storageSystems = new ArrayList<>();

    public StorageSystemsConfiguration() { load(); }

    @Override public synchronized void load() {
        super.load();
        // Loading dropped every refused URL (StorageSystem.readResolve): rewrite the file so none stays on disk.
        if (getStorageSystems().stream().anyMatch(s -> s.urlProblem() != null)) {
            save();
        }
    }

    @NonNull public static StorageSystemsConfiguration get() { return ExtensionList.lookupSingleton(StorageSystemsConfiguration.class); }
    @NonNull @Override public String getDisplayName() { return "VSP storage systems"; }

    @NonNull @Override public GlobalConfigurationCategory getCategory() {
        return GlobalConfigurationCategory.get(GlobalConfigurationCategory.Unclassified.class);
    }

    @NonNull public List<StorageSystem> getStorageSystems() { return storageSystems == null ? List.of() : List.copyOf(storageSystems); }

    /** Configuration as Code and scripts come here without the form's checks: refused the same way. */
    @DataBoundSetter public void setStorageSystems(List<StorageSystem> storageSystems) {
        List<StorageSystem> list = storageSystems == null ? new ArrayList<>() : new ArrayList<>(storageSystems);
        StorageSystemRules.requireSavable(list.stream().map(StorageSystem::settings).toList());
        this.storageSystems = list;
        save();
    }

    /** What core decides from: every system's settings. */
    @NonNull public List<StorageSystemSettings> settings() { return getStorageSystems().stream().map(StorageSystem::settings).toList(); }

    @CheckForNull public StorageSystem findSystem(String name) {
        return name == null ? null : getStorageSystems().stream().filter(s -> name.equals(s.getName())).findFirst().orElse(null);
    }

    @Override public boolean configure(StaplerRequest2 req, JSONObject json) throws Descriptor.FormException {
        // Bound here, not by binding this object, so that a refused entry leaves the saved list untouched and is
        // reported as a form error. Deleting every entry sends no list at all: that is empty.
        Object entries = json.get("storageSystems");
        try {
            setStorageSystems(entries == null ? List.of() : req.bindJSONToList(StorageSystem.class, entries));
        } catch (IllegalArgumentException e) {
            throw new Descriptor.FormException(e.getMessage(), "storageSystems");
        }
        return true;
    }
}
