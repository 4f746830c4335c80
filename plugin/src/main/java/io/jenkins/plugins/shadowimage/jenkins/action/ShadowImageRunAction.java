package io.jenkins.plugins.shadowimage.jenkins.action;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Api;
import hudson.model.Run;
import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * "ShadowImage pair operations" of a build: every pair operation its steps ran, on the build page and through
 * the REST API ({@code <build>/api/json?tree=actions[operations[*]]} or {@code <build>/shadowimage/api/json}).
 */
@ExportedBean
public final class ShadowImageRunAction implements RunAction2 {

    private static final Logger LOGGER = Logger.getLogger(ShadowImageRunAction.class.getName());

    /** Guards get-or-add across steps running in parallel branches (never the run's own monitor). */
    private static final Object ATTACH_LOCK = new Object();

    private final List<PairOperationRecord> operations = new ArrayList<>();
    private transient Run<?, ?> run;

    /** The build's action, added if missing. */
    @NonNull
    public static ShadowImageRunAction of(@NonNull Run<?, ?> run) {
        synchronized (ATTACH_LOCK) {
            ShadowImageRunAction a = run.getAction(ShadowImageRunAction.class);
            if (a == null) {
                a = new ShadowImageRunAction();
                run.addAction(a);
            }
            return a;
        }
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    /** The build (for the page's side panel). */
    public Run<?, ?> getRun() {
        return run;
    }

    /** {@code <build>/shadowimage/api/json}: the operations through the Jenkins REST API. */
    public Api getApi() {
        return new Api(this);
    }

    @Exported(inline = true)
    public synchronized List<PairOperationRecord> getOperations() {
        return List.copyOf(operations);
    }

    @CheckForNull
    public synchronized PairOperationRecord find(String id) {
        for (PairOperationRecord r : operations) {
            if (r.getId().equals(id)) {
                return r;
            }
        }
        return null;
    }

    /** Adds a record (once per id: a resumed step finds its own). */
    public PairOperationRecord begin(PairOperationRecord record) {
        synchronized (this) {
            PairOperationRecord existing = find(record.getId());
            if (existing != null) {
                return existing;
            }
            operations.add(record);
        }
        save();
        return record;
    }

    public void update(String id, Integer pvolLdevId, Integer svolLdevId, String statusAfter, String splitTime,
            List<Long> jobIds, PairOperationRecord.Outcome outcome, String message) {
        PairOperationRecord r = find(id);
        if (r == null) {
            return;
        }
        r.update(pvolLdevId, svolLdevId, statusAfter, splitTime, jobIds, outcome, message, System.currentTimeMillis());
        save();
    }

    /**
     * Records a successful operation from the engine's result: the split facts (a freeze time of this run, or
     * "split before this run, not later than") are decided here, for the pair and for each group member.
     */
    public void succeeded(String id, @CheckForNull OperationType type, @NonNull PairInfo result) {
        PairOperationRecord r = find(id);
        if (r == null) {
            return;
        }
        r.succeeded(type, result, System.currentTimeMillis());
        save();
    }

    /**
     * Keeps what the array said about a refused operation (its message id, SSB codes, solutionType,
     * detailCode, errorSource), next to the failure {@link #update} records; nothing when the array said nothing.
     */
    public void arrayError(String id, @CheckForNull VspApiException error) {
        PairOperationRecord r = find(id);
        ArrayErrorRecord facts = ArrayErrorRecord.of(error);
        if (r == null || facts == null) {
            return;
        }
        r.arrayError(facts);
        save();
    }

    public void statusBefore(String id, String status) {
        PairOperationRecord r = find(id);
        if (r != null && status != null) {
            r.setStatusBefore(status);
            save();
        }
    }

    private void save() {
        Run<?, ?> r = run;
        if (r == null) {
            return;
        }
        try {
            r.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not save the ShadowImage operations of " + r, e);
        }
    }

    @Override
    public String getIconFileName() {
        return "symbol-server";
    }

    @Override
    public String getDisplayName() {
        return "ShadowImage pair operations";
    }

    @Override
    public String getUrlName() {
        return "shadowimage";
    }
}
