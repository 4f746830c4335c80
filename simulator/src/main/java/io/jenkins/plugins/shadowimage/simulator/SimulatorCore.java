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

    SimulatorCore(SimulatorConfig config) {
        this.config = config;
        this.clock = new SimClock(config.clock(), config.timeScale());
        this.sessions = new SessionRegistry(clock, config.sessionLimit(), config.sessionExpiryGraceSeconds());
        this.jobs = new JobRegistry(config.jobRetention());
        this.storage = new StorageState(config, clock);
        this.log = new RequestLog(config.requestLogCapacity());
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
        armStartupFaults();
    }
}
