package io.jenkins.plugins.shadowimage.core.engine.policy;

import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.client.model.Job;
import io.jenkins.plugins.shadowimage.core.engine.Advance;
import io.jenkins.plugins.shadowimage.core.engine.EngineStep;
import io.jenkins.plugins.shadowimage.core.engine.WorkingState;
import io.jenkins.plugins.shadowimage.core.engine.Outcome;
import io.jenkins.plugins.shadowimage.core.engine.Outcomes;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.PairStatus;
import io.jenkins.plugins.shadowimage.core.engine.ProgressEvent;
import io.jenkins.plugins.shadowimage.core.engine.TargetStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Delete a pair: until it is gone; a pair that does not exist is nothing to delete. */
final class DeletePolicy extends PairActionPolicy {

    @Override
    public String target(WorkingState st) {
        return TargetStatus.GONE;
    }

    @Override
    Advance absent(EngineStep step) {
        step.emit(ProgressEvent.Kind.INFO, Outcomes.describe(step.state()) + ": the pair does not exist; nothing to delete");
        return step.done(Outcome.NOT_FOUND, null);
    }

    @Override
    Advance decideOn(EngineStep step, CopyPair p, PairStatus status) {
        return step.submit();
    }

    @Override
    Optional<Advance> gone(EngineStep step) {
        return Optional.of(step.done(Outcome.DELETED, null));
    }

    @Override
    Optional<Advance> reconcileWith(EngineStep step, CopyPair p, PairStatus status) {
        if (status.isDeleting() || status == PairStatus.SMPL) {
            return Optional.of(step.startWait());
        }
        return Optional.empty();
    }

    @Override
    public Job send(EngineStep step) {
        return step.session().deletePair(step.request().pairId());
    }

    @Override
    public Optional<Advance> tookEffect(EngineStep step, CopyPair p, boolean jobMayHaveWorked) {
        return p == null ? Optional.of(step.done(Outcome.DELETED, null)) : Optional.empty();
    }

    @Override
    public boolean existenceDecides() {
        return true;
    }

    @Override
    public String method() {
        return "DELETE";
    }

    @Override
    public String path(PairRequest r) {
        return r.copyPairName() == null ? null : "/local-clone-copypairs/" + r.pairId();
    }

    @Override
    String actionName() {
        return "delete";
    }

    @Override
    public Map<String, Object> parameters(EngineStep step) {
        return new LinkedHashMap<>();
    }
}
