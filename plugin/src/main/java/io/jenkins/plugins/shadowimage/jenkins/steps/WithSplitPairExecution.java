package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.model.*;
import io.jenkins.plugins.shadowimage.core.client.*;
import io.jenkins.plugins.shadowimage.core.engine.*;
import io.jenkins.plugins.shadowimage.core.runtime.*;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyState.*;
import io.jenkins.plugins.shadowimage.jenkins.config.*;
import io.jenkins.plugins.shadowimage.jenkins.runtime.*;
import java.io.IOException;
import java.time.Instant;
import java.util.*;
import org.jenkinsci.plugins.workflow.steps.*;

/** Adapts the core {@link FrozenCopy} to a block step: persists only the block's state, resumes it in onResume. */
@SuppressFBWarnings(value = {"SE_TRANSIENT_FIELD_NOT_RESTORED", "SE_INNER_CLASS"}, justification = "rebuilt on resume")
final class WithSplitPairExecution extends StepExecution implements FrozenCopyContext {
    private static final long serialVersionUID = 1L;
    private static final String FN = "siWithSplitPair";
    private final String storage, credentialsId; private final boolean failFast;
    private volatile String block; // the core's FrozenCopyState as JSON
    private transient volatile FrozenCopy copy;
    private transient volatile BodyExecution body;
    private transient volatile Object bodyResult; // the body's value and error are lost in a restart: the state has its words
    private transient volatile Throwable bodyError;
    WithSplitPairExecution(StepContext context, WithSplitPairStep step) throws Exception {
        super(context);
        storage = step.getStorage(); credentialsId = step.getCredentialsId(); failFast = step.isFailFast();
        StorageSystem system = PairOperationExecution.requireSystem(FN, storage);
        try { // every request of the block is validated here, before anything is sent
            block = FrozenCopy.plan(step.toRequest(), After.parse(step.getAfter()), step.isResyncFirst(), system.endpoint(Trust.systemDefault())
                    .arrayKey(), UUID.randomUUID().toString(), context.get(Run.class)
                    .getFullDisplayName(), Instant.now()).toJson();
        } catch (ValidationException e) { throw new AbortException(FN + ": " + e.getMessage()); }
    }
    private synchronized FrozenCopy copy() { // rebuilt from the saved block after a restart
        return copy != null ? copy : (copy = new FrozenCopy(ControllerRuntime.get(), new OperationSpec(storage,
                PairOperationExecution.connector(FN, storage, credentialsId, getContext()), failFast), FrozenCopyState.fromJson(block), this));
    }
    @Override public boolean start() { copy().start(); return false; }
    @Override public void onResume() { copy().resume(); }
    @Override public String getStatus() { return copy().status(); }
    @Override public void save(FrozenCopyState s) { block = s.toJson(); getContext().saveState(); }
    @Override public ProgressListener progress() { return event -> log(event.message()); }
    @Override public void stop(Throwable cause) {
        BodyExecution b = body; // in the body: stop it; its end reaches the callback, the after step runs, the block fails
        if (!copy().abort(cause) && b != null) { b.cancel(cause); }
    }
    @Override public void log(String line) {
        try { getContext().get(TaskListener.class).getLogger().println("[" + FN + "] " + line); } catch (IOException | InterruptedException e) { /* no log */ }
    }
    @Override public void startBody(FrozenCopyState s) {
        try {
            body = getContext().newBodyInvoker().withCallback(new Callback()).withContext(EnvironmentExpander.merge(
                    getContext().get(EnvironmentExpander.class), EnvironmentExpander.constant(s.environment()))).start();
        } catch (IOException | InterruptedException | RuntimeException e) { bodyFailed(e); }
    }
    @Override public void ended(FrozenCopyState s, PairInfo result, OperationFailure failure) {
        String why = s.bodyFailure() != null ? s.bodyFailure() : failure == null ? null : FrozenCopy.explain(failure);
        Throwable error = bodyError != null ? bodyError : failure != null && failure.cause() instanceof FlowInterruptedException
                ? failure.cause() : why == null ? null : new AbortException(FN + ": " + why); // the body's own error first
        if (error != null) { getContext().onFailure(error); } else { getContext().onSuccess(bodyResult); }
    }
    private void bodyFailed(Throwable t) {
        bodyError = t;
        copy().bodyEnded(t instanceof FlowInterruptedException ? BodyEnd.aborted(t.toString()) : BodyEnd.failed(t.toString()));
    }
    private final class Callback extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;
        @Override public void onSuccess(StepContext c, Object result) { bodyResult = result; copy().bodyEnded(BodyEnd.succeeded()); }
        @Override public void onFailure(StepContext c, Throwable t) { bodyFailed(t); }
    }
}
