package io.jenkins.plugins.shadowimage.simulator;

import java.time.Duration;

/** The state of one simulated storage system, shared by the REST API, the admin API and {@link SimulatorAdmin}. */
final class SimulatorCore {
    final SimulatorConfig config;
    final SimClock clock;
    final SessionRegistry sessions;
    final JobRegistry jobs;
    final StorageState storage;
    final FaultInjector faults = new FaultInjector();
    final RequestLog log;
    final RequestRate requestRate;
    /** Answers held by {@code Response-Job-Status} right now. */
    final java.util.concurrent.atomic.AtomicInteger heldResponses = new java.util.concurrent.atomic.AtomicInteger();
    volatile String certificatePem;
    /** Real-time delay range of every REST request, in nanoseconds: {min, max}. */
    private volatile long[] latency;

    SimulatorCore(SimulatorConfig config) {
        this.config = config;
        this.clock = new SimClock(config.clock(), config.timeScale());
        this.sessions = new SessionRegistry(clock, config.sessionLimit(), config.sessionExpiryGraceSeconds());
        this.jobs = new JobRegistry(config.jobRetention());
        this.storage = new StorageState(config, clock);
        this.log = new RequestLog(config.requestLogCapacity());
        this.requestRate = new RequestRate(config.requestRateLimit(), clock::realNanos);
        this.latency = new long[] {config.requestLatencyMin().toNanos(), config.requestLatencyMax().toNanos()};
        armStartupFaults();
    }

    private void armStartupFaults() {
        config.startupFaults().forEach(faults::add);
        for (SimulatorConfig.FailedJobs f : config.startupJobFailures()) {
            faults.failNextJobs(f.count(), f.messageId(), f.ssb1(), f.ssb2());
        }
        faults.slowJobs(config.startupSlowJobs());
        faults.lockNextJobs(config.startupLockedJobs());
        faults.quirkNextJobs(config.startupUnknownJobs(), FaultInjector.JobQuirk.Kind.UNKNOWN, null);
        faults.quirkNextJobs(config.startupForeignAffectedJobs(), FaultInjector.JobQuirk.Kind.FOREIGN_AFFECTED, null);
    }

    void reset() {
        faults.clear();
        sessions.expireAll();
        jobs.clear();
        storage.reset();
        log.clear();
        requestRate.reset();
        clock.setScale(config.timeScale());
        setLatency(config.requestLatencyMin(), config.requestLatencyMax());
        armStartupFaults();
    }

    void setLatency(java.time.Duration min, java.time.Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 <= min <= max: " + min + ", " + max);
        }
        latency = new long[] {min.toNanos(), max.toNanos()};
    }

    /**
     * Waits the configured request latency (real time). The delay is re-read while waiting, so lowering it
     * releases requests that are already waiting; an interrupt ends the wait early.
     */
    void simulateLatency() {
        simulateLatency(0);
    }

    /** Waits {@code d} of real time (an interrupt, at shutdown, ends the wait). */
    void pause(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The request latency plus {@code extraNanos} (a login's or a logout's). */
    void simulateLatency(long extraNanos) {
        double u = java.util.concurrent.ThreadLocalRandom.current().nextDouble();
        long start = System.nanoTime();
        while (true) {
            long[] l = latency;
            long target = start + extraNanos + l[0] + (long) (u * (l[1] - l[0]));
            long left = target - System.nanoTime();
            if (left <= 0) {
                return;
            }
            long nap = Math.min(left, 20_000_000L);
            try {
                Thread.sleep(nap / 1_000_000, (int) (nap % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
