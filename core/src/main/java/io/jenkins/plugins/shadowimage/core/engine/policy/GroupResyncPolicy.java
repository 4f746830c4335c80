package io.jenkins.plugins.shadowimage.core.engine.policy;

import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.client.model.Job;
import io.jenkins.plugins.shadowimage.core.engine.EngineStep;
import io.jenkins.plugins.shadowimage.core.engine.WorkingState;
import io.jenkins.plugins.shadowimage.core.engine.PairStatus;
import io.jenkins.plugins.shadowimage.core.engine.TargetStatus;

/** Resynchronise every pair of a copy group. */
final class GroupResyncPolicy extends GroupActionPolicy {

    @Override
    public String target(WorkingState st) {
        return TargetStatus.PAIR;
    }

    /** A pair in PSUS/SSUS or PSUE still needs the resync. */
    @Override
    boolean needsAction(EngineStep step, CopyPair p) {
        PairStatus status = PairStatus.of(p.pvolStatus());
        return status.isSplit() || status.isError();
    }

    @Override
    public Job send(EngineStep step) {
        return step.session().resyncGroup(step.request().groupId(), OperationPolicy.actionParams(step.request()));
    }

    @Override
    String actionName() {
        return "resync";
    }
}
