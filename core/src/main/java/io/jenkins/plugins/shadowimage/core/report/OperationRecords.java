package io.jenkins.plugins.shadowimage.core.report;

import java.util.List;
import java.util.function.Consumer;

/** Where a surface keeps the records of its operations (a build's "ShadowImage pair operations"). */
public interface OperationRecords {

    /** Adds the record once per id: a resumed operation finds its own. */
    void begin(PairOperationRecord record);

    /** Changes the record of this id, if there is one, and stores it. */
    void update(String id, Consumer<PairOperationRecord> change);

    /** {@link #begin} on a surface's list of records: adds it unless one of its id is there; false when it was. */
    static boolean addOnce(List<PairOperationRecord> records, PairOperationRecord record) {
        return find(records, record.getId()) == null && records.add(record);
    }

    /** The record of this id in a surface's list, or null. */
    static PairOperationRecord find(List<PairOperationRecord> records, String id) {
        return records.stream().filter(r -> r.getId().equals(id)).findFirst().orElse(null);
    }
}
