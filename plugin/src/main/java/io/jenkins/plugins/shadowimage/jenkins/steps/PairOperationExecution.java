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
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.Advance;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import io.jenkins.plugins.shadowimage.core.report.PairOperationRecord;
import io.jenkins.plugins.shadowimage.core.runtime.ArrayConnector;
import io.jenkins.plugins.shadowimage.core.runtime.LockKeys;
import io.jenkins.plugins.shadowimage.core.runtime.OperationContext;
import io.jenkins.plugins.shadowimage.core.runtime.OperationFailure;
import io.jenkins.plugins.shadowimage.core.runtime.OperationSpec;
import io.jenkins.plugins.shadowimage.core.runtime.RunningOperation;
import io.jenkins.plugins.shadowimage.core.runtime.SavedOperation;
import io.jenkins.plugins.shadowimage.core.runtime.SetupException;
import io.jenkins.plugins.shadowimage.jenkins.action.ShadowImageRunAction;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import io.jenkins.plugins.shadowimage.jenkins.credentials.CredentialLookups;
import io.jenkins.plugins.shadowimage.jenkins.runtime.ArrayConnections;
import io.jenkins.plugins.shadowimage.jenkins.runtime.BuildLogProgress;
import io.jenkins.plugins.shadowimage.jenkins.runtime.ControllerRuntime;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Runs one ShadowImage operation durably: a thin adapter of the engine's
 * {@link io.jenkins.plugins.shadowimage.core.runtime.OperationRuntime} ({@link ControllerRuntime}) to a
 * {@link StepContext}.
 *
 * <p>{@link #start()} (CPS VM thread) validates, records the operation on the build and hands it to the runtime, which
 * does every REST call on its own pool, one short engine step at a time, and holds no thread while waiting. Each new
 * state comes back through {@link Surface#saveState} into the fields below (plain values and the engine's serializable
 * state, never a secret or a session token) and {@link StepContext#saveState()}. After a controller restart
 * {@link #onResume()} hands the persisted fields to the new runtime, which re-claims the locks this operation held
 * before any waiter may take them. {@link #stop} interrupts the step in flight; the runtime completes the step once
 * that step has ended, with the pair lock freed, the session discarded and the abort written to the log and the run.
 */
@SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "transient parts are rebuilt lazily after a restart")
public final class PairOperationExecution extends StepExecution {

    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(PairOperationExecution.class.getName());

    // ---- persisted (program.dat): these names are read back from running builds, keep them ----
    private final String id = UUID.randomUUID().toString();
    private final String functionName;
    private final String storageName;
    /** The step's override, or null: the storage system's default is then read at each use. */
    private final String credentialsIdOverride;
    private final boolean failFast;
    /** The engine state as of the end of the last step: a snapshot the runtime never mutates. */
    private volatile OperationState state;
    private final String owner;
    private final ArrayList<String> lockResources = new ArrayList<>();
    private volatile boolean holdsLock;
    private boolean recordStarted;
    private boolean statusBeforeRecorded;
    private volatile String waitingFor;
    /** Epoch milliseconds, 0 when not waiting. */
    private volatile long waitingSince;
    private volatile long lastReminder;
    private final AtomicBoolean completed = new AtomicBoolean();

    // ---- transient: rebuilt after a restart ----
    private transient volatile RunningOperation running;
    private transient volatile ArrayAccess access;
    private transient volatile ArrayConnections.Key accessKey;
    /** Credentials whose use was recorded on the run by this execution object ("type:id"); once, not at every step. */
    private transient Set<String> tracked;
    private transient volatile BuildLogProgress progress;

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
            this.state = step.startState(request, Instant.now());
        } catch (ValidationException e) {
            throw new AbortException(functionName + ": " + e.getMessage());
        }
        Run<?, ?> run = context.get(Run.class);
        this.owner = run.getFullDisplayName();
        String arrayKey = system.endpoint(Trust.systemDefault()).arrayKey();
        lockResources.addAll(LockKeys.forOperation(arrayKey, state.type(), state.request()));
    }

    @Override
    public boolean start() throws Exception {
        recordStart();
        running = ControllerRuntime.get().start(saved(), spec(), new Surface());
        return false;
    }

    @Override
    public void onResume() {
        if (completed.get()) {
            return;
        }
        try {
            recordStart();
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.FINE, "could not record the start of " + id, e);
        }
        running = ControllerRuntime.get().resume(saved(), spec(), new Surface());
    }

    /**
     * Interrupts the step in flight (the engine then sends nothing more); the step completes once that step has ended,
     * exactly once, with the lock freed and the session discarded.
     */
    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        RunningOperation r = running;
        if (r != null) {
            r.abort(cause);
        } else if (completed.compareAndSet(false, true)) { // not handed to the runtime (shutting down)
            getContext().onFailure(cause);
        }
    }

    @Override
    public String getStatus() {
        RunningOperation r = running;
        String what = completed.get() ? "finished" : r == null ? "not running" : r.status();
        return functionName + ' ' + state.target() + ": " + what;
    }

    /** A safe restart waits for a REST call in flight; waiting between calls never blocks it. */
    @Override
    public boolean blocksRestart() {
        RunningOperation r = running;
        return r != null && r.stepInFlight();
    }

    // ------------------------------------------------------------------------------------------------

    private SavedOperation saved() {
        return new SavedOperation(id, state, lockResources, lockDescription(), holdsLock, waitingFor,
                waitingSince == 0 ? null : Instant.ofEpochMilli(waitingSince),
                lastReminder == 0 ? null : Instant.ofEpochMilli(lastReminder));
    }

    private OperationSpec spec() {
        return new OperationSpec(storageName, new Connector(), failFast);
    }

    /** The operation's entry on the build page and the first log line: once, also for a build started before an upgrade. */
    private void recordStart() throws IOException, InterruptedException {
        if (recordStarted) {
            return;
        }
        Run<?, ?> run = getContext().get(Run.class);
        StorageSystem system = requireSystem();
        Endpoint id0 = system.endpoint(Trust.systemDefault());
        ShadowImageRunAction.of(run).begin(new PairOperationRecord(id, state.type().cliName(), storageName,
                system.getUrl(), id0.storageDeviceId(), state.request().copyGroupName(), state.request().copyPairName(),
                System.currentTimeMillis()));
        recordStarted = true;
        BuildLogProgress log = progress();
        log.log(describeStart(system));
        if (system.isSkipTlsVerification()) {
            log.log(system.settings().insecureNotice());
        }
    }

    /** The step's side of the runtime's calls (on the runtime's threads, one at a time, completion last). */
    private final class Surface implements OperationContext {

        @Override
        public void saveState(SavedOperation s) {
            state = s.state();
            holdsLock = s.holdsLock();
            waitingFor = s.waitingFor();
            waitingSince = s.waitingSince() == null ? 0 : s.waitingSince().toEpochMilli();
            lastReminder = s.lastReminder() == null ? 0 : s.lastReminder().toEpochMilli();
            try {
                recordProgress(getContext().get(Run.class));
            } catch (IOException | InterruptedException e) {
                LOGGER.log(Level.FINE, "could not record the progress of " + id, e);
            }
            getContext().saveState();
        }

        @Override
        public void log(String line) {
            PairOperationExecution.this.progress().log(line);
        }

        @Override
        public ProgressListener progress() {
            return PairOperationExecution.this.progress();
        }

        @Override
        public void succeeded(PairInfo result) {
            if (!completed.compareAndSet(false, true)) {
                return;
            }
            try {
                succeed(getContext().get(Run.class), result);
            } catch (IOException | InterruptedException | RuntimeException e) {
                LOGGER.log(Level.WARNING, "could not record the result of " + id, e);
                getContext().onSuccess(new LinkedHashMap<>(result.toMap()));
            }
        }

        @Override
        public void failed(OperationFailure f) {
            if (!completed.compareAndSet(false, true)) {
                return;
            }
            boolean aborted = f.kind() == OperationFailure.Kind.ABORTED;
            ShadowImageException e = f.engineError();
            String message = e != null ? failureMessage(e) : aborted ? f.message() : functionName + ": " + f.message();
            PairInfo partial = f.partial();
            try {
                ShadowImageRunAction.of(getContext().get(Run.class)).update(id, r -> r.failed(aborted, message, e, partial,
                        state.lastPvolStatus(), state.jobIds(), System.currentTimeMillis()));
            } catch (IOException | InterruptedException | RuntimeException x) {
                LOGGER.log(Level.FINE, "could not record the end of " + id, x);
            }
            if (aborted || f.kind() == OperationFailure.Kind.UNEXPECTED) {
                getContext().onFailure(f.cause() != null ? f.cause() : new AbortException(message));
            } else {
                getContext().onFailure(new AbortException(message));
            }
        }
    }

    /**
     * Reaches the storage system with the settings and credentials of now (they may change while a step waits); the
     * access is shared by every step on this storage system with these settings and credentials id.
     */
    private final class Connector implements ArrayConnector {
        private UserCredentials user;

        @Override
        public ArrayAccess connect() throws SetupException {
            // Like jenkins.util.Timer: background work of the plugin runs as SYSTEM. Credentials are still looked up as
            // the build's own authentication (findCredentialById uses the job's, not the thread's).
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                Connection c = PairOperationExecution.this.connect(requireSystem(), getContext().get(Run.class));
                user = c.user();
                return c.access();
            } catch (AbortException e) {
                throw new SetupException(e.getMessage());
            } catch (IOException | InterruptedException e) {
                throw new SetupException(functionName + ": the build is not available: " + e);
            }
        }

        @Override
        public Advance call(Supplier<Advance> step) {
            UserCredentials u = user;
            user = null; // looked up again for each step
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                return ArrayConnections.withCredentials(u, step);
            }
        }

        @Override
        public void disconnect() {
            closeAccess();
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
        Trust trust = CredentialLookups.trustForRun(system, run, trustId != null && !seen.contains("certificate:" + trustId));
        Endpoint endpoint = system.endpoint(trust);
        ClientOptions options = system.settings().clientOptions();
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
        return credentialsId(functionName, system, credentialsIdOverride);
    }

    /** The step's credentials id, else the storage system's default; a clear error when there is neither. */
    static String credentialsId(String functionName, StorageSystem system, @CheckForNull String override)
            throws AbortException {
        String cid = override != null ? override : system.getCredentialsId();
        if (cid == null) {
            throw new AbortException(functionName + ": storage system '" + system.getName() + "' has no default "
                    + "credentials; pass credentialsId: '<id of a Username with password credential>'.");
        }
        return cid;
    }

    static UserCredentials resolveCredentials(Run<?, ?> run, String credentialsId, StorageSystem system, boolean track)
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
        return requireSystem(functionName, storageName);
    }

    /** The configured storage system of this name, or a clear error that lists the configured ones. */
    static StorageSystem requireSystem(String functionName, String storageName) throws AbortException {
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

    private BuildLogProgress progress() {
        BuildLogProgress p = progress;
        if (p == null) {
            TaskListener listener;
            try {
                listener = getContext().get(TaskListener.class);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("the build log of " + owner + " is not available", e);
            }
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
            ShadowImageRunAction.of(run).update(id, r -> r.statusBefore(before));
        }
    }

    private static String summary(Map<String, String> memberStatus) {
        StringBuilder sb = new StringBuilder();
        memberStatus.forEach((pair, status) -> sb.append(sb.length() == 0 ? "" : ", ").append(pair).append('=').append(status));
        return sb.toString();
    }

    private void succeed(Run<?, ?> run, PairInfo result) {
        Map<String, Object> value = new LinkedHashMap<>(result.toMap());
        value.put("storage", storageName);
        ShadowImageRunAction.of(run).update(id, r -> r.succeeded(state.type(), result, System.currentTimeMillis()));
        progress().log(result.outcome() + ": " + result.target() + (result.pvolStatus() == null ? "" : " is " + result.pvolStatus()
                + (result.copyProgressRate() == null ? "" : " (" + result.copyProgressRate() + " %)"))
                + (result.jobIds().isEmpty() ? "" : "; job(s) " + result.jobIds()));
        getContext().onSuccess(value);
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
        String explained = e.explanation();
        return head + System.lineSeparator() + (explained == null ? "" : explained + System.lineSeparator()) + hint;
    }

}
