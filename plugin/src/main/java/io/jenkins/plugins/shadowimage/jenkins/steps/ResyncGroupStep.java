package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code siResyncGroup}: resynchronises every pair of a copy group. */
public final class ResyncGroupStep extends GroupStep {

    @DataBoundConstructor
    public ResyncGroupStep(String storage, String copyGroupName) {
        super(storage, copyGroupName);
    }

    @NonNull
    @Override
    public OperationType operationType() {
        return OperationType.GROUP_RESYNC;
    }

    @Extension
    @Symbol("siResyncGroup")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {

        @Override
        public String getFunctionName() {
            return "siResyncGroup";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "ShadowImage: resynchronise a copy group";
        }
    }
}
