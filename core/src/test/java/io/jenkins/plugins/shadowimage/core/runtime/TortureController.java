package io.jenkins.plugins.shadowimage.core.runtime;

import static io.jenkins.plugins.shadowimage.core.runtime.TortureBuilds.BUILDS;
import static io.jenkins.plugins.shadowimage.core.runtime.TortureBuilds.PASSWORD;
import static io.jenkins.plugins.shadowimage.core.runtime.TortureBuilds.byId;

import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.CredentialsSource;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.ErrorClass;
import io.jenkins.plugins.shadowimage.core.client.RetryPolicy;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.runtime.TortureBuilds.Op;
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
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The "controller" of {@link RestartTortureTest}, a JVM of its own, as a Jenkins controller: it resumes the saved
 * operations (former lock holders re-claim their locks), carries each build on with its next operation, persists every
 * operation's {@link SavedOperation} at every save (one file per operation, replaced atomically, as program.dat holds
 * each execution), and writes what it resumes, every lock it takes or re-claims, every save and every end to its own
 * event file, one write per line, so that a SIGKILL loses nothing written.
 */
final class TortureController {

    static final Duration ALIVE_TIME = Duration.ofSeconds(2);
    /** How long operations that held no lock leave the locks to the former holders after a restart. */
    static final Duration RESUME_GRACE = Duration.ofSeconds(1);
    /** How long after an operation's end its controller records it. */
    private static final int MAX_END_RECORD_DELAY_MS = 200;

    /** Args: directory, simulator URL, round, seed. Exits 0 once every build has ended. */
    public static void main(String[] args) throws Exception {
        new TortureController(Path.of(args[0]), URI.create(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]))
                .run();
    }

    private final Path dir;
    private final URI url;
    private final int round;
    private final Random random;
    private final EventLog events;
    private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(4);
    private final OperationRuntime runtime;
    private final CountDownLatch buildsLeft = new CountDownLatch(BUILDS.size());

    TortureController(Path dir, URI url, int round, long seed) throws IOException {
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

    // ------------------------------------------------------------------ files

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
