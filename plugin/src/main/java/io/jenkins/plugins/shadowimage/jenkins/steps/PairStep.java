package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;

/** A step on one pair, named by its copy group and pair name. */
public abstract class PairStep extends ShadowImageStep {

    private final String copyPairName;

    protected PairStep(String storage, String copyGroupName, String copyPairName) {
        super(storage, copyGroupName);
        this.copyPairName = Util.fixEmptyAndTrim(copyPairName);
    }

    public String getCopyPairName() {
        return copyPairName;
    }

    @Override
    public String pairName() {
        return copyPairName;
    }

    @Override
    protected void fill(@NonNull PairRequest.Builder request) {
        request.copyPairName(copyPairName);
    }
}
