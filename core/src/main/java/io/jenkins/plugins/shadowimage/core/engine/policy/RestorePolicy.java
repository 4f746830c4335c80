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
import java.util.List;
import java.util.Optional;

/** Restore a pair (S-VOL to P-VOL): only from a settled PSUS/SSUS, through RCPY to PAIR. */
final class RestorePolicy extends PairActionPolicy {

    @Override
    public String target(WorkingState st) {
        return TargetStatus.PAIR;
    }

    @Override
    Advance decideOn(EngineStep step, CopyPair p, PairStatus status) throws ShadowImageException {
        WorkingState st = step.state();
        if (status.isSplit() && !Outcomes.settled(p)) {
            // A split still reaching the S-VOL: restore from PSUS/SSUS only.
            return step.settle(Outcomes.statuses(p));
        }
        if (!status.isSplit()) {
            throw Outcomes.rejected(st, p, "restore is allowed only from PSUS (split); the pair is " + p.pvolStatus()
                    + (status.isPair() ? ": split it first" : ""));
        }
        return step.submit();
    }

    @Override
    Optional<Advance> reconcileWith(EngineStep step, CopyPair p, PairStatus status) throws ShadowImageException {
        WorkingState st = step.state();
        if (status.isRestoring()) {
            return Optional.of(step.startWait());
        }
        if (status.isPair()) {
            step.emit(ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": the pair is already PAIR; the restore "
                    + "sent before an interruption has completed");
            return Optional.of(Outcomes.reached(st, p) ? step.done(Outcome.RESTORED, p) : step.startWait());
        }
        if (!status.isSplit()) {
            throw Outcomes.rejected(st, p, "restore is allowed only from PSUS (split); the pair is " + p.pvolStatus());
        }
        return Optional.empty();
    }

    @Override
    public Job send(EngineStep step) {
        return step.session().restorePair(step.request().pairId(), OperationPolicy.actionParams(step.request()));
    }

    @Override
    public Optional<Advance> tookEffect(EngineStep step, CopyPair p, boolean jobMayHaveWorked) {
        // RCPY after a refusal is ours only when an earlier attempt, or the job itself, may have gone through.
        if (statusOf(p).isRestoring()
                && (step.state().submitAttempts() > 1 || jobMayHaveWorked)) {
            return Optional.of(step.startWait());
        }
        return Optional.empty();
    }

    @Override
    String actionName() {
        return "restore";
    }

    @Override
    public List<String> refusals() {
        return List.of("the pair is not PSUS when the request arrives (restore only from a split pair)");
    }
}
