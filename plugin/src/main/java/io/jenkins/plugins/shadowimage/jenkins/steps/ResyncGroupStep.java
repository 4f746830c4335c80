package io.jenkins.plugins.shadowimage.jenkins.steps;

import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code siResyncGroup}: resynchronises every pair of a copy group. */
public final class ResyncGroupStep extends GroupStep {

    @DataBoundConstructor public ResyncGroupStep(String storage, String copyGroupName) {
        super(OperationType.GROUP_RESYNC, storage, copyGroupName);
    }

    @Extension @Symbol("siResyncGroup")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {
        public DescriptorImpl() { super("siResyncGroup", "ShadowImage: resynchronise a copy group", OperationType.GROUP_RESYNC); }
    }
}
