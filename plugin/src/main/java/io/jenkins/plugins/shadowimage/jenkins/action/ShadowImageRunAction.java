package io.jenkins.plugins.shadowimage.jenkins.action;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Api;
import hudson.model.Run;
import io.jenkins.plugins.shadowimage.core.report.ArrayErrorRecord;
import io.jenkins.plugins.shadowimage.core.report.MemberRecord;
import io.jenkins.plugins.shadowimage.core.report.OperationRecords;
import io.jenkins.plugins.shadowimage.core.report.PairOperationRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * "ShadowImage pair operations" of a build, on its page and in {@code <build>/shadowimage/api/json}: the records
 * of core's {@link PairOperationRecord}, which decides what they hold and how they read; core's
 * {@link io.jenkins.plugins.shadowimage.core.runtime.ReportingContext} writes them.
 */
@ExportedBean
public final class ShadowImageRunAction implements RunAction2, OperationRecords {

    private static final Logger LOGGER = Logger.getLogger(ShadowImageRunAction.class.getName());
    /** Guards get-or-add across steps running in parallel branches (never the run's own monitor). */
    private static final Object ATTACH_LOCK = new Object();

    private final List<PairOperationRecord> operations = new ArrayList<>();
    private transient Run<?, ?> run;

    /** {@code build.xml} names the records as when they lived here; META-INF/hudson.remoting.ClassFilter admits them. */
    @Initializer(before = InitMilestone.PLUGINS_STARTED)
    public static void keepRecordNames() {
        String former = "io.jenkins.plugins.shadowimage.jenkins.action.";
        Run.XSTREAM2.alias(former + "PairOperationRecord", PairOperationRecord.class);
        Run.XSTREAM2.alias(former + "MemberRecord", MemberRecord.class);
        Run.XSTREAM2.alias(former + "ArrayErrorRecord", ArrayErrorRecord.class);
    }

    @NonNull public static ShadowImageRunAction of(@NonNull Run<?, ?> run) {
        synchronized (ATTACH_LOCK) {
            ShadowImageRunAction a = run.getAction(ShadowImageRunAction.class);
            if (a == null) {
                a = new ShadowImageRunAction();
                run.addAction(a);
            }
            return a;
        }
    }

    @Override public void onAttached(Run<?, ?> r) { this.run = r; }
    @Override public void onLoad(Run<?, ?> r) { this.run = r; }
    public Run<?, ?> getRun() { return run; }
    public Api getApi() { return new Api(this); }
    public synchronized List<PairOperationRecord> getOperations() { return List.copyOf(operations); }

    @Exported(name = "operations")
    public synchronized List<Map<String, Object>> getExportedOperations() {
        return operations.stream().map(PairOperationRecord::toMap).toList();
    }

    @CheckForNull public synchronized PairOperationRecord find(String id) { return OperationRecords.find(operations, id); }

    @Override public void begin(PairOperationRecord record) {
        synchronized (this) {
            if (!OperationRecords.addOnce(operations, record)) {
                return;
            }
        }
        save();
    }

    @Override public void update(String id, Consumer<PairOperationRecord> change) {
        PairOperationRecord r = find(id);
        if (r != null) {
            change.accept(r);
            save();
        }
    }

    private void save() {
        try {
            if (run != null) {
                run.save();
            }
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not save the ShadowImage operations of " + run, e);
        }
    }

    @Override public String getIconFileName() { return "symbol-server"; }
    @Override public String getDisplayName() { return "ShadowImage pair operations"; }
    @Override public String getUrlName() { return "shadowimage"; }
}
