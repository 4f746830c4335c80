package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Run;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import java.time.Duration;
import java.time.Instant;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What every ShadowImage step has: the storage system (by its configured name), the copy group, optional
 * credentials and device-group overrides, a timeout and the fail-fast switch. Parameter names are the
 * engine's ({@link PairRequest}), so a Jenkinsfile reads like the CLI.
 *
 * <p>A step only describes the request; {@link PairOperationExecution} runs it durably.
 */
public abstract class ShadowImageStep extends Step {

    private final String storage;
    private final String copyGroupName;
    private String credentialsId;
    private String pvolDeviceGroupName;
    private String svolDeviceGroupName;
    private Integer timeout;
    private boolean failFast;

    protected ShadowImageStep(String storage, String copyGroupName) {
        this.storage = Util.fixEmptyAndTrim(storage);
        this.copyGroupName = Util.fixEmptyAndTrim(copyGroupName);
    }

    /** The engine operation this step runs. */
    @NonNull
    public abstract OperationType operationType();

    /** Adds this step's own options to the engine request. */
    protected abstract void fill(@NonNull PairRequest.Builder request);

    /**
     * The engine request (not validated yet; the execution validates it before any REST call), with the
     * timeout in force: this step's, else the storage system's, else the engine's default of the operation.
     */
    @NonNull
    public final PairRequest toRequest() {
        return toRequest(StorageSystemsConfiguration.get().findSystem(storage));
    }

    /** The engine state this step's operation starts from; validates the request (nothing is sent yet). */
    @NonNull
    protected OperationState startState(@NonNull PairRequest request, @NonNull Instant now) throws ValidationException {
        return OperationState.start(operationType(), request, now);
    }

    @NonNull
    final PairRequest toRequest(@CheckForNull StorageSystem system) {
        PairRequest.Builder b = PairRequest.builder()
                .copyGroupName(copyGroupName)
                .pvolDeviceGroupName(pvolDeviceGroupName)
                .svolDeviceGroupName(svolDeviceGroupName)
                .timeout(effectiveTimeout(system));
        fill(b);
        return b.build();
    }

    @NonNull
    private Duration effectiveTimeout(@CheckForNull StorageSystem system) {
        if (timeout != null) {
            return Duration.ofMinutes(timeout);
        }
        return system == null ? EngineOptions.defaultTimeout(operationType()) : system.settings().timeoutFor(operationType());
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        refuseUnlessAllowed(context.get(Run.class));
        return execution(context);
    }

    /** How this step runs once the job is allowed: a durable engine operation, unless a step reads otherwise. */
    protected StepExecution execution(StepContext context) throws Exception {
        return new PairOperationExecution(context, this);
    }

    /** A job the storage system does not allow fails here, before the execution sends any request. */
    private void refuseUnlessAllowed(Run<?, ?> run) throws AbortException {
        StorageSystem system = StorageSystemsConfiguration.get().findSystem(storage);
        if (system == null) {
            return; // the execution names the missing system
        }
        String refusal = system.settings().refusal(run.getParent().getFullName());
        if (refusal != null) {
            throw new AbortException(getDescriptor().getFunctionName() + ": " + refusal
                    + ". An administrator can change them in Manage Jenkins » VSP storage systems » Allowed jobs.");
        }
    }

    public String getStorage() {
        return storage;
    }

    public String getCopyGroupName() {
        return copyGroupName;
    }

    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    /** Overrides the storage system's default credentials for this step. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    @CheckForNull
    public String getPvolDeviceGroupName() {
        return pvolDeviceGroupName;
    }

    @DataBoundSetter
    public void setPvolDeviceGroupName(String pvolDeviceGroupName) {
        this.pvolDeviceGroupName = Util.fixEmptyAndTrim(pvolDeviceGroupName);
    }

    @CheckForNull
    public String getSvolDeviceGroupName() {
        return svolDeviceGroupName;
    }

    @DataBoundSetter
    public void setSvolDeviceGroupName(String svolDeviceGroupName) {
        this.svolDeviceGroupName = Util.fixEmptyAndTrim(svolDeviceGroupName);
    }

    /** Minutes; {@code null} means the storage system's default, else the engine's default of the operation. */
    @CheckForNull
    public Integer getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(Integer timeout) {
        this.timeout = timeout == null || timeout <= 0 ? null : timeout;
    }

    public boolean isFailFast() {
        return failFast;
    }

    /** Fail at once, instead of waiting, when another build holds the pair or operations are paused. */
    @DataBoundSetter
    public void setFailFast(boolean failFast) {
        this.failFast = failFast;
    }

    /** Pair name for pair steps, {@code null} for group steps. */
    @CheckForNull
    public String pairName() {
        return null;
    }

    /** The S-VOL this step will write to, if known without asking the array. */
    @CheckForNull
    public Integer svolLdev() {
        return null;
    }
}
