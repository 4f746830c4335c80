package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.report.OperationRecords;
import io.jenkins.plugins.shadowimage.core.report.PairOperationRecord;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One operation's record among a surface's {@link OperationRecords}: its start, the status found before anything was
 * sent (once), and its end. A record that cannot be written is lost, never the operation: the log still says everything.
 */
final class OperationRecorder {

    private static final Logger LOG = Logger.getLogger(OperationRecorder.class.getName());

    private final String id;
    private final Callable<OperationRecords> records;
    private volatile boolean statusBeforeRecorded;

    /**
     * @param records the surface's records, looked up at each write (null: none)
     * @param statusBeforeRecorded whether the status before was recorded before (persisted by the surface)
     */
    OperationRecorder(String id, Callable<OperationRecords> records, boolean statusBeforeRecorded) {
        this.id = id;
        this.records = records;
        this.statusBeforeRecorded = statusBeforeRecorded;
    }

    /** Adds the record, once per id; false when the records could not be reached (a later begin may). */
    boolean begin(OperationState st, String storage, String url, String storageDeviceId) {
        return record(r -> r.begin(new PairOperationRecord(id, st.type().cliName(), storage, url, storageDeviceId,
                st.request().copyGroupName(), st.request().copyPairName(), System.currentTimeMillis())));
    }

    /** Records the status found before anything was sent, once the state knows it. */
    void saved(OperationState st) {
        String before = statusBeforeRecorded ? null : OperationWords.statusBefore(st);
        if (before != null) {
            statusBeforeRecorded = true;
            record(r -> r.update(id, rec -> rec.statusBefore(before)));
        }
    }

    boolean statusBeforeRecorded() {
        return statusBeforeRecorded;
    }

    void succeeded(OperationState st, PairInfo result) {
        record(r -> r.update(id, rec -> rec.succeeded(st.type(), result, System.currentTimeMillis())));
    }

    /** @param message the failure as the surface reports it */
    void failed(OperationState st, OperationFailure f, String message) {
        record(r -> r.update(id, rec -> rec.failed(f.kind() == OperationFailure.Kind.ABORTED, message, f.engineError(),
                f.partial(), st.lastPvolStatus(), st.jobIds(), System.currentTimeMillis())));
    }

    private boolean record(Consumer<OperationRecords> change) {
        try {
            OperationRecords r = records.call();
            if (r != null) {
                change.accept(r);
                return true;
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "could not record the progress of " + id, e);
        }
        return false;
    }
}
