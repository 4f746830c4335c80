package io.jenkins.plugins.shadowimage.jenkins.steps;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A pair step whose LDEV ids are optional guards: it refuses to act unless the pair found on the array has exactly
 * these P-VOL and S-VOL, so a renamed or recreated pair is never split, resynchronised or deleted by mistake.
 */
public abstract class GuardedPairStep extends ShadowImageStep {

    protected GuardedPairStep(OperationType type, String storage, String copyGroupName, String copyPairName) {
        super(type, storage, copyGroupName, copyPairName);
    }

    @DataBoundSetter public void setPvolLdevId(Integer v) { p.pvolLdevId(v); }
    @DataBoundSetter public void setSvolLdevId(Integer v) { p.svolLdevId(v); }
}
