package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemSettings;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import io.jenkins.plugins.shadowimage.core.report.OperationRecords;
import io.jenkins.plugins.shadowimage.core.runtime.LockKeys;
import io.jenkins.plugins.shadowimage.core.runtime.OperationFailure;
import io.jenkins.plugins.shadowimage.core.runtime.OperationSpec;
import io.jenkins.plugins.shadowimage.core.runtime.OperationWords;
import io.jenkins.plugins.shadowimage.core.runtime.OperationWords.Terms;
import io.jenkins.plugins.shadowimage.core.runtime.ReportingContext;
import io.jenkins.plugins.shadowimage.core.runtime.RunningOperation;
import io.jenkins.plugins.shadowimage.core.runtime.SavedOperation;
import io.jenkins.plugins.shadowimage.jenkins.action.ShadowImageRunAction;
import io.jenkins.plugins.shadowimage.jenkins.runtime.ControllerRuntime;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Runs one operation durably: an adapter of core's {@link RunningOperation} and {@link ReportingContext} to a
 * {@link StepContext}, the way a durable task step keeps its process logic in a library and a handful of fields in the
 * build. Each state the runtime saves comes back into the plain fields below and {@link StepContext#saveState()};
 * {@link #onResume()} hands them to the new runtime, which re-claims the locks held here before any waiter may take them.
 */
@SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "rebuilt by readObject")
public final class PairOperationExecution extends StepExecution {

    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(PairOperationExecution.class.getName());

    // ---- persisted in program.dat: running builds are read back by these names, keep them ----
    private final String id = UUID.randomUUID().toString();
    private final String functionName;
    private final String storageName;
    /** Null: the storage system's default credentials at each use. */
    private final String credentialsIdOverride;
    private final boolean failFast;
    /** The engine state as of the last step, as {@link OperationState#toJson()} writes it (as in the CLI's state file). */
    private volatile String stateJson;
    /** Absent (false) before dry runs existed. A dry run never goes past its checks, also after a restart. */
    private boolean dryRun;
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
    /** Where versions before {@link #stateJson} kept the state: read once by {@link #readObject}, then null. */
    private OperationState state;

    private transient volatile OperationState current;
    private transient volatile RunningOperation running;

    PairOperationExecution(StepContext context, ShadowImageStep step) throws Exception {
        super(context);
        this.functionName = step.getDescriptor().getFunctionName();
        this.storageName = step.getStorage();
        this.credentialsIdOverride = step.getCredentialsId();
        this.failFast = step.isFailFast();
        StorageSystemSettings system = StorageSystemAccess.requireSystem(functionName, storageName, null);
        try { // every parameter is checked before any request, and the absolute deadline is fixed
            setState(step.p.start(step.operationType(), system.timeoutFor(step.operationType()), Instant.now()));
            lockResources.addAll(LockKeys.forOperation(system.arrayKey(), current.type(), current.request()));
        } catch (ValidationException | IllegalArgumentException e) {
            throw new AbortException(functionName + ": " + e.getMessage());
        }
        this.dryRun = current.isDryRun();
        this.owner = context.get(Run.class).getFullDisplayName();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        stateJson = stateJson != null ? stateJson : state.toJson();
        state = null;
        current = dryRun ? OperationState.fromJson(stateJson).dryRun() : OperationState.fromJson(stateJson);
    }

    @Override public boolean start() throws Exception {
        Surface surface = new Surface();
        begin(surface);
        running = ControllerRuntime.get().start(saved(), spec(), surface);
        return false;
    }

    @Override public void onResume() {
        if (completed.get()) {
            return;
        }
        Surface surface = new Surface();
        try {
            begin(surface); // a build started before records existed gets its record now
        } catch (AbortException | RuntimeException e) {
            LOGGER.log(Level.FINE, "could not record the start of " + id, e);
        }
        running = ControllerRuntime.get().resume(saved(), spec(), surface);
    }

    /** The system may have been reconfigured since the constructor checked it: an unusable URL now fails in words. */
    private void begin(Surface surface) throws AbortException {
        try {
            surface.begin(StorageSystemAccess.requireSystem(functionName, storageName, null));
        } catch (IllegalArgumentException e) {
            throw new AbortException(functionName + ": " + e.getMessage());
        }
        recordStarted = surface.begun();
    }

    /** Interrupts the step in flight; the runtime completes this step once that has ended (lock freed, session discarded). */
    @Override public void stop(Throwable cause) {
        RunningOperation r = running;
        if (r != null) {
            r.abort(cause);
        } else if (completed.compareAndSet(false, true)) { // never handed to the runtime (shutting down)
            getContext().onFailure(cause);
        }
    }

    @Override public String getStatus() {
        return OperationWords.executionStatus(functionName, current, completed.get(), running);
    }

    /** A safe restart waits for a REST call in flight; waiting between calls never blocks it. */
    @Override public boolean blocksRestart() {
        RunningOperation r = running;
        return r != null && r.stepInFlight();
    }

    /** What the runtime starts or resumes from. */
    SavedOperation saved() {
        return SavedOperation.of(id, current, lockResources, owner, holdsLock, waitingFor, waitingSince, lastReminder);
    }

    private OperationSpec spec() {
        return new OperationSpec(storageName,
                StorageSystemAccess.connector(functionName, storageName, credentialsIdOverride, getContext()), failFast);
    }

    private void setState(OperationState s) {
        current = s;
        stateJson = s.toJson();
    }

    /** The runtime's calls, on its threads, one at a time, the end last; what they say and record is core's. */
    private final class Surface extends ReportingContext {

        Surface() { super(functionName, Terms.PIPELINE, id, storageName, current, completed, recordStarted, statusBeforeRecorded); }

        @Override protected void persist(SavedOperation s) {
            setState(s.state());
            holdsLock = s.holdsLock();
            waitingFor = s.waitingFor();
            waitingSince = s.waitingSinceMillis();
            lastReminder = s.lastReminderMillis();
            statusBeforeRecorded = statusBeforeRecorded();
            getContext().saveState();
        }

        @Override protected OperationRecords records() throws IOException, InterruptedException {
            return ShadowImageRunAction.of(getContext().get(Run.class));
        }

        @Override protected void line(String line) { StorageSystemAccess.log(getContext(), functionName, line); }
        @Override protected void complete(Map<String, Object> value) { getContext().onSuccess(value); }

        @Override protected void fail(OperationFailure f, String message) {
            getContext().onFailure(f.rethrown() != null ? f.rethrown() : new AbortException(message));
        }
    }
}
