package io.jenkins.plugins.shadowimage.core.engine.policy;

import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.client.model.Job;
import io.jenkins.plugins.shadowimage.core.engine.Advance;
import io.jenkins.plugins.shadowimage.core.engine.EngineStep;
import io.jenkins.plugins.shadowimage.core.engine.WorkingState;
import io.jenkins.plugins.shadowimage.core.engine.Outcome;
import io.jenkins.plugins.shadowimage.core.engine.Outcomes;
import io.jenkins.plugins.shadowimage.core.engine.PairStatus;
import io.jenkins.plugins.shadowimage.core.engine.ProgressEvent;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.TargetStatus;
import java.util.Optional;

/** Resynchronise a pair (P-VOL to S-VOL): from PSUS/SSUS or PSUE to PAIR. */
final class ResyncPolicy extends PairActionPolicy {

    @Override
    public String target(WorkingState st) {
        return TargetStatus.PAIR;
    }

    @Override
    Advance decideOn(EngineStep step, CopyPair p, PairStatus status) {
        WorkingState st = step.state();
        if (Outcomes.reached(st, p)) {
            return step.done(Outcome.NO_CHANGE, p);
        }
        if (!Outcomes.settled(p)) {
            // COPY/RCPY: a resync is a no-op there; wait until the pair settles and decide again.
            return step.settle(Outcomes.statuses(p));
        }
        if (status.isError()) {
            step.emit(ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": the pair is PSUE; the resync copies the "
                    + "whole P-VOL (progress starts at 0 %)");
        }
        return step.submit();
    }

    @Override
    Optional<Advance> reconcileWith(EngineStep step, CopyPair p, PairStatus status) {
        WorkingState st = step.state();
        if (status.isPair()) {
            return Optional.of(Outcomes.reached(st, p) ? step.done(Outcome.RESYNCED, p) : step.startWait());
        }
        if (status.isCopying() && !PairStatus.of(st.statusBeforeSubmit()).isCopying()) {
            return Optional.of(step.startWait());
        }
        return Optional.empty();
    }

    @Override
    public Job send(EngineStep step) {
        return step.session().resyncPair(step.request().pairId(), OperationPolicy.actionParams(step.request()));
    }

    @Override
    public Optional<Advance> tookEffect(EngineStep step, CopyPair p, boolean jobMayHaveWorked) {
        PairStatus status = statusOf(p);
        if (status.isPair() || status.isCopying()) {
            return Optional.of(step.startWait());
        }
        return Optional.empty();
    }

    @Override
    String actionName() {
        return "resync";
    }
}
