package io.jenkins.plugins.shadowimage.jenkins.steps;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.client.UserCredentials;
import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationDriver;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.Step;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import io.jenkins.plugins.shadowimage.jenkins.action.PairOperationRecord;
import io.jenkins.plugins.shadowimage.jenkins.action.ShadowImageRunAction;
import io.jenkins.plugins.shadowimage.jenkins.config.ArraySettings;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import io.jenkins.plugins.shadowimage.jenkins.credentials.CredentialLookups;
import io.jenkins.plugins.shadowimage.jenkins.runtime.ArrayConnections;
import io.jenkins.plugins.shadowimage.jenkins.runtime.ArrayErrors;
import io.jenkins.plugins.shadowimage.jenkins.runtime.BuildLogProgress;
import io.jenkins.plugins.shadowimage.jenkins.runtime.OperationExecutor;
import io.jenkins.plugins.shadowimage.jenkins.runtime.PairLocks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Runs one ShadowImage operation durably.
 *
 * <p>{@link #start()} (CPS VM thread) only validates and schedules; every REST call happens in {@link #tick()}
 * on the plugin's {@link OperationExecutor}. Each tick does one short engine step
 * ({@link OperationDriver#advance}), then {@link StepContext#saveState()} persists the engine's
 * {@link OperationState} (a non-transient field: ids, phase, absolute deadline, observed statuses; never a
 * secret or a session token) and the next tick is scheduled. No thread and no REST session are held while
 * waiting.
 *
 * <p>After a controller restart {@link #onResume()} rebuilds the transient parts and continues from the
 * persisted state with a new session; the engine reads the pair back before it would send anything again,
 * so a create is never sent twice. {@link #stop} completes at once, exactly once, interrupts a tick in flight,
 * and frees the pair lock and the session in the background once that tick has ended.
 */
@SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "transient parts are rebuilt lazily after a restart")
public final class PairOperationExecution extends StepExecution {

    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(PairOperationExecution.class.getName());

    /** How often a waiting step looks again at a busy pair or a paused storage system. */
    static final Duration WAIT_RECHECK = Duration.ofSeconds(Long.getLong(PairOperationExecution.class.getName() + ".waitRecheckSeconds", 5));
    /** How often a still-waiting step repeats why it waits. */
    static final Duration WAIT_REMINDER = Duration.ofMinutes(5);
    /** After a restart, waiters let former holders re-claim their pairs first. */
    static final Duration RESUME_WAITER_DELAY = Duration.ofSeconds(10);

    // ---- persisted (program.dat): plain values and the engine's serializable state, no secrets ----
    private final String id = UUID.randomUUID().toString();
    private final String functionName;
    private final String storageName;
    /** The step's override, or null: the storage system's default is then read at each use. */
    private final String credentialsIdOverride;
    private final boolean failFast;
    /**
     * The engine state as of the end of the last tick. Only ever replaced by a fresh snapshot, never mutated, so the
     * CPS VM can serialize it at any moment while a tick works on {@link #live}.
     */
    private volatile OperationState state;
    private final String owner;
    private final ArrayList<String> lockResources = new ArrayList<>();
    private boolean holdsLock;
    private boolean recordStarted;
    private boolean statusBeforeRecorded;
    private String waitingFor;
    private long waitingSince;
    private long lastReminder;
    private final AtomicBoolean completed = new AtomicBoolean();

    // ---- transient: rebuilt after a restart ----
    private transient volatile ScheduledFuture<?> task;
    private transient volatile long nextTickAt;
    private transient volatile ArrayAccess access;
    private transient volatile ArrayConnections.Key accessKey;
    /** Credentials whose use was recorded on the run by this execution object ("type:id"); once, not at every tick. */
    private transient Set<String> tracked;
    private transient volatile BuildLogProgress progress;
    private transient volatile boolean ticking;
    private transient volatile boolean resumed;
    private transient Object tickLock;
    /** The copy the engine advances (a stable identity, e.g. for its queue of session waiters); rebuilt from {@link #state}. */
    private transient OperationState live;

    PairOperationExecution(@NonNull StepContext context, @NonNull ShadowImageStep step) throws Exception {
        super(context);
        this.functionName = step.getDescriptor().getFunctionName();
        this.storageName = step.getStorage();
        this.credentialsIdOverride = step.getCredentialsId();
        this.failFast = step.isFailFast();
        if (storageName == null) {
            throw new AbortException(functionName + ": 'storage' is required: the name of a storage system configured in "
                    + "Manage Jenkins » VSP storage systems.");
        }
        StorageSystem system = requireSystem();
        PairRequest request = step.toRequest();
        if (request.timeout() == null && step.operationType() != OperationType.STATUS) {
            request = request.toBuilder().timeout(Duration.ofMinutes(system.getTimeoutMinutes())).build();
        }
        try {
            // Validates every parameter (clear message, nothing sent) and fixes the absolute deadline.
            this.state = OperationState.start(step.operationType(), request, Instant.now());
        } catch (ValidationException e) {
            throw new AbortException(functionName + ": " + e.getMessage());
        }
        Run<?, ?> run = context.get(Run.class);
        this.owner = run.getFullDisplayName();
        String arrayKey = ArraySettings.endpoint(system, Trust.systemDefault()).arrayKey();
        OperationType type = state.type();
        if (type == OperationType.GROUP_SPLIT || type == OperationType.GROUP_RESYNC) {
            lockResources.add(PairLocks.group(arrayKey, step.getCopyGroupName()));
        } else if (type != OperationType.STATUS) {
            lockResources.add(PairLocks.pair(arrayKey, step.getCopyGroupName(), step.pairName()));
            if (step.svolLdev() != null) {
                lockResources.add(PairLocks.svol(arrayKey, step.svolLdev()));
            }
        }
    }

    private Object tickLock() {
        synchronized (this) {
            if (tickLock == null) {
                tickLock = new Object();
            }
            return tickLock;
        }
    }

    @Override
    public boolean start() throws Exception {
        schedule(Duration.ZERO);
        return false;
    }

    @Override
    public void onResume() {
        if (completed.get()) {
            return;
        }
        resumed = true;
        if (holdsLock) {
            PairLocks.get().reclaim(lockResources, id, lockDescription());
        }
        // Former holders re-claim first (above, synchronously); former waiters look a little later.
        schedule(holdsLock || lockResources.isEmpty() ? Duration.ZERO : RESUME_WAITER_DELAY);
    }

    /**
     * Completes the step at once, exactly once. A tick in flight is interrupted: the engine then sends nothing more
     * (a request is never re-sent after an interrupt) and returns. The pair lock is released only after that tick
     * has ended, so a build waiting for the pair cannot start while our last request may still be on its way.
     */
    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        boolean inFlight = ticking;
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(true);
        }
        try {
            OperationExecutor.get().execute(() -> afterStop(inFlight));
        } catch (RejectedExecutionException e) {
            // Shutting down: the locks are in memory only and sessions expire on the array.
            LOGGER.log(Level.FINE, "shutting down; sessions expire on the array", e);
            PairLocks.get().release(id);
        }
        getContext().onFailure(cause);
    }

    /** Background part of {@link #stop}: waits for the tick in flight to end, then frees the pair and the session. */
    private void afterStop(boolean inFlight) {
        String where;
        synchronized (tickLock()) {
            PairLocks.get().release(id);
            closeAccess();
            where = describeProgress();
        }
        try {
            TaskListener listener = getContext().get(TaskListener.class);
            listener.getLogger().println(prefix() + "aborted " + where + "."
                    + (inFlight ? " A request was in flight when the abort came and may still have reached the array." : "")
                    + " Any job already accepted by the array continues there; check the pair with siPairStatus before "
                    + "running another operation on it.");
            Run<?, ?> run = getContext().get(Run.class);
            ShadowImageRunAction.of(run).update(id, null, null, state.lastPvolStatus(), null, state.jobIds(),
                    PairOperationRecord.Outcome.ABORTED, "aborted " + where);
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.FINE, "could not record the abort of " + id, e);
        }
    }

    @Override
    public String getStatus() {
        StringBuilder sb = new StringBuilder(functionName).append(' ').append(state.target()).append(": ");
        if (completed.get()) {
            return sb.append("finished").toString();
        }
        if (waitingFor != null) {
            sb.append("waiting: ").append(waitingFor);
        } else {
            sb.append(describeProgress());
        }
        long next = nextTickAt - System.currentTimeMillis();
        if (ticking) {
            sb.append("; talking to the array now");
        } else if (next > 0) {
            sb.append("; next check in ").append(Util.getTimeSpanString(next));
        }
        return sb.toString();
    }

    /** A safe restart waits for a REST call in flight; waiting between calls never blocks it. */
    @Override
    public boolean blocksRestart() {
        return ticking;
    }

    // ------------------------------------------------------------------------------------------------

    private void schedule(Duration delay) {
        if (completed.get()) {
            return;
        }
        long ms = Math.max(0, delay.toMillis());
        nextTickAt = System.currentTimeMillis() + ms;
        try {
            task = OperationExecutor.get().schedule(this::tick, ms, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Jenkins is shutting down: the state is in program.dat and onResume() picks it up.
            LOGGER.log(Level.FINE, "not scheduling " + id + " during shutdown", e);
        }
    }

    private void tick() {
        synchronized (tickLock()) {
            if (completed.get()) {
                return;
            }
            ticking = true;
            // Like jenkins.util.Timer: background work of the plugin runs as SYSTEM. Credentials are still looked
            // up as the build's own authentication (findCredentialById uses the job's, not the thread's).
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                Duration next = tickOnce();
                if (next != null) {
                    schedule(next);
                }
            } catch (AbortException e) {
                fail(e.getMessage(), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (!completed.get()) {
                    schedule(WAIT_RECHECK);
                }
            } catch (Throwable t) { // report anything unexpected through the step, never lose it silently
                // After stop() the interrupt it sent may surface anywhere (e.g. while saving): the step is already over.
                LOGGER.log(completed.get() ? Level.FINE : Level.WARNING, "unexpected failure in " + functionName + " "
                        + state.target(), t);
                if (completed.compareAndSet(false, true)) {
                    PairLocks.get().release(id);
                    closeAccess();
                    getContext().onFailure(t);
                }
            } finally {
                ticking = false;
            }
        }
    }

    /** One tick. @return the delay before the next one, or {@code null} when finished. */
    @CheckForNull
    private Duration tickOnce() throws IOException, InterruptedException {
        Run<?, ?> run = getContext().get(Run.class);
        TaskListener listener = getContext().get(TaskListener.class);
        BuildLogProgress log = progress(listener);
        StorageSystem system = requireSystem();

        if (!recordStarted) {
            Endpoint id0 = ArraySettings.endpoint(system, Trust.systemDefault());
            ShadowImageRunAction.of(run).begin(new PairOperationRecord(id, state.type().cliName(), storageName,
                    system.getUrl(), id0.storageDeviceId(), state.request().copyGroupName(), state.request().copyPairName(),
                    System.currentTimeMillis()));
            recordStarted = true;
            log.log(describeStart(system));
            if (system.isSkipTlsVerification()) {
                log.log(system.insecureNotice());
            }
            getContext().saveState();
        }
        if (resumed) {
            resumed = false;
            log.log("resumed after a controller restart, " + describeProgress()
                    + "; continuing with a new REST session (the array is read before anything is sent again)");
            if (system.isSkipTlsVerification()) {
                log.log(system.insecureNotice());
            }
        }

        // 1. Maintenance switch: nothing new is sent to a paused storage system.
        if (system.isOperationsPaused() && state.type() != OperationType.STATUS) {
            if (notYetSubmitted()) {
                String why = system.pauseNotice();
                if (failFast) {
                    throw new AbortException(functionName + " " + state.target() + ": " + why + " (failFast: not waiting)");
                }
                return waitFor(why, log);
            }
            noteOnce("storage system '" + storageName + "' was paused after this operation was accepted by the array; "
                    + "following it to its end (read-only requests)", log);
        }

        // 2. One operation at a time per pair / S-VOL / group on this controller.
        if (!holdsLock && !lockResources.isEmpty()) {
            PairLocks.Holder holder = PairLocks.get().tryAcquire(lockResources, id, lockDescription());
            if (holder != null) {
                String why = holder.description();
                if (failFast) {
                    throw new AbortException(functionName + " " + state.target() + ": " + why + " (failFast: not waiting)");
                }
                return waitFor(why, log);
            }
            holdsLock = true;
            getContext().saveState();
        }
        if (waitingFor != null) {
            log.log("done waiting after " + Util.getTimeSpanString(System.currentTimeMillis() - waitingSince) + " (" + waitingFor + ")");
            waitingFor = null;
            getContext().saveState();
        }

        // 3. One engine step with credentials looked up once for this tick; the engine closes (or lends for the
        // next step of the same user) its session before returning.
        Connection connection = connect(system, run);
        OperationDriver driver = new OperationDriver(connection.access(), log);
        if (live == null) {
            live = copyOf(state);
        }
        OperationState working = live;
        Step outcome = ArrayConnections.withCredentials(connection.user(), () -> driver.advance(working));
        if (interruptedByShutdown(outcome)) {
            // Forget the interrupted step: program.dat keeps the state before it, and the next controller repeats
            // it (the engine reads the pair back before sending anything again).
            live = null;
            log.log("controller is shutting down; the operation resumes after the restart");
            return null;
        }
        state = copyOf(live);
        getContext().saveState();
        recordProgress(run);

        if (outcome instanceof Step.Again again) {
            return again.delay();
        }
        if (outcome instanceof Step.Done done) {
            succeed(run, log, done.result());
            return null;
        }
        if (outcome instanceof Step.Failed failed) {
            ShadowImageException e = failed.error();
            fail(failureMessage(e), e.partialResult());
            return null;
        }
        throw new IllegalStateException("unknown engine step " + outcome);
    }

    private static boolean interruptedByShutdown(Step outcome) {
        return outcome instanceof Step.Failed failed
                && failed.error().category() == ShadowImageException.Category.INTERRUPTED
                && (OperationExecutor.isShuttingDown() || isTerminating());
    }

    private static boolean isTerminating() {
        Jenkins j = Jenkins.getInstanceOrNull();
        return j == null || j.isTerminating();
    }

    /** A deep copy through serialization (the state is small: ids, statuses, instants). */
    private static OperationState copyOf(OperationState s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                // The engine's classes live in this plugin's class loader, not in the default one.
                try {
                    return Class.forName(desc.getName(), false, PairOperationExecution.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            return (OperationState) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }

    private boolean notYetSubmitted() {
        return state.phase() == Phase.CHECK || (state.phase() == Phase.SUBMIT && state.submitAttempts() == 0);
    }

    /** Waits (bounded by the operation's deadline), saying why when the reason changes and every few minutes. */
    private Duration waitFor(String why, BuildLogProgress log) throws AbortException {
        long now = System.currentTimeMillis();
        if (!why.equals(waitingFor)) {
            if (waitingFor == null) {
                waitingSince = now;
            }
            waitingFor = why;
            lastReminder = now;
            log.log("waiting: " + why);
            getContext().saveState();
        } else if (now - lastReminder >= WAIT_REMINDER.toMillis()) {
            lastReminder = now;
            log.log("still waiting (" + Util.getTimeSpanString(now - waitingSince) + "): " + why);
        }
        if (Instant.ofEpochMilli(now).isAfter(state.deadline())) {
            throw new AbortException(functionName + " " + state.target() + ": timed out after "
                    + Util.getTimeSpanString(now - waitingSince) + " waiting (" + why + "); nothing was sent to the array.");
        }
        return WAIT_RECHECK;
    }

    private transient String lastNote;

    private void noteOnce(String note, BuildLogProgress log) {
        if (!note.equals(lastNote)) {
            lastNote = note;
            log.log(note);
        }
    }

    /** The shared access of this tick and the credentials its sessions log in with (never stored in a field). */
    private record Connection(ArrayAccess access, UserCredentials user) {}

    /**
     * Resolves the credentials once for this tick (a clear error before any request) and takes the access shared by
     * every step on this storage system with these settings and credentials id. The key holds only values with value
     * equality, so the same access (HTTP client, idle session) is reused from tick to tick.
     */
    private Connection connect(StorageSystem system, Run<?, ?> run) throws AbortException {
        String credentialsId = credentialsId(system);
        Set<String> seen = tracked;
        if (seen == null) {
            seen = new HashSet<>();
            tracked = seen;
        }
        String trustId = system.isSkipTlsVerification() ? null : system.getTrustCredentialsId();
        Trust trust = ArraySettings.trustForRun(system, run, trustId != null && !seen.contains("certificate:" + trustId));
        Endpoint endpoint = ArraySettings.endpoint(system, trust);
        ClientOptions options = ArraySettings.options(system);
        UserCredentials user = resolveCredentials(run, credentialsId, system, !seen.contains("user:" + credentialsId));
        if (trustId != null) {
            seen.add("certificate:" + trustId);
        }
        seen.add("user:" + credentialsId);
        ArrayConnections.Key key = new ArrayConnections.Key(storageName, endpoint, system.getSessionAliveTime(),
                system.getSessionBudget(), credentialsId);
        ArrayAccess a = access;
        if (a == null || a.isClosed() || !key.equals(accessKey)) {
            closeAccess();
            a = ArrayConnections.acquire(key, options);
            access = a;
            accessKey = key;
        }
        return new Connection(a, user);
    }

    private String credentialsId(StorageSystem system) throws AbortException {
        String cid = credentialsIdOverride != null ? credentialsIdOverride : system.getCredentialsId();
        if (cid == null) {
            throw new AbortException(functionName + ": storage system '" + storageName + "' has no default credentials; "
                    + "pass credentialsId: '<id of a Username with password credential>'.");
        }
        return cid;
    }

    private UserCredentials resolveCredentials(Run<?, ?> run, String credentialsId, StorageSystem system, boolean track)
            throws AbortException {
        StandardUsernamePasswordCredentials c = CredentialLookups.resolveForRun(run, credentialsId, system.getUrl(),
                StandardUsernamePasswordCredentials.class, "Username with password",
                "REST API user for storage system '" + system.getName() + "'", track);
        return new UserCredentials(c.getUsername(), c.getPassword().getPlainText().toCharArray());
    }

    /** Lets go of the shared access; the last step using it closes it, discarding its idle session. */
    private void closeAccess() {
        ArrayAccess a = access;
        ArrayConnections.Key k = accessKey;
        access = null;
        accessKey = null;
        if (a != null && k != null) {
            ArrayConnections.release(k, a);
        }
    }

    private StorageSystem requireSystem() throws AbortException {
        StorageSystem s = StorageSystemsConfiguration.get().findSystem(storageName);
        if (s == null) {
            List<String> names = new ArrayList<>();
            for (StorageSystem each : StorageSystemsConfiguration.get().getStorageSystems()) {
                names.add(each.getName());
            }
            throw new AbortException(functionName + ": no storage system named '" + storageName + "' is configured "
                    + "(Manage Jenkins » VSP storage systems)" + (names.isEmpty() ? "; none are." : "; known: " + String.join(", ", names) + "."));
        }
        return s;
    }

    private BuildLogProgress progress(TaskListener listener) {
        BuildLogProgress p = progress;
        if (p == null) {
            p = new BuildLogProgress(listener, prefix());
            progress = p;
        }
        return p;
    }

    private String prefix() {
        return "[" + functionName + "] ";
    }

    private String lockDescription() {
        return (state.type().isPairLevel() ? "pair " : "copy group ") + state.target() + " is being " + verb() + " by " + owner;
    }

    private String verb() {
        return switch (state.type()) {
            case CREATE -> "created";
            case SPLIT, GROUP_SPLIT -> "split";
            case RESYNC, GROUP_RESYNC -> "resynchronised";
            case RESTORE -> "restored";
            case DELETE -> "deleted";
            case STATUS -> "read";
            case WAIT, GROUP_WAIT -> "waited for";
        };
    }

    private String describeStart(StorageSystem system) {
        WaitFor waitFor = state.request().waitFor();
        Duration timeout = Duration.between(state.startedAt(), state.deadline());
        return state.type().cliName() + " " + state.target() + " on storage system '" + storageName + "' (" + system.getUrl()
                + (system.getStorageDeviceId() == null ? "" : ", " + system.getStorageDeviceId()) + ")"
                + (waitFor == WaitFor.ACCEPTED ? "; waits until the array accepts it" : "; waits until it completes")
                + "; timeout " + Util.getTimeSpanString(timeout.toMillis());
    }

    private String describeProgress() {
        StringBuilder sb = new StringBuilder("in phase ").append(state.phase());
        if (state.jobId() != null) {
            sb.append(", job ").append(state.jobId());
        }
        if (state.lastPvolStatus() != null) {
            sb.append(", pair last seen ").append(state.lastPvolStatus());
            if (state.lastProgress() != null) {
                sb.append(' ').append(state.lastProgress()).append(" %");
            }
        }
        return sb.toString();
    }

    /** The status found before anything was sent: recorded after the first step that read the pair (or group). */
    private void recordProgress(Run<?, ?> run) {
        if (!statusBeforeRecorded && state.jobId() == null && state.phase() != Phase.CHECK) {
            statusBeforeRecorded = true;
            String before;
            if (state.type().isPairLevel()) {
                before = state.lastPvolStatus() == null ? "NONE" : state.lastPvolStatus();
            } else {
                before = state.memberStatus().isEmpty() ? "NONE" : summary(state.memberStatus());
            }
            ShadowImageRunAction.of(run).statusBefore(id, before);
        }
    }

    private static String summary(Map<String, String> memberStatus) {
        StringBuilder sb = new StringBuilder();
        memberStatus.forEach((pair, status) -> sb.append(sb.length() == 0 ? "" : ", ").append(pair).append('=').append(status));
        return sb.toString();
    }

    /** After-status for the build page: the pair's P-VOL status, or "pair=status, ..." for a group. */
    private static String statusAfter(PairInfo result) {
        if (result.pvolStatus() != null || result.pairs().isEmpty()) {
            return result.pvolStatus();
        }
        Map<String, String> members = new LinkedHashMap<>();
        for (PairInfo p : result.pairs()) {
            members.put(p.copyPairName(), p.pvolStatus());
        }
        return summary(members);
    }

    /** When the split was observed, for operations that split (the moment the frozen copy is from, at the latest). */
    @CheckForNull
    private String splitObserved(PairInfo result) {
        OperationType type = state.type();
        boolean splits = type == OperationType.SPLIT || type == OperationType.GROUP_SPLIT
                || (type == OperationType.CREATE && "PSUS".equals(result.pvolStatus()));
        Instant psus = result.statusObservedAt().get("PSUS");
        return splits && psus != null ? psus.toString() : null;
    }

    private void succeed(Run<?, ?> run, BuildLogProgress log, PairInfo result) {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        PairLocks.get().release(id);
        closeAccess();
        Map<String, Object> value = new LinkedHashMap<>(result.toMap());
        value.put("storage", storageName);
        ShadowImageRunAction.of(run).update(id, result.pvolLdevId(), result.svolLdevId(), statusAfter(result), splitObserved(result),
                result.jobIds(), PairOperationRecord.Outcome.SUCCESS, result.outcome());
        log.log(result.outcome() + ": " + result.target() + (result.pvolStatus() == null ? "" : " is " + result.pvolStatus()
                + (result.copyProgressRate() == null ? "" : " (" + result.copyProgressRate() + " %)"))
                + (result.jobIds().isEmpty() ? "" : "; job(s) " + result.jobIds()));
        getContext().onSuccess(value);
    }

    private void fail(String message, @CheckForNull PairInfo partial) {
        if (!completed.compareAndSet(false, true)) {
            return;
        }
        PairLocks.get().release(id);
        closeAccess();
        try {
            Run<?, ?> run = getContext().get(Run.class);
            ShadowImageRunAction.of(run).update(id, partial == null ? null : partial.pvolLdevId(),
                    partial == null ? null : partial.svolLdevId(),
                    partial != null && partial.pvolStatus() != null ? partial.pvolStatus() : state.lastPvolStatus(),
                    null, state.jobIds(), PairOperationRecord.Outcome.FAILED, message);
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.FINE, "could not record the failure of " + id, e);
        }
        getContext().onFailure(new AbortException(message));
    }

    /** The engine's message (KART id, SSB codes, cause, solution) plus what to do next, by category. */
    private String failureMessage(ShadowImageException e) {
        String head = functionName + " failed: " + e.getMessage(); // the engine's message names the pair
        String hint = switch (e.category()) {
            case VALIDATION -> "Fix the step parameters; nothing was sent to the array.";
            case REJECTED_BY_ARRAY -> "The array refused the request. The KART message id and SSB1/SSB2 codes above identify "
                    + "the reason; see 'KART and SSB codes' in the plugin's troubleshooting guide.";
            case TIMEOUT -> "The operation may still be running on the array (pair last seen "
                    + (state.lastPvolStatus() == null ? "in an unknown state" : state.lastPvolStatus())
                    + "). Check it with siPairStatus before retrying, or raise 'timeout'.";
            case CONNECTION -> "The array could not be reached or kept answering errors that are worth retrying. Check the URL, "
                    + "the network path and TLS trust (Manage Jenkins » VSP storage systems » Test connection).";
            case INTERRUPTED -> "Interrupted.";
            case INTERNAL -> "This looks like a bug in the plugin or an unexpected answer from the array; please report it with "
                    + "this log.";
        };
        VspApiException api = e.apiError();
        String explained = api == null ? null : ArrayErrors.explain(api.messageId(), api.ssb1(), api.ssb2());
        return head + System.lineSeparator() + (explained == null ? "" : explained + System.lineSeparator()) + hint;
    }

}
