package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemSettings;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopy;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyContext;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyState;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyState.After;
import io.jenkins.plugins.shadowimage.core.runtime.OperationFailure;
import io.jenkins.plugins.shadowimage.core.runtime.OperationSpec;
import io.jenkins.plugins.shadowimage.jenkins.action.ShadowImageRunAction;
import io.jenkins.plugins.shadowimage.jenkins.runtime.ControllerRuntime;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/** Adapts the core {@link FrozenCopy} to a block step: persists only the block's state, resumes it in onResume. */
@SuppressFBWarnings(value = {"SE_TRANSIENT_FIELD_NOT_RESTORED", "SE_INNER_CLASS"}, justification = "rebuilt on resume")
final class WithSplitPairExecution extends StepExecution implements FrozenCopyContext {

    private static final long serialVersionUID = 1L;
    private static final String FN = "siWithSplitPair";

    private final String storage;
    private final String credentialsId;
    private final boolean failFast;
    /** The core's {@link FrozenCopyState} as JSON. */
    private volatile String block;
    /** Set before the body is started: a block saved in its body with this false never started it. */
    private volatile boolean bodyStarted;

    private transient volatile FrozenCopy copy;
    private transient volatile BodyExecution body;

    WithSplitPairExecution(StepContext context, WithSplitPairStep step) throws Exception {
        super(context);
        storage = step.getStorage();
        credentialsId = step.getCredentialsId();
        failFast = step.isFailFast();
        Run<?, ?> run = context.get(Run.class);
        StorageSystemSettings system = StorageSystemAccess.requireSystem(FN, storage, run);
        try { // every request of the block is validated here, before anything is sent
            block = FrozenCopy.plan(step.toRequest(), After.parse(step.getAfter()), step.isResyncFirst(), system.arrayKey(),
                    UUID.randomUUID().toString(), run.getFullDisplayName(), Instant.now()).toJson();
        } catch (ValidationException | IllegalArgumentException e) {
            throw new AbortException(FN + ": " + e.getMessage());
        }
    }

    /** Rebuilt from the saved block after a restart. */
    private synchronized FrozenCopy copy() {
        if (copy == null) {
            OperationSpec spec = new OperationSpec(storage,
                    StorageSystemAccess.connector(FN, storage, credentialsId, getContext()), failFast);
            copy = new FrozenCopy(ControllerRuntime.get(), spec, FrozenCopyState.fromJson(block), this);
        }
        return copy;
    }

    @Override public boolean start() {
        copy().start();
        return false;
    }

    @Override public void onResume() { copy().resume(bodyStarted); }

    @Override public String getStatus() { return copy().status(); }

    /** After a restart the body is not known here (Jenkins stops it itself): the block ends it, its after step done. */
    @Override public void stop(Throwable cause) {
        BodyExecution b = body;
        copy().stop(cause, b == null ? null : () -> b.cancel(cause));
    }

    @Override public void save(FrozenCopyState s) {
        block = s.toJson();
        getContext().saveState();
    }

    @Override public void log(String line) { StorageSystemAccess.log(getContext(), FN, line); }

    /** The block's operations on the build's page, the split among them: which frozen copy the body saw. */
    @Override public Records records() throws IOException, InterruptedException {
        return new Records(ShadowImageRunAction.of(getContext().get(Run.class)),
                StorageSystemAccess.requireSystem(FN, storage, null));
    }

    @Override public void startBody(FrozenCopyState s) {
        try {
            EnvironmentExpander env = EnvironmentExpander.merge(getContext().get(EnvironmentExpander.class),
                    EnvironmentExpander.constant(s.environment()));
            bodyStarted = true;
            body = getContext().newBodyInvoker().withCallback(new Callback()).withContext(env).start();
            getContext().saveState();
        } catch (IOException | InterruptedException | RuntimeException e) {
            bodyFailed(e);
        }
    }

    /** What the block ends with is core's ({@link FrozenCopy#endError}). */
    @Override public void ended(FrozenCopyState s, PairInfo result, OperationFailure failure) {
        Throwable error = copy.endError(failure, why -> new AbortException(FN + ": " + why));
        if (error != null) {
            getContext().onFailure(error);
        } else {
            getContext().onSuccess(copy.bodyValue());
        }
    }

    private void bodyFailed(Throwable t) { copy().bodyFailed(t, t instanceof FlowInterruptedException); }

    private final class Callback extends BodyExecutionCallback {

        private static final long serialVersionUID = 1L;

        @Override public void onSuccess(StepContext c, Object result) { copy().bodySucceeded(result); }

        @Override public void onFailure(StepContext c, Throwable t) { bodyFailed(t); }
    }
}
