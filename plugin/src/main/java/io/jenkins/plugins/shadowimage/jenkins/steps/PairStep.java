package io.jenkins.plugins.shadowimage.jenkins.steps;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;

/** A step on one pair, named by its copy group and pair name. */
public abstract class PairStep extends ShadowImageStep {

    protected PairStep(OperationType type, String storage, String copyGroupName, String copyPairName) {
        super(type, storage, copyGroupName, copyPairName);
    }
}
