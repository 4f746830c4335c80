package io.jenkins.plugins.shadowimage.simulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The last N jobs, oldest dropped first (spec §3.2). Job ids keep increasing across drops and resets. */
final class JobRegistry {
    private final Map<Long, SimulatedJob> jobs = new LinkedHashMap<>();
    private final int retention;
    private long nextId = 1;

    JobRegistry(int retention) {
        this.retention = retention;
    }

    synchronized long nextId() {
        return nextId++;
    }

    synchronized void add(SimulatedJob job) {
        jobs.put(job.jobId(), job);
        Iterator<Long> it = jobs.keySet().iterator();
        while (jobs.size() > retention && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    synchronized SimulatedJob get(long id) {
        return jobs.get(id);
    }

    synchronized List<SimulatedJob> all() {
        return new ArrayList<>(jobs.values());
    }

    synchronized void clear() {
        jobs.clear();
    }
}
