package io.jenkins.plugins.shadowimage.jenkins.steps;

import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import java.time.Duration;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code siWithSplitPair}: a frozen copy of a pair (or of each pair of a copy group) for the length of its block. */
public final class WithSplitPairStep extends Step {

    private final String storage;
    private final String copyGroupName;
    private String copyPairName;
    private String credentialsId;
    private String after;
    private Integer pvolLdevId;
    private Integer svolLdevId;
    private Integer timeout;
    private boolean resyncFirst = true;
    private boolean failFast;

    @DataBoundConstructor public WithSplitPairStep(String storage, String copyGroupName) {
        this.storage = Util.fixEmptyAndTrim(storage);
        this.copyGroupName = Util.fixEmptyAndTrim(copyGroupName);
    }

    public String getStorage() { return storage; }
    public String getCopyGroupName() { return copyGroupName; }
    public String getCopyPairName() { return copyPairName; }
    @DataBoundSetter public void setCopyPairName(String v) { copyPairName = Util.fixEmptyAndTrim(v); }
    public String getCredentialsId() { return credentialsId; }
    @DataBoundSetter public void setCredentialsId(String v) { credentialsId = Util.fixEmptyAndTrim(v); }
    public Integer getPvolLdevId() { return pvolLdevId; }
    @DataBoundSetter public void setPvolLdevId(Integer v) { pvolLdevId = v; }
    public Integer getSvolLdevId() { return svolLdevId; }
    @DataBoundSetter public void setSvolLdevId(Integer v) { svolLdevId = v; }
    public String getAfter() { return after; }
    @DataBoundSetter public void setAfter(String v) { after = Util.fixEmptyAndTrim(v); }
    public boolean isResyncFirst() { return resyncFirst; }
    @DataBoundSetter public void setResyncFirst(boolean v) { resyncFirst = v; }
    public Integer getTimeout() { return timeout; }
    @DataBoundSetter public void setTimeout(Integer v) { timeout = v; }
    public boolean isFailFast() { return failFast; }
    @DataBoundSetter public void setFailFast(boolean v) { failFast = v; }

    PairRequest toRequest() {
        return PairRequest.builder()
                .copyGroupName(copyGroupName)
                .copyPairName(copyPairName)
                .pvolLdevId(pvolLdevId)
                .svolLdevId(svolLdevId)
                .timeout(timeout == null ? null : Duration.ofMinutes(timeout))
                .build();
    }

    @Override public StepExecution start(StepContext context) throws Exception {
        return new WithSplitPairExecution(context, this);
    }

    /** Not a {@link ShadowImageStepDescriptor}: the tests that walk every single-operation step select them by that type. */
    @Extension @Symbol("siWithSplitPair")
    public static final class DescriptorImpl extends StepDescriptor {

        @Override public String getFunctionName() { return "siWithSplitPair"; }
        @Override public String getDisplayName() { return "ShadowImage: run a block on a frozen (split) copy"; }
        @Override public boolean takesImplicitBlockArgument() { return true; }
        @Override public Set<? extends Class<?>> getRequiredContext() { return Set.of(Run.class, TaskListener.class); }
    }
}
