package io.jenkins.plugins.shadowimage.jenkins.steps;

import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code siSplitGroup}: splits every pair of a copy group at once (one consistent point in time). */
public final class SplitGroupStep extends GroupStep {

    @DataBoundConstructor public SplitGroupStep(String storage, String copyGroupName) {
        super(OperationType.GROUP_SPLIT, storage, copyGroupName);
    }

    @Extension @Symbol("siSplitGroup")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {
        public DescriptorImpl() { super("siSplitGroup", "ShadowImage: split a copy group", OperationType.GROUP_SPLIT); }
    }
}
