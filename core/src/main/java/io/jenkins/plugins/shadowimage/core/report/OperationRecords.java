package io.jenkins.plugins.shadowimage.core.report;

import java.util.function.Consumer;

/** Where a surface keeps the records of its operations (a build's "ShadowImage pair operations"). */
public interface OperationRecords {

    /** Adds the record once per id: a resumed operation finds its own. */
    void begin(PairOperationRecord record);

    /** Changes the record of this id, if there is one, and stores it. */
    void update(String id, Consumer<PairOperationRecord> change);
}
