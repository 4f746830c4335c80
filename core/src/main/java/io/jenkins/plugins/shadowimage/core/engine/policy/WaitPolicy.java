package io.jenkins.plugins.shadowimage.core.engine.policy;

import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.engine.Advance;
import io.jenkins.plugins.shadowimage.core.engine.EngineStep;
import io.jenkins.plugins.shadowimage.core.engine.WorkingState;
import io.jenkins.plugins.shadowimage.core.engine.Outcome;
import io.jenkins.plugins.shadowimage.core.engine.Outcomes;
import io.jenkins.plugins.shadowimage.core.engine.PairStatus;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException.Category;
import io.jenkins.plugins.shadowimage.core.engine.TargetStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Wait, reading only, until a pair (or every pair of a copy group) reaches the status given at the start: done,
 * failed (PSUE, no pair), or wait. It never sends anything.
 */
final class WaitPolicy implements OperationPolicy {

    @Override
    public String target(WorkingState st) {
        // Given when the wait started.
        return st.targetStatus();
    }

    @Override
    public Advance decide(EngineStep step) throws ShadowImageException {
        WorkingState st = step.state();
        String target = target(st);
        boolean gone = TargetStatus.GONE.equals(target);
        if (st.type().isPairLevel()) {
            Optional<CopyPair> found = step.session().findPair(st.request().pairId());
            if (found.isEmpty()) {
                if (gone) {
                    return step.done(Outcome.succeeded(st.type()), null);
                }
                throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": the pair does not "
                        + "exist on " + st.arrayKey() + ", so it cannot reach " + target + ". Check the copy group, device "
                        + "group and pair names (names are case-sensitive)");
            }
            CopyPair p = found.get();
            step.observe(p);
            step.warnIfUnknown(p);
            Outcomes.guardLdevs(st, p);
            if (Outcomes.reached(st, p)) {
                return step.done(Outcome.succeeded(st.type()), p);
            }
            if (!gone && (PairStatus.of(p.pvolStatus()).isError() || PairStatus.of(p.svolStatus()).isError())) {
                throw Outcomes.psue(st, p, "wait for " + target);
            }
            return step.startWait();
        }
        List<CopyPair> pairs = step.groupPairs();
        if (pairs.isEmpty()) {
            if (gone) {
                return step.doneGroup(Outcome.succeeded(st.type()), pairs);
            }
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": the copy group does not "
                    + "exist or has no pairs on " + st.arrayKey() + ", so no pair can reach " + target);
        }
        List<String> failed = new ArrayList<>();
        for (CopyPair p : pairs) {
            step.memberStatus(p.copyPairName(), p.pvolStatus());
            if (!gone && PairStatus.of(p.pvolStatus()).isError()) {
                failed.add(p.copyPairName());
            }
        }
        if (pairs.stream().allMatch(p -> Outcomes.reached(st, p))) {
            return step.doneGroup(Outcome.succeeded(st.type()), pairs);
        }
        if (!failed.isEmpty()) {
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": " + String.join(", ", failed)
                    + " " + (failed.size() == 1 ? "is" : "are") + " PSUE (suspended by a failure) and cannot reach " + target
                    + " by itself; resync " + (failed.size() == 1 ? "it" : "them") + " first", null,
                    Outcomes.group(st, pairs, Outcome.FAILED, step.now()));
        }
        return step.startWait();
    }
}
