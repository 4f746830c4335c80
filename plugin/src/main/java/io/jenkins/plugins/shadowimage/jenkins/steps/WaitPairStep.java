package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import io.jenkins.plugins.shadowimage.core.engine.WaitTarget;
import java.time.Instant;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code siWaitPair}: waits, reading only, until a pair (or, without a pair name, every pair of the copy group)
 * reaches a status: the engine's {@link OperationType#WAIT} / {@link OperationType#GROUP_WAIT}. It never changes a
 * pair, takes no lock (so it cannot keep out the change it waits for) and survives a controller restart.
 */
public final class WaitPairStep extends GuardedPairStep {

    private final WaitTarget until;

    @DataBoundConstructor
    public WaitPairStep(String storage, String copyGroupName, String copyPairName, WaitTarget until) {
        super(storage, copyGroupName, copyPairName);
        this.until = until;
    }

    public WaitTarget getUntil() {
        return until;
    }

    @NonNull
    @Override
    public OperationType operationType() {
        return getCopyPairName() == null ? OperationType.GROUP_WAIT : OperationType.WAIT;
    }

    @NonNull
    @Override
    protected OperationState startState(@NonNull PairRequest request, @NonNull Instant now) throws ValidationException {
        if (until == null) {
            throw new ValidationException("invalid " + operationType().cliName() + " request: 'until' is required: "
                    + "PAIR, SPLIT, COPY or GONE");
        }
        return OperationState.startWait(request, until, now);
    }

    @Extension
    @Symbol("siWaitPair")
    public static final class DescriptorImpl extends ShadowImageStepDescriptor {

        @Override
        public String getFunctionName() {
            return "siWaitPair";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "ShadowImage: wait for a pair or copy group status";
        }

        @Override
        protected boolean copyPairNameRequired() {
            return false;
        }
    }
}
