package io.jenkins.plugins.shadowimage.core.engine.policy;

import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.client.model.Job;
import io.jenkins.plugins.shadowimage.core.engine.Advance;
import io.jenkins.plugins.shadowimage.core.engine.EngineStep;
import io.jenkins.plugins.shadowimage.core.engine.WorkingState;
import io.jenkins.plugins.shadowimage.core.engine.Outcome;
import io.jenkins.plugins.shadowimage.core.engine.Outcomes;
import io.jenkins.plugins.shadowimage.core.engine.PairStatus;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException.Category;
import io.jenkins.plugins.shadowimage.core.engine.TargetStatus;
import java.util.List;
import java.util.Optional;

/** Split every pair of a copy group; refused while a pair is PSUE or RCPY. */
final class GroupSplitPolicy extends GroupActionPolicy {

    @Override
    public String target(WorkingState st) {
        return TargetStatus.PSUS;
    }

    /**
     * A pair in PAIR, or in COPY that was already COPY when the operation decided (an initial copy, not our
     * steady split), still needs the split.
     */
    @Override
    boolean needsAction(EngineStep step, CopyPair p) {
        PairStatus status = PairStatus.of(p.pvolStatus());
        return status.isPair()
                || (status.isCopying() && !PairStatus.of(step.memberStatusBefore(p.copyPairName())).isPair());
    }

    @Override
    String member(EngineStep step, CopyPair p) {
        if (step.foundSplitBefore(p.pvolStatus())) {
            step.alreadySplitMember(p.copyPairName());
        }
        PairStatus status = PairStatus.of(p.pvolStatus());
        return status.isError() || status.isRestoring() ? p.copyPairName() + " is " + p.pvolStatus() : null;
    }

    @Override
    ShadowImageException blocked(EngineStep step, List<String> why, List<CopyPair> pairs) {
        WorkingState st = step.state();
        return new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": cannot split the group: "
                + String.join(", ", why) + ". Resync (PSUE) or wait for the restore (RCPY) first",
                null, Outcomes.group(st, pairs, Outcome.NO_CHANGE, step.now()));
    }

    @Override
    Optional<Advance> settleFirst(EngineStep step, List<CopyPair> pairs) {
        if (pairs.stream().noneMatch(p -> PairStatus.of(p.pvolStatus()).isPair())
                && pairs.stream().anyMatch(p -> PairStatus.of(p.pvolStatus()).isCopying())) {
            // Members that were in their initial copy may be splitting already (COPY(SP)) after a lost step;
            // another split would be refused. Wait until the group settles, then decide again.
            return Optional.of(step.settle("COPY"));
        }
        return Optional.empty();
    }

    @Override
    public Job send(EngineStep step) {
        return step.session().splitGroup(step.request().groupId(), OperationPolicy.actionParams(step.request()));
    }

    @Override
    String actionName() {
        return "split";
    }

    @Override
    public List<String> refusals() {
        return List.of(SplitPolicy.SPLIT_REFUSAL);
    }
}
