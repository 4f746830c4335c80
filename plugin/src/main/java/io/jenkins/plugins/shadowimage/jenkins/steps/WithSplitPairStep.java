package io.jenkins.plugins.shadowimage.jenkins.steps;

import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.runtime.PairParameters;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code siWithSplitPair}: a frozen copy of a pair (or of each pair of a copy group) for the length of its block. */
public final class WithSplitPairStep extends Step {

    private final String storage;
    private String credentialsId;
    private String after;
    private boolean resyncFirst = true;
    private boolean failFast;
    /** The engine's parameters, as the other steps hold them. */
    private final PairParameters p = new PairParameters();

    @DataBoundConstructor
    public WithSplitPairStep(String storage, String copyGroupName) {
        this.storage = Util.fixEmptyAndTrim(storage);
        p.copyGroupName(copyGroupName);
    }

    public String getStorage() { return storage; }
    public String getCopyGroupName() { return p.copyGroupName(); }
    public String getCopyPairName() { return p.copyPairName(); }
    @DataBoundSetter public void setCopyPairName(String v) { p.copyPairName(v); }
    public String getCredentialsId() { return credentialsId; }
    @DataBoundSetter public void setCredentialsId(String v) { credentialsId = Util.fixEmptyAndTrim(v); }
    public Integer getPvolLdevId() { return p.pvolLdevId(); }
    @DataBoundSetter public void setPvolLdevId(Integer v) { p.pvolLdevId(v); }
    public Integer getSvolLdevId() { return p.svolLdevId(); }
    @DataBoundSetter public void setSvolLdevId(Integer v) { p.svolLdevId(v); }
    public String getAfter() { return after; }
    @DataBoundSetter public void setAfter(String v) { after = Util.fixEmptyAndTrim(v); }
    public boolean isResyncFirst() { return resyncFirst; }
    @DataBoundSetter public void setResyncFirst(boolean v) { resyncFirst = v; }
    public Integer getTimeout() { return p.timeoutMinutes(); }
    @DataBoundSetter public void setTimeout(Integer v) { p.timeoutMinutes(v); }
    public boolean isFailFast() { return failFast; }
    @DataBoundSetter public void setFailFast(boolean v) { failFast = v; }

    /** Without a timeout of its own, each operation of the block has the engine's default. */
    PairRequest toRequest() { return p.request(null); }

    @Override public StepExecution start(StepContext context) throws Exception {
        return new WithSplitPairExecution(context, this);
    }

    /** The forms of the other steps, as a block; its fields are a group split's (a pair name narrows it to one pair). */
    @Extension @Symbol("siWithSplitPair")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {
        public DescriptorImpl() {
            super("siWithSplitPair", "ShadowImage: run a block on a frozen (split) copy", OperationType.GROUP_SPLIT);
        }
        @Override public boolean takesImplicitBlockArgument() { return true; }
    }
}
