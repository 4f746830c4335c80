package io.jenkins.plugins.shadowimage.jenkins.steps;

import hudson.AbortException;
import hudson.Util;
import hudson.model.Run;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemSettings;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import io.jenkins.plugins.shadowimage.core.engine.WaitTarget;
import io.jenkins.plugins.shadowimage.core.runtime.ListingReport;
import io.jenkins.plugins.shadowimage.core.runtime.PairParameters;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.StepExecutions;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What every ShadowImage step has: the storage system (by its configured name), the copy group, optional credentials
 * and device-group overrides, a timeout and the fail-fast switch. The parameters are core's {@link PairParameters}
 * (the engine's names, so a Jenkinsfile reads like the CLI); subclasses add the setters of their own parameters, and
 * {@link PairOperationExecution} runs them.
 */
public abstract class ShadowImageStep extends Step {

    private final OperationType type;
    private final String storage;
    private String credentialsId;
    private boolean failFast;
    final PairParameters p = new PairParameters();

    protected ShadowImageStep(OperationType type, String storage, String copyGroupName, String copyPairName) {
        this.type = type;
        this.storage = Util.fixEmptyAndTrim(storage);
        p.copyGroupName(copyGroupName);
        p.copyPairName(copyPairName);
    }

    public OperationType operationType() { return p.effectiveType(type); }

    /** The engine request (validated when the step starts), with this step's timeout, else the storage system's. */
    public PairRequest toRequest() {
        StorageSystem s = StorageSystemsConfiguration.get().findSystem(storage);
        return p.request(s == null ? EngineOptions.defaultTimeout(operationType()) : s.settings().timeoutFor(operationType()));
    }

    @Override public StepExecution start(StepContext context) throws Exception {
        String function = getDescriptor().getFunctionName();
        StorageSystemSettings system = StorageSystemAccess.requireSystem(function, storage, context.get(Run.class));
        if (type != OperationType.STATUS || !p.lists()) {
            return new PairOperationExecution(context, this);
        }
        // One short read, no lock, no wait: nothing to resume after a restart (the step fails and can simply run again).
        return StepExecutions.synchronousNonBlocking(context, c -> {
            try {
                return ListingReport.read(function, system, StorageSystemAccess.connector(function, storage, credentialsId, c),
                        p, line -> StorageSystemAccess.log(c, function, line));
            } catch (ListingReport.Failed e) {
                throw new AbortException(e.getMessage());
            }
        });
    }

    public String getStorage() { return storage; }
    public String getCopyGroupName() { return p.copyGroupName(); }
    public String getCopyPairName() { return p.copyPairName(); }
    public String getCredentialsId() { return credentialsId; }
    /** Overrides the storage system's default credentials for this step. */
    @DataBoundSetter public void setCredentialsId(String v) { credentialsId = Util.fixEmptyAndTrim(v); }
    public String getPvolDeviceGroupName() { return p.pvolDeviceGroupName(); }
    @DataBoundSetter public void setPvolDeviceGroupName(String v) { p.pvolDeviceGroupName(v); }
    public String getSvolDeviceGroupName() { return p.svolDeviceGroupName(); }
    @DataBoundSetter public void setSvolDeviceGroupName(String v) { p.svolDeviceGroupName(v); }
    /** Minutes; null means the storage system's default, else the engine's default of the operation. */
    public Integer getTimeout() { return p.timeoutMinutes(); }
    @DataBoundSetter public void setTimeout(Integer v) { p.timeoutMinutes(v); }
    public boolean isFailFast() { return failFast; }
    /** Fail at once, instead of waiting, when another build holds the pair or operations are paused. */
    @DataBoundSetter public void setFailFast(boolean v) { failFast = v; }

    // The getters of the parameters that only some steps take; those steps declare the setters.
    public Integer getPvolLdevId() { return p.pvolLdevId(); }
    public Integer getSvolLdevId() { return p.svolLdevId(); }
    public Integer getPvolMuNumber() { return p.pvolMuNumber(); }
    public Integer getCopyPace() { return p.copyPace(); }
    public Boolean getQuickMode() { return p.quickMode(); }
    public Boolean getAutoSplit() { return p.autoSplit(); }
    public Integer getConsistencyGroupId() { return p.consistencyGroupId(); }
    /** Null: the engine forces the copy exactly when the P-VOL uses capacity saving. */
    public Boolean getDataReductionForceCopy() { return p.dataReductionForceCopy(); }
    public WaitFor getWaitFor() { return p.waitFor(); }
    public WaitTarget getUntil() { return p.until(); }
    /** Only reads and checks, and returns the plan: what the real run would send, wait for, and what could refuse it. */
    public boolean isDryRun() { return p.dryRun(); }
}
