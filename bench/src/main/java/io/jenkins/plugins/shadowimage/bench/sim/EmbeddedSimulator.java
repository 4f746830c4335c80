package io.jenkins.plugins.shadowimage.bench.sim;

import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTestSettings;
import io.jenkins.plugins.shadowimage.bench.subject.ArrayUnderTest;
import io.jenkins.plugins.shadowimage.bench.subject.ServedRequest;
import io.jenkins.plugins.shadowimage.bench.subject.ServerLimits;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.net.URI;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The project's simulator, started in the benchmark's JVM, as the benchmark's array under test. */
public final class EmbeddedSimulator implements ArrayUnderTest {

    private static final String USER = "user1";
    private static final String PASSWORD = "pass1";

    private final VspSimulator simulator;
    private final SimulatorAdmin admin;
    private final ArrayUnderTestSettings settings;

    private EmbeddedSimulator(VspSimulator simulator, ArrayUnderTestSettings settings) {
        this.simulator = simulator;
        this.admin = simulator.admin();
        this.settings = settings;
    }

    /** Starts a simulator shaped by {@code settings}, without server limits but the session cap. */
    public static EmbeddedSimulator start(ArrayUnderTestSettings settings) {
        return start(settings, ServerLimits.NONE);
    }

    /** Starts a simulator shaped by {@code settings}: HTTPS on loopback, Hitachi's sample user and LDEVs. */
    public static EmbeddedSimulator start(ArrayUnderTestSettings settings, ServerLimits limits) {
        SimulatorConfig.Builder config = SimulatorConfig.builder()
                .requestRateLimit(limits.requestsPerSecond())
                .loginLatency(limits.loginLatency())
                .requestLatency(limits.requestLatency(), limits.requestLatency())
                .timeScale(settings.timeScale())
                .jobDuration(settings.jobDurationMin(), settings.jobDurationMax())
                .copyRateMiBPerSecondPerPace(settings.copyMiBPerSecondPace())
                .sessionLimit(settings.sessionLimit())
                .jobRetention(1_000_000)
                .addLdev(SimulatorConfig.Ldev.of(ArrayUnderTestSettings.SAMPLE_PVOL, settings.ldevGiB() * SimulatorConfig.GIB_BLOCKS))
                .addLdev(SimulatorConfig.Ldev.of(ArrayUnderTestSettings.SAMPLE_SVOL, settings.ldevGiB() * SimulatorConfig.GIB_BLOCKS));
        if (settings.ldevCount() > 0) {
            config.addLdevRange(settings.firstLdevId(), settings.ldevCount(), settings.ldevGiB() * SimulatorConfig.GIB_BLOCKS);
        }
        return new EmbeddedSimulator(VspSimulator.start(config.build()), settings);
    }

    @Override
    public URI baseUrl() {
        return simulator.baseUrl();
    }

    @Override
    public String storageDeviceId() {
        return simulator.storageDeviceId();
    }

    @Override
    public String certificatePem() {
        return simulator.certificatePem();
    }

    @Override
    public String model() {
        return simulator.config().model();
    }

    @Override
    public long serialNumber() {
        return simulator.config().serialNumber();
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public ArrayUnderTestSettings settings() {
        return settings;
    }

    @Override
    public void settle() throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        long last = -1;
        long count = requestCount();
        while (count != last && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = count;
            count = requestCount();
        }
    }

    @Override
    public long requestCount() {
        return admin.requestCounters().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public Map<String, Long> requestCounters() {
        return admin.requestCounters();
    }

    @Override
    public List<String> requestSequence() {
        return admin.requests().stream().map(RequestRecord::endpoint).toList();
    }

    @Override
    public int openSessions() {
        return admin.openSessionCount();
    }

    /** Counts the server ends (local port = the array's) of established connections in /proc/net/tcp{,6}. */
    @Override
    public int establishedConnections() {
        String port = String.format(":%04X", simulator.baseUrl().getPort());
        int n = 0;
        boolean readable = false;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[1].endsWith(port) && "01".equals(f[3])) {
                        n++;
                    }
                }
                readable = true;
            } catch (java.io.IOException | RuntimeException e) {
                // Not Linux: no count.
            }
        }
        return readable ? n : -1;
    }

    @Override
    public long logMark() {
        List<RequestRecord> all = admin.requests();
        return all.isEmpty() ? 0 : all.get(all.size() - 1).sequence();
    }

    @Override
    public int peakSessionsSince(long mark, int openAtMark) {
        int open = openAtMark;
        int peak = openAtMark;
        for (RequestRecord r : admin.requests()) {
            if (r.sequence() <= mark || r.status() >= 300) {
                continue;
            }
            if (r.endpoint().equals("POST /sessions")) {
                peak = Math.max(peak, ++open);
            } else if (r.endpoint().equals("DELETE /sessions/{id}")) {
                open--;
            }
        }
        return peak;
    }

    @Override
    public Map<Long, String> jobStatuses() {
        Map<Long, String> statuses = new HashMap<>();
        for (SimulatorAdmin.JobInfo job : admin.jobs()) {
            statuses.put(job.jobId(), job.status());
        }
        return statuses;
    }

    @Override
    public Map<String, String> pairStatuses() {
        Map<String, String> statuses = new HashMap<>();
        for (SimulatorAdmin.PairInfo pair : admin.pairs()) {
            statuses.put(pair.copyPairName(), pair.pvolStatus());
        }
        return statuses;
    }

    @Override
    public List<ServedRequest> requestsAfter(long mark) {
        return admin.requests().stream().filter(r -> r.sequence() > mark)
                .map(r -> new ServedRequest(r.sequence(), r.time(), r.endpoint(), r.status())).toList();
    }

    @Override
    public Map<String, java.time.Instant> pairStatusSince() {
        Map<String, java.time.Instant> since = new HashMap<>();
        for (SimulatorAdmin.PairInfo pair : admin.pairs()) {
            since.put(pair.copyGroupName() + "/" + pair.copyPairName(), pair.statusSince());
        }
        return since;
    }

    @Override
    public Map<Long, java.time.Instant> jobCompletedTimes() {
        Map<Long, java.time.Instant> completed = new HashMap<>();
        for (SimulatorAdmin.JobInfo job : admin.jobs()) {
            if (job.completedTime() != null) {
                completed.put(job.jobId(), job.completedTime());
            }
        }
        return completed;
    }

    @Override
    public void requestRate(int perSecond) {
        admin.setRequestRateLimit(perSecond);
    }

    @Override
    public void timeScale(double factor) {
        admin.setTimeScale(factor);
    }

    @Override
    public boolean isSimulatorThread(Thread t) {
        String name = t.getName();
        return name.startsWith("vsp-simulator") || name.startsWith("HTTP-Dispatcher");
    }

    @Override
    public void close() {
        simulator.close();
    }
}
