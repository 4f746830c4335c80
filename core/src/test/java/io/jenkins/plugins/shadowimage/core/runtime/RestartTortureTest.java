package io.jenkins.plugins.shadowimage.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static io.jenkins.plugins.shadowimage.core.runtime.TortureBuilds.BUILDS;
import static io.jenkins.plugins.shadowimage.core.runtime.TortureBuilds.PASSWORD;
import static io.jenkins.plugins.shadowimage.core.runtime.TortureBuilds.allOps;
import static io.jenkins.plugins.shadowimage.core.runtime.TortureBuilds.byId;
import static io.jenkins.plugins.shadowimage.core.runtime.TortureController.ALIVE_TIME;
import static io.jenkins.plugins.shadowimage.core.runtime.TortureController.endFile;
import static io.jenkins.plugins.shadowimage.core.runtime.TortureController.events;
import static org.awaitility.Awaitility.await;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.runtime.TortureBuilds.Op;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
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
    private static final Pattern CREATE = Pattern.compile("/local-clone-copypairs$");
    private static final Pattern SPLIT = Pattern.compile("/local-clone-copypairs/[^/]+/actions/split/invoke$");
    private static final Pattern RESYNC = Pattern.compile("/local-clone-copypairs/[^/]+/actions/resync/invoke$");
    /** Outcomes by which an operation says that it changed the pair (sent its request once). */
    private static final Set<String> CHANGED = Set.of("CREATED", "SPLIT", "RESYNCED");

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
                    + "(%d creates/splits/resyncs, %d applied), %d duplicates, %d wrong states, %d lock thieves, "
                    + "%d sessions left, %d s%n",
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

    // ------------------------------------------------------------------ processes and files

    private Process startController(URI url, int round, long seed) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                TortureController.class.getName(), dir.toString(), url.toString(), String.valueOf(round),
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
}
