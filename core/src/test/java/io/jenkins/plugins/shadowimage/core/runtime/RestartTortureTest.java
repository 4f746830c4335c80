package io.jenkins.plugins.shadowimage.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.CredentialsSource;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.ErrorClass;
import io.jenkins.plugins.shadowimage.core.client.RetryPolicy;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart as Jenkins does it, with real processes. A child JVM (the "controller") runs several builds, each a sequence
 * of operations, through one {@link OperationRuntime} with in-memory locks, persisting every operation's
 * {@link SavedOperation} at every save (atomically, one file per operation, as program.dat holds each execution). The
 * test kills it with SIGKILL at seeded random points and starts a new controller, which resumes the saved operations
 * and carries the builds on, until every build has ended; the simulator outlives them all.
 *
 * <p>Each operation logs in as its own REST user, so that the simulator's request log tells which operation sent
 * what. Each controller writes what it resumes, every lock it takes or re-claims and every end to its own event file.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RestartTortureTest {

    private static final int KILLS = 20;
    /** After this many kills the last controller runs the builds to their end. */
    private static final int MAX_KILLS = 30;
    /**
     * A controller is killed after 1 to this many saved states of its own (so that each one gets somewhere), and then
     * up to {@link #MAX_KILL_DELAY_MS} later (so that kills also land while a request is in flight).
     */
    private static final int MAX_SAVES_BEFORE_KILL = 6;
    private static final int MAX_KILL_DELAY_MS = 40;
    /** How long after an operation's end its controller records it. */
    private static final int MAX_END_RECORD_DELAY_MS = 200;
    private static final String PASSWORD = "Torture-Pw-41c7";
    private static final Duration ALIVE_TIME = Duration.ofSeconds(2);
    /** How long operations that held no lock leave the locks to the former holders after a restart. */
    private static final Duration RESUME_GRACE = Duration.ofSeconds(1);
    private static final Pattern CREATE = Pattern.compile("/local-clone-copypairs$");
    private static final Pattern SPLIT = Pattern.compile("/local-clone-copypairs/[^/]+/actions/split/invoke$");
    private static final Pattern RESYNC = Pattern.compile("/local-clone-copypairs/[^/]+/actions/resync/invoke$");
    /** Outcomes by which an operation says that it changed the pair (sent its request once). */
    private static final Set<String> CHANGED = Set.of("CREATED", "SPLIT", "RESYNCED");

    /** One operation of a build; its id is also the REST user it logs in as. */
    record Op(String id, OperationType type, String group, String pair, Integer pvol, Integer svol) {
        PairRequest request() {
            PairRequest.Builder b = PairRequest.builder().copyGroupName(group).copyPairName(pair)
                    .timeout(Duration.ofMinutes(3));
            if (type == OperationType.CREATE) {
                b.pvolLdevId(pvol).svolLdevId(svol).copyPace(3);
            }
            return b.build();
        }

        String pairKey() {
            return group + "/" + pair;
        }

        String target() {
            return type == OperationType.SPLIT ? "PSUS" : "PAIR";
        }
    }

    /**
     * The builds: two on pair p1 (both create it, identically), two on S-VOL 103 under two pair names (one of the
     * creates is refused), two on p3, and two on pairs of their own.
     */
    static final List<List<Op>> BUILDS = List.of(
            List.of(create("b1", 1, "CG1", "p1", 100, 101), op("b1", 2, OperationType.SPLIT, "CG1", "p1"),
                    op("b1", 3, OperationType.RESYNC, "CG1", "p1"), op("b1", 4, OperationType.SPLIT, "CG1", "p1"),
                    op("b1", 5, OperationType.RESYNC, "CG1", "p1"), op("b1", 6, OperationType.SPLIT, "CG1", "p1")),
            List.of(create("b2", 1, "CG1", "p1", 100, 101), op("b2", 2, OperationType.SPLIT, "CG1", "p1"),
                    op("b2", 3, OperationType.RESYNC, "CG1", "p1")),
            List.of(create("b3", 1, "CG1", "p2", 102, 103), op("b3", 2, OperationType.SPLIT, "CG1", "p2"),
                    op("b3", 3, OperationType.RESYNC, "CG1", "p2")),
            List.of(create("b4", 1, "CG2", "q2", 104, 103), op("b4", 2, OperationType.SPLIT, "CG2", "q2")),
            List.of(create("b5", 1, "CG1", "p3", 106, 107), op("b5", 2, OperationType.SPLIT, "CG1", "p3"),
                    op("b5", 3, OperationType.RESYNC, "CG1", "p3"), op("b5", 4, OperationType.SPLIT, "CG1", "p3")),
            List.of(create("b6", 1, "CG1", "p3", 106, 107), op("b6", 2, OperationType.RESYNC, "CG1", "p3"),
                    op("b6", 3, OperationType.SPLIT, "CG1", "p3")),
            List.of(create("b7", 1, "CG3", "r4", 108, 109), op("b7", 2, OperationType.SPLIT, "CG3", "r4")),
            List.of(create("b8", 1, "CG3", "r5", 110, 111), op("b8", 2, OperationType.SPLIT, "CG3", "r5"),
                    op("b8", 3, OperationType.RESYNC, "CG3", "r5"), op("b8", 4, OperationType.SPLIT, "CG3", "r5"),
                    op("b8", 5, OperationType.RESYNC, "CG3", "r5"), op("b8", 6, OperationType.SPLIT, "CG3", "r5")));

    private static Op create(String build, int n, String group, String pair, int pvol, int svol) {
        return new Op(build + "-" + n, OperationType.CREATE, group, pair, pvol, svol);
    }

    private static Op op(String build, int n, OperationType type, String group, String pair) {
        return new Op(build + "-" + n, type, group, pair, null, null);
    }

    private static List<Op> allOps() {
        return BUILDS.stream().flatMap(List::stream).toList();
    }

    @TempDir
    Path tempDir;
    /** Where the controllers keep their files: {@code -DrestartTorture.dir=...} keeps them for a look afterwards. */
    private Path dir;

    @Test
    void killedControllersResumeWithoutDuplicatesWrongStatesLeakedSessionsOrLockThieves() throws Exception {
        String keep = System.getProperty("restartTorture.dir");
        dir = keep == null ? tempDir : Files.createDirectories(Path.of(keep));
        long seed = Long.getLong("restartTorture.seed", System.nanoTime());
        System.out.println("RestartTortureTest seed " + seed + " (rerun with -DrestartTorture.seed=" + seed + ")");
        Random random = new Random(seed);
        long began = System.nanoTime();
        SimulatorConfig.Builder config = SimulatorConfig.builder().http().port(0)
                .addLdevRange(100, 12, SimulatorConfig.GIB_BLOCKS)
                // An initial copy takes about 3 s, a resync about 0.3 s.
                .copyRateMiBPerSecondPerPace(128)
                .jobDuration(Duration.ofMillis(100), Duration.ofMillis(300));
        allOps().forEach(o -> config.addUser(o.id(), PASSWORD, false));
        int kills = 0;
        int rounds = 0;
        try (VspSimulator sim = VspSimulator.start(config.build())) {
            // Requests take a little time, so that kills also land while one is in flight.
            sim.admin().setRequestLatency(Duration.ofMillis(5), Duration.ofMillis(40));
            while (true) {
                Path events = events(dir, rounds);
                Process controller = startController(sim.baseUrl(), rounds, random.nextLong());
                try {
                    if (kills < MAX_KILLS) {
                        int saves = 1 + random.nextInt(MAX_SAVES_BEFORE_KILL);
                        int delay = random.nextInt(MAX_KILL_DELAY_MS);
                        await("controller " + rounds + " saving " + saves + " states").atMost(Duration.ofSeconds(60))
                                .pollInterval(Duration.ofMillis(5))
                                .until(() -> !controller.isAlive() || count(read(events), "\nSAVE ") >= saves);
                        if (!controller.waitFor(delay, TimeUnit.MILLISECONDS)) {
                            controller.destroyForcibly();
                            controller.waitFor(30, TimeUnit.SECONDS);
                            kills++;
                            rounds++;
                            continue;
                        }
                    } else {
                        assertThat(controller.waitFor(90, TimeUnit.SECONDS)).as("the last controller ends").isTrue();
                    }
                    assertThat(controller.exitValue()).as(log(rounds)).isZero();
                } finally {
                    controller.destroyForcibly();
                }
                rounds++;
                if (read(events).contains("ALL-DONE")) {
                    break;
                }
            }
            SimulatorAdmin admin = sim.admin();
            List<RequestRecord> requests = admin.requests();
            Duration wall = Duration.ofNanos(System.nanoTime() - began);

            Map<String, String> ends = ends();
            Map<String, Integer> sent = appliedChanges(admin.jobs());
            long mutating = requests.stream().filter(r -> !r.method().equals("GET")
                    && (CREATE.matcher(r.path()).find() || SPLIT.matcher(r.path()).find()
                    || RESYNC.matcher(r.path()).find())).count();
            List<String> duplicates = new ArrayList<>();
            List<String> wrong = new ArrayList<>();
            checkOperations(ends, sent, duplicates, wrong);
            checkFinalPairs(admin.pairs(), ends, wrong);
            List<String> thieves = lockThieves(rounds);
            await("the killed controllers' sessions to expire (aliveTime " + ALIVE_TIME.toSeconds() + " s)")
                    .atMost(ALIVE_TIME.plusSeconds(10)).until(() -> admin.openSessionCount() == 0);
            int sessionsLeft = admin.openSessionCount();

            System.out.printf("RestartTortureTest: seed %d, %d kills in %d controllers, %d operations, %d requests "
                    + "(%d creates/splits/resyncs, %d applied), %d duplicates, %d wrong states, %d lock thieves, %d sessions left, %d s%n",
                    seed, kills, rounds, allOps().size(), requests.size(), mutating,
                    sent.values().stream().mapToInt(Integer::intValue).sum(), duplicates.size(), wrong.size(),
                    thieves.size(), sessionsLeft, wall.toSeconds());
            duplicates.forEach(d -> System.out.println("duplicate: " + d));
            wrong.forEach(w -> System.out.println("wrong: " + w));
            thieves.forEach(t -> System.out.println("thief: " + t));
            assertThat(kills).isGreaterThanOrEqualTo(KILLS);
            assertThat(duplicates).as("duplicate mutating requests (seed %d)", seed).isEmpty();
            assertThat(wrong).as("wrong states (seed %d)", seed).isEmpty();
            assertThat(thieves).as("waiters that took a pair before its former holder re-claimed it (seed %d)", seed)
                    .isEmpty();
            assertThat(sessionsLeft).isZero();
        }
    }

    // ------------------------------------------------------------------ the checks

    /** How each operation ended, from its end file: "OK outcome status" or "FAILED kind category". */
    private Map<String, String> ends() throws IOException {
        Map<String, String> ends = new TreeMap<>();
        for (Op o : allOps()) {
            Path f = endFile(dir, o.id());
            if (Files.exists(f)) {
                ends.put(o.id(), Files.readString(f));
            }
        }
        return ends;
    }

    /**
     * Creates, splits and resyncs that the array applied (their job did not fail), per operation (the job's user):
     * "user action" -> count. A request refused, or whose job failed, changed nothing: sending it again is no
     * duplicate.
     */
    private static Map<String, Integer> appliedChanges(List<SimulatorAdmin.JobInfo> jobs) {
        Map<String, Integer> applied = new TreeMap<>();
        for (SimulatorAdmin.JobInfo j : jobs) {
            if (j.errorMessageId() != null || "Failed".equals(j.state()) || j.userId() == null) {
                continue;
            }
            String action = CREATE.matcher(j.requestUrl()).find() ? "CREATE" : SPLIT.matcher(j.requestUrl()).find()
                    ? "SPLIT" : RESYNC.matcher(j.requestUrl()).find() ? "RESYNC" : null;
            if (action != null) {
                applied.merge(j.userId() + " " + action, 1, Integer::sum);
            }
        }
        return applied;
    }

    /**
     * Every build ran to its end; every operation either changed its pair with exactly one applied request and
     * says so, or sent none and says why; only the create that lost S-VOL 103 to the other one failed.
     */
    private static void checkOperations(Map<String, String> ends, Map<String, Integer> sent, List<String> duplicates,
            List<String> wrong) {
        Set<String> svol103Losers = new HashSet<>();
        for (List<Op> build : BUILDS) {
            for (Op o : build) {
                String end = ends.get(o.id());
                if (end == null) {
                    wrong.add(o.id() + " never ended (its build stopped before it, or it was lost)");
                    break;
                }
                int mine = sent.getOrDefault(o.id() + " " + o.type().name(), 0);
                sent.keySet().stream().filter(k -> k.startsWith(o.id() + " ") && !k.endsWith(" " + o.type().name()))
                        .forEach(k -> wrong.add(o.id() + " sent a request of another operation: " + k));
                if (mine > 1) {
                    duplicates.add(o.id() + " (" + o.type() + " " + o.pairKey() + ") had " + mine + " requests applied");
                }
                String[] f = end.split(" ");
                if (f[0].equals("OK")) {
                    // A create of an existing pair reports it as it is; every other success leaves it at its target.
                    boolean asItIs = f[1].equals("ALREADY_EXISTS") && (f[2].equals("PAIR") || f[2].equals("PSUS"));
                    if (!f[2].equals(o.target()) && !asItIs) {
                        wrong.add(o.id() + " succeeded (" + f[1] + ") with the pair in " + f[2] + ", not " + o.target());
                    }
                    int expected = CHANGED.contains(f[1]) ? 1 : 0;
                    if (mine != expected) {
                        wrong.add(o.id() + " says " + f[1] + " but " + mine + " of its requests were applied");
                    }
                } else {
                    boolean svolLoser = o.type() == OperationType.CREATE && o.svol() == 103
                            && f[1].equals(OperationFailure.Kind.ENGINE.name())
                            && f[2].equals(ShadowImageException.Category.REJECTED_BY_ARRAY.name());
                    if (!svolLoser) {
                        wrong.add(o.id() + " failed: " + end);
                    } else {
                        svol103Losers.add(o.id());
                    }
                    if (mine != 0) {
                        wrong.add(o.id() + " failed but " + mine + " of its requests were applied");
                    }
                    break; // a failed step ends its build
                }
            }
        }
        if (svol103Losers.size() != 1) {
            wrong.add("exactly one of the two creates on S-VOL 103 should be refused, not " + svol103Losers);
        }
    }

    /**
     * Each pair that exists is where the last operation that took its lock (and succeeded) said it left it; no other
     * pair exists. The order
     * comes from the controllers' event files: the first time each operation took (or re-claimed) the pair's lock.
     */
    private void checkFinalPairs(List<SimulatorAdmin.PairInfo> pairs, Map<String, String> ends, List<String> wrong)
            throws IOException {
        Map<String, String> lastOnPair = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int round = 0; Files.exists(events(dir, round)); round++) {
            for (String line : Files.readAllLines(events(dir, round))) {
                String[] f = line.split(" ");
                if ((f[0].equals("ACQUIRE") || f[0].equals("RECLAIM")) && seen.add(f[1])) {
                    Op o = byId(f[1]);
                    if (ends.getOrDefault(o.id(), "").startsWith("OK")) {
                        lastOnPair.remove(o.pairKey());
                        lastOnPair.put(o.pairKey(), o.id());
                    }
                }
            }
        }
        Map<String, String> actual = new TreeMap<>();
        for (SimulatorAdmin.PairInfo p : pairs) {
            actual.put(p.copyGroupName() + "/" + p.copyPairName(), p.pvolStatus() + " " + p.pvolLdevId() + "->"
                    + p.svolLdevId());
        }
        Map<String, String> expected = new TreeMap<>();
        lastOnPair.forEach((pair, id) -> {
            Op creator = allOps().stream().filter(o -> o.pairKey().equals(pair) && o.type() == OperationType.CREATE)
                    .findFirst().orElseThrow();
            expected.put(pair, ends.get(id).split(" ")[2] + " " + creator.pvol() + "->" + creator.svol());
        });
        if (!actual.equals(expected)) {
            wrong.add("pairs on the array " + actual + ", expected from the operations " + expected);
        }
    }

    /**
     * In each controller, a waiter that took a lock before a former holder of a conflicting lock (resumed in that
     * controller) had re-claimed it or ended, and every lost claim.
     */
    private List<String> lockThieves(int rounds) throws IOException {
        List<String> thieves = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Map<String, List<String>> formerHolders = new HashMap<>();
            Set<String> reclaimed = new HashSet<>();
            for (String line : Files.readAllLines(events(dir, round))) {
                String[] f = line.split(" ", 3);
                switch (f[0]) {
                    case "RESUME" -> {
                        String[] r = line.split(" ");
                        // One that had ended before the kill holds nothing any more: it only reports its end.
                        boolean ended = r[2].equals("DONE") || r[2].equals("FAILED");
                        if (r[3].equals("holds") && !ended) {
                            formerHolders.put(r[1], List.of(r[4].split(",")));
                        }
                    }
                    case "RECLAIM", "END" -> reclaimed.add(f[1]);
                    case "LOST" -> thieves.add("controller " + round + ": " + line);
                    case "ACQUIRE" -> {
                        List<String> taken = List.of(f[2].split(","));
                        for (Map.Entry<String, List<String>> h : formerHolders.entrySet()) {
                            if (!h.getKey().equals(f[1]) && !reclaimed.contains(h.getKey()) && conflict(h.getValue(), taken)) {
                                thieves.add("controller " + round + ": " + f[1] + " took " + taken + " before "
                                        + h.getKey() + " re-claimed " + h.getValue());
                            }
                        }
                    }
                    default -> {
                        // other events
                    }
                }
            }
        }
        return thieves;
    }

    private static boolean conflict(Collection<String> a, Collection<String> b) {
        return a.stream().anyMatch(x -> b.stream().anyMatch(y -> LockKeys.conflict(x, y)));
    }

    private static Op byId(String id) {
        return allOps().stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ processes and files

    private Process startController(URI url, int round, long seed) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                RestartTortureTest.class.getName(), dir.toString(), url.toString(), String.valueOf(round),
                String.valueOf(seed));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("controller-" + round + ".log")
                .toFile()).start();
    }

    private String log(int round) throws IOException {
        return Files.readString(dir.resolve("controller-" + round + ".log"));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static Path events(Path dir, int round) {
        return dir.resolve("events-" + round + ".log");
    }

    static Path savedFile(Path dir, String id) {
        return dir.resolve(id + ".json");
    }

    static Path endFile(Path dir, String id) {
        return dir.resolve(id + ".end");
    }

    /** Replaces a file as a whole or not at all, as a surface persists its state. */
    static void writeAtomically(Path file, String text) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ the controller (child JVM)

    /** Args: directory, simulator URL, round, seed. Exits 0 once every build has ended. */
    public static void main(String[] args) throws Exception {
        new Controller(Path.of(args[0]), URI.create(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3])).run();
    }

    /** One controller's life: resume what was saved, carry the builds on, log what it does. */
    static final class Controller {
        private final Path dir;
        private final URI url;
        private final int round;
        private final Random random;
        private final EventLog events;
        private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(4);
        private final OperationRuntime runtime;
        private final CountDownLatch buildsLeft = new CountDownLatch(BUILDS.size());

        Controller(Path dir, URI url, int round, long seed) throws IOException {
            this.dir = dir;
            this.url = url;
            this.round = round;
            this.random = new Random(seed);
            this.events = new EventLog(events(dir, round));
            RuntimeOptions options = new RuntimeOptions(Duration.ofMillis(50), Duration.ofMinutes(5), RESUME_GRACE,
                    EngineOptions.builder().jobPollInitial(Duration.ofMillis(50)).jobPollMax(Duration.ofMillis(300))
                            .statusPollMin(Duration.ofMillis(50)).statusPollMax(Duration.ofMillis(300))
                            .permitRetry(Duration.ofMillis(50)).build());
            this.runtime = new OperationRuntime(() -> pool, new RecordingLocks(new InMemoryLockStore(), events),
                    MaintenancePause.NONE, Clock.systemUTC(), options);
        }

        void run() throws Exception {
            List<SavedOperation> resumes = new ArrayList<>();
            List<Op> starts = new ArrayList<>();
            for (List<Op> build : BUILDS) {
                Op next = nextOf(build);
                if (next == null) {
                    buildsLeft.countDown();
                } else if (Files.exists(savedFile(dir, next.id()))) {
                    resumes.add(SavedOperation.fromJson(Files.readString(savedFile(dir, next.id()))));
                } else {
                    starts.add(next);
                }
            }
            // Even controllers resume the former lock holders first; odd ones in any order, as Jenkins may call
            // onResume: the runtime's grace keeps waiters off the locks until the holders are back either way.
            if (round % 2 == 0) {
                resumes.sort((a, b) -> Boolean.compare(b.holdsLock(), a.holdsLock()));
            } else {
                Collections.shuffle(resumes, random);
            }
            for (SavedOperation s : resumes) {
                events.add("RESUME " + s.id() + " " + s.state().phase() + " "
                        + (s.holdsLock() ? "holds " + String.join(",", s.locks()) : "waits"));
                runtime.resume(s, spec(byId(s.id())), new Surface(byId(s.id())));
            }
            starts.forEach(this::start);
            events.add("READY");
            buildsLeft.await();
            events.add("ALL-DONE");
            pool.shutdownNow();
            System.exit(0);
        }

        /** The first operation of the build that has not ended, or null when the build is over. */
        private Op nextOf(List<Op> build) throws IOException {
            for (Op o : build) {
                Path end = endFile(dir, o.id());
                if (!Files.exists(end)) {
                    return o;
                }
                if (!Files.readString(end).startsWith("OK")) {
                    return null;
                }
            }
            return null;
        }

        private void start(Op o) {
            OperationState st;
            try {
                st = OperationState.start(o.type(), o.request(), Instant.now());
            } catch (ShadowImageException e) {
                throw new IllegalStateException(e);
            }
            SavedOperation first = SavedOperation.start(o.id(), st, LockKeys.forOperation(url.toString(), o.type(),
                    o.request()), o.type().cliName() + " " + o.pairKey() + " by " + o.id());
            writeAtomically(savedFile(dir, o.id()), first.toJson());
            events.add("START " + o.id());
            runtime.start(first, spec(o), new Surface(o));
        }

        private OperationSpec spec(Op o) {
            return new OperationSpec("vsp", new Connector(o), false);
        }

        /** The build goes on with its next operation, or is over. */
        private void next(Op ended, boolean ok) {
            List<Op> build = BUILDS.stream().filter(b -> b.contains(ended)).findFirst().orElseThrow();
            int i = build.indexOf(ended);
            if (ok && i + 1 < build.size()) {
                start(build.get(i + 1));
            } else {
                buildsLeft.countDown();
            }
        }

        /** The surface of one operation: its saved file, its end file, its lines. */
        private final class Surface implements OperationContext {
            private final Op op;

            Surface(Op op) {
                this.op = op;
            }

            @Override
            public void saveState(SavedOperation saved) {
                writeAtomically(savedFile(dir, op.id()), saved.toJson());
                events.add("SAVE " + op.id() + " " + saved.state().phase() + (saved.holdsLock() ? " holding" : ""));
            }

            @Override
            public void log(String line) {
                events.add("LOG " + op.id() + " " + line.replace('\n', ' '));
            }

            @Override
            public ProgressListener progress() {
                return e -> System.out.println(op.id() + " " + e.message());
            }

            @Override
            public void succeeded(PairInfo result) {
                end("OK " + result.outcome() + " " + result.pvolStatus(), true);
            }

            @Override
            public void failed(OperationFailure f) {
                ShadowImageException e = f.engineError();
                end("FAILED " + f.kind() + " " + (e == null ? "-" : e.category()) + " " + f.message().replace('\n', ' '),
                        false);
            }

            /**
             * The end is logged at once, and recorded a little later, as Jenkins saves a build's program some time
             * after its step completed: a kill in between resumes an operation that had ended (and let go of its
             * lock, which another one may have taken since).
             */
            private void end(String what, boolean ok) {
                events.add("END " + op.id() + " " + what);
                pool.schedule(() -> {
                    writeAtomically(endFile(dir, op.id()), what);
                    next(op, ok);
                }, random.nextInt(MAX_END_RECORD_DELAY_MS), TimeUnit.MILLISECONDS);
            }
        }

        /** Each operation logs in as its own user; its sessions go when it ends. */
        private final class Connector implements ArrayConnector {
            private final Op op;
            private ArrayAccess access;

            Connector(Op op) {
                this.op = op;
            }

            @Override
            public synchronized ArrayAccess connect() {
                if (access == null) {
                    RetryPolicy retries = RetryPolicy.builder().initialDelay(Duration.ofMillis(50))
                            .maxDelay(Duration.ofMillis(400)).budget(ErrorClass.LOCKED, Duration.ofSeconds(10))
                            .budget(ErrorClass.BUSY, Duration.ofSeconds(10)).build();
                    access = new ArrayAccess(Endpoint.builder(url).connectTimeout(Duration.ofSeconds(10))
                            .readTimeout(Duration.ofSeconds(30)).build(),
                            CredentialsSource.of(op.id(), PASSWORD.toCharArray()),
                            ClientOptions.builder().aliveTime(ALIVE_TIME).sessionLinger(Duration.ZERO)
                                    .retryPolicy(retries).build());
                }
                return access;
            }

            @Override
            public synchronized void disconnect() {
                if (access != null) {
                    access.close();
                    access = null;
                }
            }
        }
    }

    /** Locks in memory, as a Jenkins controller holds them, with every taking written down. */
    static final class RecordingLocks implements LockStore {
        private final LockStore locks;
        private final EventLog events;

        RecordingLocks(LockStore locks, EventLog events) {
            this.locks = locks;
            this.events = events;
        }

        @Override
        public synchronized Optional<LockHolder> tryAcquire(Collection<String> resources, String ownerId,
                String description) {
            Optional<LockHolder> other = locks.tryAcquire(resources, ownerId, description);
            if (other.isEmpty()) {
                events.add("ACQUIRE " + ownerId + " " + String.join(",", resources));
            }
            return other;
        }

        @Override
        public synchronized Optional<LockHolder> reclaim(Collection<String> resources, String ownerId,
                String description) {
            Optional<LockHolder> other = locks.reclaim(resources, ownerId, description);
            events.add((other.isEmpty() ? "RECLAIM " : "LOST ") + ownerId + " " + String.join(",", resources));
            return other;
        }

        @Override
        public synchronized void release(String ownerId) {
            locks.release(ownerId);
            events.add("RELEASE " + ownerId);
        }

        @Override
        public synchronized List<String> heldResources() {
            return locks.heldResources();
        }
    }

    /** Lines appended with one write each, straight to the file: a SIGKILL loses none that was written. */
    static final class EventLog {
        private final FileOutputStream out;

        EventLog(Path file) throws IOException {
            out = new FileOutputStream(file.toFile(), true);
        }

        synchronized void add(String line) {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
