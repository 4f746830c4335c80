package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.report.OperationRecords;
import io.jenkins.plugins.shadowimage.core.report.PairOperationRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** A surface's records, as a build keeps them, in memory. */
final class InMemoryRecords implements OperationRecords {

    final List<PairOperationRecord> all = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void begin(PairOperationRecord record) {
        OperationRecords.addOnce(all, record);
    }

    @Override
    public void update(String id, Consumer<PairOperationRecord> change) {
        all.stream().filter(r -> r.getId().equals(id)).forEach(change);
    }
}
