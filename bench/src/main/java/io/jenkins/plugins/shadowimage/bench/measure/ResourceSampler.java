package io.jenkins.plugins.shadowimage.bench.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * Samples the JVM and the simulated array every few milliseconds while a measurement runs and keeps
 * the peaks: open REST sessions on the array, live threads (all, and those that are not the
 * simulator's), and used heap.
 */
public final class ResourceSampler implements AutoCloseable {

    /** The peaks seen between start and close. */
    public record Peaks(int sessions, int threads, int clientThreads, long heapBytes, int connections, int samples) { }

    private final IntSupplier openSessions;
    private final IntSupplier connections;
    private final Predicate<Thread> simulatorThread;
    private final long periodMillis;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile int peakSessions;
    private volatile int peakThreads;
    private volatile int peakClientThreads;
    private volatile long peakHeap;
    private volatile int peakConnections = -1;
    private volatile int samples;

    public ResourceSampler(IntSupplier openSessions, Predicate<Thread> simulatorThread, long periodMillis) {
        this(openSessions, () -> -1, simulatorThread, periodMillis);
    }

    /** Also samples open connections, every tenth period (reading the OS's socket table costs more). */
    public ResourceSampler(IntSupplier openSessions, IntSupplier connections, Predicate<Thread> simulatorThread,
            long periodMillis) {
        this.openSessions = openSessions;
        this.connections = connections;
        this.simulatorThread = simulatorThread;
        this.periodMillis = periodMillis;
        this.sampler = new Thread(this::loop, "bench-resource-sampler");
        this.sampler.setDaemon(true);
        this.sampler.start();
    }

    private void loop() {
        while (running) {
            sampleOnce();
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleOnce() {
        peakSessions = Math.max(peakSessions, openSessions.getAsInt());
        Thread[] all = liveThreads();
        int threads = all.length;
        int client = 0;
        for (Thread t : all) {
            if (t != sampler && !simulatorThread.test(t)) {
                client++;
            }
        }
        peakThreads = Math.max(peakThreads, threads);
        peakClientThreads = Math.max(peakClientThreads, client);
        peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
        if (samples % 10 == 0) {
            peakConnections = Math.max(peakConnections, connections.getAsInt());
        }
        samples++;
    }

    /** Every live thread, without the safepoint cost of taking their stack traces. */
    static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 64];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return java.util.Arrays.copyOf(threads, n);
    }

    public Peaks peaks() {
        return new Peaks(peakSessions, peakThreads, peakClientThreads, peakHeap, peakConnections, samples);
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        sampler.interrupt();
        try {
            sampler.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampleOnce();
    }
}
