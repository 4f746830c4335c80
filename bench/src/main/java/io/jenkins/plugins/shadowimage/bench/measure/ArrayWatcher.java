package io.jenkins.plugins.shadowimage.bench.measure;

import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the simulated array in-process (no REST call) every millisecond and records when each job
 * first showed {@code Completed} and when each pair first showed each P-VOL status. This is "the array
 * reaching the state" against which a client's noticing is measured.
 */
public final class ArrayWatcher implements AutoCloseable {

    private final ArrayUnderTest array;
    private final Map<Long, Long> jobCompletedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> pairStatusAt = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public ArrayWatcher(ArrayUnderTest array) {
        this.array = array;
        this.thread = new Thread(this::loop, "bench-array-watcher");
        this.thread.setDaemon(true);
        this.thread.setPriority(Thread.MAX_PRIORITY);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            long now = System.nanoTime();
            array.jobStatuses().forEach((id, status) -> {
                if ("Completed".equals(status)) {
                    jobCompletedAt.putIfAbsent(id, now);
                }
            });
            array.pairStatuses().forEach((pair, status) -> pairStatusAt.putIfAbsent(pair + "=" + status, now));
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** When the job was first seen completed, or -1. */
    public long jobCompletedAt(long jobId) {
        return jobCompletedAt.getOrDefault(jobId, -1L);
    }

    /** The highest job id seen completed, or -1: the job a single-operation measurement created. */
    public long lastCompletedJob() {
        return jobCompletedAt.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    /** When the pair's P-VOL was first seen in {@code status}, or -1. */
    public long pairStatusAt(String pairName, String status) {
        return pairStatusAt.getOrDefault(pairName + "=" + status, -1L);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
