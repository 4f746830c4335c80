package io.jenkins.plugins.shadowimage.simulator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Everything that shapes one simulated storage system. Immutable; build it with {@link #builder()} or start
 * from {@link #defaults()}, which is what {@code java -jar vsp-simulator.jar} runs with (on a free port).
 *
 * <p>Simulated time: job durations and copy progress run on a clock that goes {@code timeScale} times as fast
 * as the real (monotonic) clock, so tests can run a 10-minute copy in a second. Session idle expiry and the
 * {@code Response-Max-Wait} cap are HTTP concerns and always use unscaled time.
 */
public final class SimulatorConfig {

    /** One REST user. Administrators may discard other users' sessions with {@code {"force": true}}. */
    public record User(String name, String password, boolean administrator) {
        public User {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "User[name=" + name + ", administrator=" + administrator + "]";
        }
    }

    /**
     * One defined LDEV. {@code dataReductionMode} is {@code disabled}, {@code compression} or
     * {@code compression_deduplication}; anything but {@code disabled} means capacity saving is on.
     */
    public record Ldev(int id, long blockCapacity, String emulationType, String dataReductionMode) {
        public Ldev {
            if (id < 0 || id > MAX_LDEV_ID) {
                throw new IllegalArgumentException("LDEV id out of range 0-" + MAX_LDEV_ID + ": " + id);
            }
            if (blockCapacity <= 0) {
                throw new IllegalArgumentException("blockCapacity must be positive: " + blockCapacity);
            }
            emulationType = emulationType == null ? "OPEN-V-CVS" : emulationType;
            dataReductionMode = dataReductionMode == null ? "disabled" : dataReductionMode;
        }

        public static Ldev of(int id, long blockCapacity) {
            return new Ldev(id, blockCapacity, "OPEN-V-CVS", "disabled");
        }

        public static Ldev withCapacitySaving(int id, long blockCapacity) {
            return new Ldev(id, blockCapacity, "OPEN-V-CVS", "compression_deduplication");
        }

        public boolean capacitySaving() {
            return !"disabled".equalsIgnoreCase(dataReductionMode);
        }
    }

    /** How a forbidden pair operation (or a create the storage refuses) is reported. Spec §5.3, UNCONFIRMED. */
    public enum RejectionMode {
        /** 202 and a job that ends Failed with KART30000-E and SSB codes (default). */
        FAILED_JOB,
        /** A synchronous 412 (409 for "already exists") with the same error object; no job. */
        HTTP_412
    }

    /** When a ShadowImage job reports Completed. Spec §3.3 and §10.2, UNCONFIRMED. */
    public enum SiJobCompletion {
        /** Once the request is accepted and the pair has entered its transitional status (default). */
        ON_ACCEPT,
        /** Only when every affected pair has reached its target status (PAIR, PSUS, ...). */
        ON_TARGET_STATUS
    }

    /** What a steady or quick split of a PSUE pair does. Spec §5.2, UNCONFIRMED. */
    public enum PsueSplitRule {
        /** Success without effect (the CCI "Acceptable" cell; default). */
        NO_OP,
        /** Rejected like any illegal transition (the Storage Navigator view). */
        REJECT
    }

    /** Validity window of the generated certificate, to test that clients refuse an out-of-date one. */
    public enum CertificateValidity {
        /** Valid from yesterday for ten years (default). */
        VALID,
        /** Expired: valid for 30 days, ending about a year ago. */
        EXPIRED,
        /** Not yet valid: its validity starts in about a year. */
        NOT_YET_VALID
    }

    /** Where the TLS key and certificate come from. */
    public sealed interface Tls permits Tls.Generated, Tls.Pkcs12, Tls.Pem {
        /** A self-signed certificate made at start, with SAN IP:127.0.0.1 and DNS:localhost. */
        record Generated(String keyAlgorithm) implements Tls {
        }

        /** A PKCS#12 key store; its first key entry is used. */
        record Pkcs12(Path file, char[] password) implements Tls {
        }

        /** PEM files: a certificate (chain) and an unencrypted PKCS#8 private key. */
        record Pem(Path certificateFile, Path privateKeyFile) implements Tls {
        }
    }

    public static final int MAX_LDEV_ID = 65279;
    /** 1 GiB in 512-byte blocks. */
    public static final long GIB_BLOCKS = 2L * 1024 * 1024;

    private final InetAddress bindAddress;
    private final int port;
    private final boolean https;
    private final Tls tls;
    private final List<User> users;
    private final List<Ldev> ldevs;
    private final String model;
    private final long serialNumber;
    private final String storageDeviceId;
    private final String apiVersion;
    private final double timeScale;
    private final LongSupplier clock;
    private final Duration jobDurationMin;
    private final Duration jobDurationMax;
    private final double copyRateMiBPerSecondPerPace;
    private final int defaultCopyPace;
    private final int resyncDifferentialPercent;
    private final int splitDifferentialPercent;
    private final int sessionLimit;
    private final int sessionExpiryGraceSeconds;
    private final Duration maxResponseWait;
    private final int jobRetention;
    private final RejectionMode rejectionMode;
    private final SiJobCompletion siJobCompletion;
    private final PsueSplitRule psueSplitRule;
    private final boolean deleteEmptyGroup;
    private final Duration deleteDuration;
    private final String deletingStatus;
    private final boolean basicAuthOnEveryEndpoint;
    private final boolean basicAuthCountsAgainstSessionLimit;
    private final boolean putOnInvoke;
    private final boolean reportPsupDuringQuickSplit;
    private final String nameCharacters;
    private final String adminToken;
    private final int requestLogCapacity;
    private final int maxThreads;
    private final List<Fault> startupFaults;
    private final List<FailedJobs> startupJobFailures;
    private final Duration startupSlowJobs;
    private final Duration requestLatencyMin;
    private final Duration requestLatencyMax;
    // Job reports (spec §3.3, §7.4)
    private final boolean noWaitHonoured;
    private final int startupLockedJobs;
    private final int startupUnknownJobs;
    private final int startupForeignAffectedJobs;
    private final boolean retryAfterAsHttpDate;
    private final CertificateValidity certificateValidity;
    private final Duration svolStatusLag;
    private final boolean groupListDegradedEntry;
    // Limits of a REST server shared by many clients
    private final int requestRateLimit;
    private final Duration loginLatency;
    private final Duration pairListLag;
    // Arrays that hold no answer for a job
    private final boolean responseJobStatusHonoured;
    // Sessions whose login or logout is slow to answer
    private final Duration loginAnswerDelay;
    private final Duration logoutLatency;

    /** Jobs that fail from the start: the first {@code count} jobs end Failed with these codes. */
    public record FailedJobs(int count, String messageId, String ssb1, String ssb2) {
        public FailedJobs {
            Objects.requireNonNull(messageId, "messageId");
            if (count < 1) {
                throw new IllegalArgumentException("count must be >= 1: " + count);
            }
        }
    }

    private SimulatorConfig(Builder b) {
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.https = b.https;
        this.tls = b.tls;
        this.users = List.copyOf(b.users);
        this.ldevs = List.copyOf(b.ldevs);
        this.model = b.model;
        this.serialNumber = b.serialNumber;
        this.storageDeviceId = b.storageDeviceId != null ? b.storageDeviceId : storageDeviceIdFor(b.model, b.serialNumber);
        this.apiVersion = b.apiVersion;
        this.timeScale = b.timeScale;
        this.clock = b.clock;
        this.jobDurationMin = b.jobDurationMin;
        this.jobDurationMax = b.jobDurationMax;
        this.copyRateMiBPerSecondPerPace = b.copyRateMiBPerSecondPerPace;
        this.defaultCopyPace = b.defaultCopyPace;
        this.resyncDifferentialPercent = b.resyncDifferentialPercent;
        this.splitDifferentialPercent = b.splitDifferentialPercent;
        this.sessionLimit = b.sessionLimit;
        this.sessionExpiryGraceSeconds = b.sessionExpiryGraceSeconds;
        this.maxResponseWait = b.maxResponseWait;
        this.jobRetention = b.jobRetention;
        this.rejectionMode = b.rejectionMode;
        this.siJobCompletion = b.siJobCompletion;
        this.psueSplitRule = b.psueSplitRule;
        this.deleteEmptyGroup = b.deleteEmptyGroup;
        this.deleteDuration = b.deleteDuration;
        this.deletingStatus = b.deletingStatus;
        this.basicAuthOnEveryEndpoint = b.basicAuthOnEveryEndpoint;
        this.basicAuthCountsAgainstSessionLimit = b.basicAuthCountsAgainstSessionLimit;
        this.putOnInvoke = b.putOnInvoke;
        this.reportPsupDuringQuickSplit = b.reportPsupDuringQuickSplit;
        this.nameCharacters = b.nameCharacters;
        this.adminToken = b.adminToken;
        this.requestLogCapacity = b.requestLogCapacity;
        this.maxThreads = b.maxThreads;
        this.startupFaults = List.copyOf(b.startupFaults);
        this.startupJobFailures = List.copyOf(b.startupJobFailures);
        this.startupSlowJobs = b.startupSlowJobs;
        this.requestLatencyMin = b.requestLatencyMin;
        this.requestLatencyMax = b.requestLatencyMax;
        this.noWaitHonoured = b.noWaitHonoured;
        this.startupLockedJobs = b.startupLockedJobs;
        this.startupUnknownJobs = b.startupUnknownJobs;
        this.startupForeignAffectedJobs = b.startupForeignAffectedJobs;
        this.retryAfterAsHttpDate = b.retryAfterAsHttpDate;
        this.certificateValidity = b.certificateValidity;
        this.svolStatusLag = b.svolStatusLag;
        this.groupListDegradedEntry = b.groupListDegradedEntry;
        this.requestRateLimit = b.requestRateLimit;
        this.loginLatency = b.loginLatency;
        this.pairListLag = b.pairListLag;
        this.responseJobStatusHonoured = b.responseJobStatusHonoured;
        this.loginAnswerDelay = b.loginAnswerDelay;
        this.logoutLatency = b.logoutLatency;
    }

    /** What {@code java -jar vsp-simulator.jar} runs with, except the port: a free one (the jar uses 23451). */
    public static SimulatorConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bindAddress = bindAddress;
        b.port = port;
        b.https = https;
        b.tls = tls;
        b.users = new ArrayList<>(users);
        b.ldevs = new ArrayList<>(ldevs);
        b.model = model;
        b.serialNumber = serialNumber;
        b.storageDeviceId = storageDeviceId;
        b.apiVersion = apiVersion;
        b.timeScale = timeScale;
        b.clock = clock;
        b.jobDurationMin = jobDurationMin;
        b.jobDurationMax = jobDurationMax;
        b.copyRateMiBPerSecondPerPace = copyRateMiBPerSecondPerPace;
        b.defaultCopyPace = defaultCopyPace;
        b.resyncDifferentialPercent = resyncDifferentialPercent;
        b.splitDifferentialPercent = splitDifferentialPercent;
        b.sessionLimit = sessionLimit;
        b.sessionExpiryGraceSeconds = sessionExpiryGraceSeconds;
        b.maxResponseWait = maxResponseWait;
        b.jobRetention = jobRetention;
        b.rejectionMode = rejectionMode;
        b.siJobCompletion = siJobCompletion;
        b.psueSplitRule = psueSplitRule;
        b.deleteEmptyGroup = deleteEmptyGroup;
        b.deleteDuration = deleteDuration;
        b.deletingStatus = deletingStatus;
        b.basicAuthOnEveryEndpoint = basicAuthOnEveryEndpoint;
        b.basicAuthCountsAgainstSessionLimit = basicAuthCountsAgainstSessionLimit;
        b.putOnInvoke = putOnInvoke;
        b.reportPsupDuringQuickSplit = reportPsupDuringQuickSplit;
        b.nameCharacters = nameCharacters;
        b.adminToken = adminToken;
        b.requestLogCapacity = requestLogCapacity;
        b.maxThreads = maxThreads;
        b.startupFaults = new ArrayList<>(startupFaults);
        b.startupJobFailures = new ArrayList<>(startupJobFailures);
        b.startupSlowJobs = startupSlowJobs;
        b.requestLatencyMin = requestLatencyMin;
        b.requestLatencyMax = requestLatencyMax;
        b.noWaitHonoured = noWaitHonoured;
        b.startupLockedJobs = startupLockedJobs;
        b.startupUnknownJobs = startupUnknownJobs;
        b.startupForeignAffectedJobs = startupForeignAffectedJobs;
        b.retryAfterAsHttpDate = retryAfterAsHttpDate;
        b.certificateValidity = certificateValidity;
        b.svolStatusLag = svolStatusLag;
        b.groupListDegradedEntry = groupListDegradedEntry;
        b.requestRateLimit = requestRateLimit;
        b.loginLatency = loginLatency;
        b.pairListLag = pairListLag;
        b.responseJobStatusHonoured = responseJobStatusHonoured;
        b.loginAnswerDelay = loginAnswerDelay;
        b.logoutLatency = logoutLatency;
        return b;
    }

    /**
     * The 12-character storageDeviceId: a 6-character model prefix and the serial number padded to 6 digits
     * (spec §1.4). Unknown models get the VSP E590H prefix {@code 934000}.
     */
    public static String storageDeviceIdFor(String model, long serialNumber) {
        String m = model.toUpperCase(Locale.ROOT).replace("VSP", "").replace(" ", "");
        String prefix;
        if (m.matches("5[0-9]{3}H?")) {
            prefix = "900000";
        } else if (m.matches("E(590|790)H?")) {
            prefix = "934000";
        } else if (m.equals("E990")) {
            prefix = "936000";
        } else if (m.matches("E1090H?")) {
            prefix = "938000";
        } else if (m.matches("[GF](370|700|900)")) {
            prefix = "886000";
        } else if (m.matches("[GF]350")) {
            prefix = "882000";
        } else if (m.equals("G130")) {
            prefix = "880000";
        } else if (m.matches("[GF]800")) {
            prefix = "836000";
        } else if (m.matches("[GF](400|600)")) {
            prefix = "834000";
        } else if (m.equals("G200")) {
            prefix = "832000";
        } else if (m.matches("G1000|G1500|F1500")) {
            prefix = "800000";
        } else if (m.matches("ONEBLOCK.*|B2[0-9]")) {
            prefix = "A34000";
        } else {
            prefix = "934000";
        }
        return prefix + String.format(Locale.ROOT, "%06d", serialNumber % 1_000_000);
    }

    public InetAddress bindAddress() { return bindAddress; }
    public int port() { return port; }
    public boolean https() { return https; }
    public Tls tls() { return tls; }
    public List<User> users() { return users; }
    public List<Ldev> ldevs() { return ldevs; }
    public String model() { return model; }
    public long serialNumber() { return serialNumber; }
    public String storageDeviceId() { return storageDeviceId; }
    public String apiVersion() { return apiVersion; }
    public double timeScale() { return timeScale; }
    /** Source of monotonic nanoseconds (default {@link System#nanoTime()}); tests may inject a {@link ManualClock}. */
    public LongSupplier clock() { return clock; }
    public Duration jobDurationMin() { return jobDurationMin; }
    public Duration jobDurationMax() { return jobDurationMax; }
    public double copyRateMiBPerSecondPerPace() { return copyRateMiBPerSecondPerPace; }
    public int defaultCopyPace() { return defaultCopyPace; }
    public int resyncDifferentialPercent() { return resyncDifferentialPercent; }
    public int splitDifferentialPercent() { return splitDifferentialPercent; }
    public int sessionLimit() { return sessionLimit; }
    public int sessionExpiryGraceSeconds() { return sessionExpiryGraceSeconds; }
    public Duration maxResponseWait() { return maxResponseWait; }
    public int jobRetention() { return jobRetention; }
    public RejectionMode rejectionMode() { return rejectionMode; }
    public SiJobCompletion siJobCompletion() { return siJobCompletion; }
    public PsueSplitRule psueSplitRule() { return psueSplitRule; }
    public boolean deleteEmptyGroup() { return deleteEmptyGroup; }
    /** Simulated time a deleted pair stays listed (status {@link #deletingStatus()}) before it is gone; 0 = at once. */
    public Duration deleteDuration() { return deleteDuration; }
    /** Status both volumes of a pair report while it is being deleted (SMPL(PD)): SMPP (default) or SMPL. */
    public String deletingStatus() { return deletingStatus; }
    public boolean basicAuthOnEveryEndpoint() { return basicAuthOnEveryEndpoint; }
    public boolean basicAuthCountsAgainstSessionLimit() { return basicAuthCountsAgainstSessionLimit; }
    public boolean putOnInvoke() { return putOnInvoke; }
    public boolean reportPsupDuringQuickSplit() { return reportPsupDuringQuickSplit; }
    public String nameCharacters() { return nameCharacters; }
    /** Token required on {@code /simulator/...} admin calls (header {@code X-Simulator-Admin-Token}); null = loopback only. */
    public String adminToken() { return adminToken; }
    public int requestLogCapacity() { return requestLogCapacity; }
    public int maxThreads() { return maxThreads; }
    /** Request faults armed at start (and again by every reset). */
    public List<Fault> startupFaults() { return startupFaults; }
    /** Job failures armed at start (and again by every reset). */
    public List<FailedJobs> startupJobFailures() { return startupJobFailures; }
    /** Extra simulated time of every job from the start (and again after every reset). */
    public Duration startupSlowJobs() { return startupSlowJobs; }
    /** Real-time delay of every REST request: lower bound (default 0). */
    public Duration requestLatencyMin() { return requestLatencyMin; }
    /** Real-time delay of every REST request: upper bound (default 0). */
    public Duration requestLatencyMax() { return requestLatencyMax; }
    /**
     * Whether {@code Job-Mode-Wait-Configuration-Change: NoWait} makes an SI job complete at acceptance in
     * {@link SiJobCompletion#ON_TARGET_STATUS} mode (default true; false: the job stays Running for the whole copy).
     */
    public boolean noWaitHonoured() { return noWaitHonoured; }
    /** The first N jobs fail as a resource lock inside the job (KART30000-E, SSB 2E11/2205, RETRY); not applied. */
    public int startupLockedJobs() { return startupLockedJobs; }
    /** The first N jobs end Completed with state Unknown and no error; their operation is applied. */
    public int startupUnknownJobs() { return startupUnknownJobs; }
    /** The first N successful jobs name another object in {@code affectedResources}. */
    public int startupForeignAffectedJobs() { return startupForeignAffectedJobs; }
    /** Whether {@code Retry-After} is sent as an HTTP date (RFC 1123) instead of delta-seconds (default false). */
    public boolean retryAfterAsHttpDate() { return retryAfterAsHttpDate; }
    /** Validity window of the generated certificate (default {@link CertificateValidity#VALID}). */
    public CertificateValidity certificateValidity() { return certificateValidity; }
    /**
     * Simulated time the S-VOL keeps its copying status (COPY, or RCPY after a restore) once a steady split,
     * resync, restore or initial copy has ended, while the P-VOL already reports PSUS or PAIR (newer microcode
     * passes through PSUS/COPY before PSUS/SSUS); 0 = both change together.
     */
    public Duration svolStatusLag() { return svolStatusLag; }
    /**
     * Whether the pair list of a copy group (and a copy group read with its pairs) also holds one degraded
     * entry without LDEV ids, pair name or progress, as some arrays list (Hitachi's Ansible collection filters
     * such entries out).
     */
    public boolean groupListDegradedEntry() { return groupListDegradedEntry; }
    /**
     * REST requests the server accepts per second of real time (0 = no limit); beyond it a request gets 503
     * with KART00003-E and {@code Retry-After}, and is not served, as a REST server shared by many clients
     * answers when overloaded.
     */
    public int requestRateLimit() { return requestRateLimit; }
    /** Real time every {@code POST .../sessions} takes beyond the request latency (audited logins are slow). */
    public Duration loginLatency() { return loginLatency; }
    /**
     * Simulated time a new pair is left out of its group's pair list ({@code GET .../local-clone-copypairs?
     * localCloneCopyGroupId=}) unless the request asks {@code refresh=true}; its own read finds it at once
     * (0 = listed at once).
     */
    public Duration pairListLag() { return pairListLag; }
    /**
     * Whether {@code Response-Job-Status: Completed} holds the answer until the job completes (or the
     * {@code Response-Max-Wait} cap passes): the answer to an asynchronous request, and a job read
     * ({@code GET .../jobs/{id}}), as the sample sends the header on every request. False: the header is ignored
     * and every answer comes at once, as from an array that does not honour it.
     */
    public boolean responseJobStatusHonoured() { return responseJobStatusHonoured; }
    /**
     * Real time a successful {@code POST .../sessions} waits after its session is created, before it answers: the
     * session is open on the array (and counted) while the client still waits for its token, so a client interrupted
     * meanwhile must still take the answer and discard the session (0 = answered at once).
     */
    public Duration loginAnswerDelay() { return loginAnswerDelay; }
    /**
     * Real time every {@code DELETE .../sessions/{id}} takes beyond the request latency before the session is
     * discarded and the answer sent (a slow logout; 0 = none).
     */
    public Duration logoutLatency() { return logoutLatency; }

    /** Builder; every setter has the default documented in the simulator README section. */
    public static final class Builder {
        private InetAddress bindAddress = loopback();
        private int port = 0;
        private boolean https = true;
        private Tls tls = new Tls.Generated("EC");
        private List<User> users = new ArrayList<>(List.of(
                new User("user1", "pass1", false),
                new User("admin", "admin-pass", true)));
        private List<Ldev> ldevs = new ArrayList<>(defaultLdevs());
        private String model = "VSP E590H";
        private long serialNumber = 400123;
        private String storageDeviceId;
        private String apiVersion = "1.31.0";
        private double timeScale = 1.0;
        private LongSupplier clock = System::nanoTime;
        private Duration jobDurationMin = Duration.ofMillis(100);
        private Duration jobDurationMax = Duration.ofMillis(300);
        private double copyRateMiBPerSecondPerPace = 512;
        private int defaultCopyPace = 3;
        private int resyncDifferentialPercent = 10;
        private int splitDifferentialPercent = 1;
        private int sessionLimit = 64;
        private int sessionExpiryGraceSeconds = 0;
        private Duration maxResponseWait = Duration.ofSeconds(300);
        private int jobRetention = 3000;
        private RejectionMode rejectionMode = RejectionMode.FAILED_JOB;
        private SiJobCompletion siJobCompletion = SiJobCompletion.ON_ACCEPT;
        private PsueSplitRule psueSplitRule = PsueSplitRule.NO_OP;
        private boolean deleteEmptyGroup = true;
        private Duration deleteDuration = Duration.ZERO;
        private String deletingStatus = "SMPP";
        private boolean basicAuthOnEveryEndpoint = true;
        private boolean basicAuthCountsAgainstSessionLimit = true;
        private boolean putOnInvoke = true;
        private boolean reportPsupDuringQuickSplit = false;
        private String nameCharacters = "A-Za-z0-9._:@-";
        private String adminToken;
        private int requestLogCapacity = 100_000;
        private int maxThreads = 4096;
        private List<Fault> startupFaults = new ArrayList<>();
        private List<FailedJobs> startupJobFailures = new ArrayList<>();
        private Duration startupSlowJobs = Duration.ZERO;
        private Duration requestLatencyMin = Duration.ZERO;
        private Duration requestLatencyMax = Duration.ZERO;
        private boolean noWaitHonoured = true;
        private int startupLockedJobs;
        private int startupUnknownJobs;
        private int startupForeignAffectedJobs;
        private boolean retryAfterAsHttpDate = false;
        private CertificateValidity certificateValidity = CertificateValidity.VALID;
        private Duration svolStatusLag = Duration.ZERO;
        private boolean groupListDegradedEntry = false;
        private int requestRateLimit;
        private Duration loginLatency = Duration.ZERO;
        private Duration pairListLag = Duration.ZERO;
        private boolean responseJobStatusHonoured = true;
        private Duration loginAnswerDelay = Duration.ZERO;
        private Duration logoutLatency = Duration.ZERO;

        private Builder() {
        }

        private static InetAddress loopback() {
            try {
                return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        /** 347 and 348 (Hitachi's sample), 100-131, capacity-saving 200-203, and a 2 GiB LDEV 400: all 1 GiB unless noted. */
        public static List<Ldev> defaultLdevs() {
            List<Ldev> list = new ArrayList<>();
            for (int id = 100; id < 132; id++) {
                list.add(Ldev.of(id, GIB_BLOCKS));
            }
            for (int id = 200; id < 204; id++) {
                list.add(Ldev.withCapacitySaving(id, GIB_BLOCKS));
            }
            list.add(Ldev.of(347, GIB_BLOCKS));
            list.add(Ldev.of(348, GIB_BLOCKS));
            list.add(Ldev.of(400, 2 * GIB_BLOCKS));
            return list;
        }

        public Builder bindAddress(InetAddress v) { this.bindAddress = Objects.requireNonNull(v); return this; }
        /** 0 = a free port. */
        public Builder port(int v) { this.port = v; return this; }
        public Builder https(boolean v) { this.https = v; return this; }
        /** Plain HTTP instead of HTTPS. */
        public Builder http() { this.https = false; return this; }
        public Builder tls(Tls v) { this.tls = Objects.requireNonNull(v); return this; }
        public Builder users(List<User> v) { this.users = new ArrayList<>(v); return this; }
        public Builder addUser(String name, String password, boolean administrator) {
            this.users.add(new User(name, password, administrator));
            return this;
        }
        public Builder ldevs(List<Ldev> v) { this.ldevs = new ArrayList<>(v); return this; }
        public Builder addLdev(Ldev v) {
            this.ldevs.removeIf(l -> l.id() == v.id());
            this.ldevs.add(v);
            return this;
        }
        /** Adds {@code count} plain LDEVs of {@code blockCapacity} blocks starting at {@code firstId}. */
        public Builder addLdevRange(int firstId, int count, long blockCapacity) {
            for (int i = 0; i < count; i++) {
                addLdev(Ldev.of(firstId + i, blockCapacity));
            }
            return this;
        }
        public Builder model(String v) { this.model = Objects.requireNonNull(v); return this; }
        public Builder serialNumber(long v) { this.serialNumber = v; return this; }
        /** Overrides the id computed from model and serial number. */
        public Builder storageDeviceId(String v) { this.storageDeviceId = v; return this; }
        public Builder apiVersion(String v) { this.apiVersion = Objects.requireNonNull(v); return this; }
        public Builder timeScale(double v) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("timeScale must be > 0: " + v);
            }
            this.timeScale = v;
            return this;
        }
        public Builder clock(LongSupplier nanoClock) { this.clock = Objects.requireNonNull(nanoClock); return this; }
        /** Every job takes exactly {@code d} of simulated time. */
        public Builder jobDuration(Duration d) { return jobDuration(d, d); }
        /** Job durations drawn uniformly from [min, max] of simulated time. */
        public Builder jobDuration(Duration min, Duration max) {
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("need 0 <= min <= max: " + min + ", " + max);
            }
            this.jobDurationMin = min;
            this.jobDurationMax = max;
            return this;
        }
        /** Copy throughput per copyPace unit (pace 3 copies 3x this many MiB per simulated second). */
        public Builder copyRateMiBPerSecondPerPace(double v) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("copy rate must be > 0");
            }
            this.copyRateMiBPerSecondPerPace = v;
            return this;
        }
        public Builder defaultCopyPace(int v) { this.defaultCopyPace = checkRange("defaultCopyPace", v, 1, 15); return this; }
        public Builder resyncDifferentialPercent(int v) { this.resyncDifferentialPercent = checkRange("resyncDifferentialPercent", v, 0, 100); return this; }
        public Builder splitDifferentialPercent(int v) { this.splitDifferentialPercent = checkRange("splitDifferentialPercent", v, 0, 100); return this; }
        public Builder sessionLimit(int v) { this.sessionLimit = checkRange("sessionLimit", v, 1, 100_000); return this; }
        public Builder sessionExpiryGraceSeconds(int v) { this.sessionExpiryGraceSeconds = checkRange("sessionExpiryGraceSeconds", v, 0, 3600); return this; }
        public Builder maxResponseWait(Duration v) { this.maxResponseWait = Objects.requireNonNull(v); return this; }
        public Builder jobRetention(int v) { this.jobRetention = checkRange("jobRetention", v, 1, 10_000_000); return this; }
        public Builder rejectionMode(RejectionMode v) { this.rejectionMode = Objects.requireNonNull(v); return this; }
        public Builder siJobCompletion(SiJobCompletion v) { this.siJobCompletion = Objects.requireNonNull(v); return this; }
        public Builder psueSplitRule(PsueSplitRule v) { this.psueSplitRule = Objects.requireNonNull(v); return this; }
        public Builder deleteEmptyGroup(boolean v) { this.deleteEmptyGroup = v; return this; }
        /** See {@link SimulatorConfig#deleteDuration()}. */
        public Builder deleteDuration(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("deleteDuration must be >= 0: " + v);
            }
            this.deleteDuration = v;
            return this;
        }
        /** See {@link SimulatorConfig#deletingStatus()}. */
        public Builder deletingStatus(String v) {
            if (!"SMPP".equals(v) && !"SMPL".equals(v)) {
                throw new IllegalArgumentException("deletingStatus must be SMPP or SMPL: " + v);
            }
            this.deletingStatus = v;
            return this;
        }
        public Builder basicAuthOnEveryEndpoint(boolean v) { this.basicAuthOnEveryEndpoint = v; return this; }
        public Builder basicAuthCountsAgainstSessionLimit(boolean v) { this.basicAuthCountsAgainstSessionLimit = v; return this; }
        public Builder putOnInvoke(boolean v) { this.putOnInvoke = v; return this; }
        public Builder reportPsupDuringQuickSplit(boolean v) { this.reportPsupDuringQuickSplit = v; return this; }
        /** Allowed characters of group, pair and device-group names, as the inside of a regex character class. */
        public Builder nameCharacters(String v) { this.nameCharacters = Objects.requireNonNull(v); return this; }
        public Builder adminToken(String v) { this.adminToken = v; return this; }
        public Builder requestLogCapacity(int v) { this.requestLogCapacity = checkRange("requestLogCapacity", v, 1, 10_000_000); return this; }
        /** Arms a request fault at start (re-armed by every reset). */
        public Builder addFault(Fault fault) { this.startupFaults.add(Objects.requireNonNull(fault)); return this; }
        /** The first {@code count} jobs fail with these codes (re-armed by every reset). */
        public Builder failFirstJobs(int count, String messageId, String ssb1, String ssb2) {
            this.startupJobFailures.add(new FailedJobs(count, messageId, ssb1, ssb2));
            return this;
        }
        /** Every job takes {@code extra} more simulated time. */
        public Builder slowJobs(Duration extra) {
            if (extra.isNegative()) {
                throw new IllegalArgumentException("extra job time must not be negative: " + extra);
            }
            this.startupSlowJobs = extra;
            return this;
        }
        /** Every REST request waits a real-time delay drawn from [min, max] (an array answers in 10s-100s of ms). */
        public Builder requestLatency(Duration min, Duration max) {
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("need 0 <= min <= max: " + min + ", " + max);
            }
            this.requestLatencyMin = min;
            this.requestLatencyMax = max;
            return this;
        }
        /** See {@link SimulatorConfig#noWaitHonoured()}. */
        public Builder noWaitHonoured(boolean v) { this.noWaitHonoured = v; return this; }
        /** See {@link SimulatorConfig#startupLockedJobs()} (re-armed by every reset). */
        public Builder lockFirstJobs(int n) { this.startupLockedJobs = checkRange("lockFirstJobs", n, 0, 1_000_000); return this; }
        /** See {@link SimulatorConfig#startupUnknownJobs()} (re-armed by every reset). */
        public Builder unknownFirstJobs(int n) { this.startupUnknownJobs = checkRange("unknownFirstJobs", n, 0, 1_000_000); return this; }
        /** See {@link SimulatorConfig#startupForeignAffectedJobs()} (re-armed by every reset). */
        public Builder foreignAffectedFirstJobs(int n) {
            this.startupForeignAffectedJobs = checkRange("foreignAffectedFirstJobs", n, 0, 1_000_000);
            return this;
        }
        /** See {@link SimulatorConfig#retryAfterAsHttpDate()}. */
        public Builder retryAfterAsHttpDate(boolean v) { this.retryAfterAsHttpDate = v; return this; }
        /** See {@link SimulatorConfig#certificateValidity()}; applies to the generated certificate only. */
        public Builder certificateValidity(CertificateValidity v) { this.certificateValidity = Objects.requireNonNull(v); return this; }
        /** See {@link SimulatorConfig#svolStatusLag()}. */
        public Builder svolStatusLag(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("svolStatusLag must be >= 0: " + v);
            }
            this.svolStatusLag = v;
            return this;
        }
        /** See {@link SimulatorConfig#groupListDegradedEntry()}. */
        public Builder groupListDegradedEntry(boolean v) { this.groupListDegradedEntry = v; return this; }
        /** See {@link SimulatorConfig#requestRateLimit()}; 0 = no limit. */
        public Builder requestRateLimit(int perSecond) {
            this.requestRateLimit = perSecond == 0 ? 0 : checkRange("requestRateLimit", perSecond, 1, 1_000_000);
            return this;
        }
        /** See {@link SimulatorConfig#loginLatency()}. */
        public Builder loginLatency(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("loginLatency must be >= 0: " + v);
            }
            this.loginLatency = v;
            return this;
        }
        /** See {@link SimulatorConfig#pairListLag()}. */
        public Builder pairListLag(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("pairListLag must be >= 0: " + v);
            }
            this.pairListLag = v;
            return this;
        }
        /** See {@link SimulatorConfig#responseJobStatusHonoured()}. */
        public Builder responseJobStatusHonoured(boolean v) { this.responseJobStatusHonoured = v; return this; }
        /** See {@link SimulatorConfig#loginAnswerDelay()}. */
        public Builder loginAnswerDelay(Duration v) { this.loginAnswerDelay = nonNegative("loginAnswerDelay", v); return this; }
        /** See {@link SimulatorConfig#logoutLatency()}. */
        public Builder logoutLatency(Duration v) { this.logoutLatency = nonNegative("logoutLatency", v); return this; }

        private static Duration nonNegative(String what, Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException(what + " must be >= 0: " + v);
            }
            return v;
        }
        public Builder maxThreads(int v) { this.maxThreads = checkRange("maxThreads", v, 4, 100_000); return this; }

        private static int checkRange(String what, int v, int min, int max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(what + " must be " + min + "-" + max + ": " + v);
            }
            return v;
        }

        public SimulatorConfig build() {
            if (users.isEmpty()) {
                throw new IllegalArgumentException("at least one user is needed");
            }
            if (storageDeviceId != null && !storageDeviceId.matches("[0-9A-Z]{12}")) {
                throw new IllegalArgumentException("storageDeviceId must be 12 characters [0-9A-Z]: " + storageDeviceId);
            }
            return new SimulatorConfig(this);
        }
    }
}
