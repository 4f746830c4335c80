package io.jenkins.plugins.shadowimage.simulator;

/** The state of one simulated storage system, shared by the REST API, the admin API and {@link SimulatorAdmin}. */
final class SimulatorCore {
    final SimulatorConfig config;
    final SimClock clock;
    final SessionRegistry sessions;
    final JobRegistry jobs;
    final StorageState storage;
    final FaultInjector faults = new FaultInjector();
    final RequestLog log;
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
        this.latency = new long[] {config.requestLatencyMin().toNanos(), config.requestLatencyMax().toNanos()};
        armStartupFaults();
    }

    private void armStartupFaults() {
        config.startupFaults().forEach(faults::add);
        for (SimulatorConfig.FailedJobs f : config.startupJobFailures()) {
            faults.failNextJobs(f.count(), f.messageId(), f.ssb1(), f.ssb2());
        }
        faults.slowJobs(config.startupSlowJobs());
    }

    void reset() {
        faults.clear();
        sessions.expireAll();
        jobs.clear();
        storage.reset();
        log.clear();
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

    /** Waits the configured request latency (real time); an interrupt ends the wait early. */
    void simulateLatency() {
        long[] l = latency;
        long nanos = l[1] <= l[0] ? l[0] : java.util.concurrent.ThreadLocalRandom.current().nextLong(l[0], l[1] + 1);
        if (nanos > 0) {
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
