package io.jenkins.plugins.shadowimage.jenkins.steps;

import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code siCreatePair}: creates a ShadowImage pair from P-VOL to S-VOL and waits for the initial copy (PAIR), or only
 * until the array accepted it (COPY). Idempotent: an existing pair with the same LDEVs is reported, not created twice;
 * one with other LDEVs is an error.
 */
public final class CreatePairStep extends ShadowImageStep {

    /**
     * Boxed LDEV ids: a call without one arrives as null, which the engine refuses when the step starts (before any
     * request), instead of being bound as LDEV 0, a real volume.
     */
    @DataBoundConstructor
    public CreatePairStep(String storage, String copyGroupName, String copyPairName, Integer pvolLdevId, Integer svolLdevId) {
        super(OperationType.CREATE, storage, copyGroupName, copyPairName);
        p.pvolLdevId(pvolLdevId);
        p.svolLdevId(svolLdevId);
    }

    @DataBoundSetter public void setPvolMuNumber(Integer v) { p.pvolMuNumber(v); }
    @DataBoundSetter public void setCopyPace(Integer v) { p.copyPace(v); }
    @DataBoundSetter public void setQuickMode(Boolean v) { p.quickMode(v); }
    @DataBoundSetter public void setAutoSplit(Boolean v) { p.autoSplit(v); }
    @DataBoundSetter public void setConsistencyGroupId(Integer v) { p.consistencyGroupId(v); }
    @DataBoundSetter public void setDataReductionForceCopy(Boolean v) { p.dataReductionForceCopy(v); }
    @DataBoundSetter public void setWaitFor(WaitFor v) { p.waitFor(v); }
    @DataBoundSetter public void setDryRun(boolean v) { p.dryRun(v); }

    @Extension @Symbol("siCreatePair")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {
        public DescriptorImpl() { super("siCreatePair", "ShadowImage: create a pair (full copy of an LDEV)", OperationType.CREATE); }
    }
}
