package io.jenkins.plugins.shadowimage.core.engine.policy;

import io.jenkins.plugins.shadowimage.core.client.model.CopyGroup;
import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.engine.Advance;
import io.jenkins.plugins.shadowimage.core.engine.EngineStep;
import io.jenkins.plugins.shadowimage.core.engine.WorkingState;
import io.jenkins.plugins.shadowimage.core.engine.Outcome;
import io.jenkins.plugins.shadowimage.core.engine.Outcomes;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What group split and group resync share: one request for the whole copy group, decided and reconciled from
 * its pairs; the request is needed while some pair still needs the action.
 */
abstract class GroupActionPolicy implements OperationPolicy {

    /**
     * Whether the pair still needs the group action; pairs at the target or on their way there do not.
     */
    abstract boolean needsAction(EngineStep step, CopyPair p);

    /** The member's status at the first decision; returns why it blocks the action, or {@code null}. */
    String member(EngineStep step, CopyPair p) {
        return null;
    }

    /** The failure when some members block the action. */
    ShadowImageException blocked(EngineStep step, List<String> why, List<CopyPair> pairs) {
        throw new IllegalStateException("nothing blocks a " + step.state().type());
    }

    /** Whether some pair of the group still needs the group action (an empty list: unknown, so yes). */
    final boolean anyNeedsAction(EngineStep step, List<CopyPair> pairs) {
        for (CopyPair p : pairs) {
            if (needsAction(step, p)) {
                return true;
            }
        }
        return pairs.isEmpty();
    }

    @Override
    public final Advance decide(EngineStep step) throws ShadowImageException {
        WorkingState st = step.state();
        PairRequest r = st.request();
        step.target(target(st));
        CopyGroup g = step.session().findCopyGroup(r.groupId()).orElseThrow(() -> new ShadowImageException(
                Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": the copy group does not exist on " + st.arrayKey()));
        List<CopyPair> pairs = step.usable(g.copyPairs());
        if (pairs.isEmpty()) {
            pairs = step.groupPairs();
        }
        if (pairs.isEmpty()) {
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": the copy group has no pairs");
        }
        List<String> bad = new ArrayList<>();
        boolean allThere = true;
        for (CopyPair p : pairs) {
            step.memberStatus(p.copyPairName(), p.pvolStatus());
            step.memberStatusBefore(p.copyPairName(), p.pvolStatus());
            String why = member(step, p);
            if (why != null) {
                bad.add(why);
            }
            allThere &= Outcomes.reached(st, p);
        }
        if (!bad.isEmpty()) {
            throw blocked(step, bad, pairs);
        }
        boolean allSplitBefore = st.alreadySplitMembers().size() == pairs.size();
        if (allThere) {
            // After a settle wait (submitAttempts > 0) the change is ours.
            return step.doneGroup(st.submitAttempts() > 0 ? Outcome.succeeded(st.type())
                    : allSplitBefore ? Outcome.ALREADY_SPLIT : Outcome.NO_CHANGE, pairs);
        }
        if (st.submitAttempts() == 0 && !anyNeedsAction(step, pairs)) {
            // Every pair is on its way to the target (e.g. PSUS/COPY): nothing to send, wait for both volumes.
            step.outcome(allSplitBefore ? Outcome.ALREADY_SPLIT : Outcome.succeeded(st.type()));
            return step.startWait();
        }
        step.statusBeforeSubmit(null);
        return step.submit();
    }

    @Override
    public final Optional<Advance> reconcile(EngineStep step) {
        WorkingState st = step.state();
        List<CopyPair> pairs = step.groupPairs();
        if (pairs.isEmpty()) {
            return Optional.empty();
        }
        boolean all = true;
        for (CopyPair p : pairs) {
            step.memberStatus(p.copyPairName(), p.pvolStatus());
            all &= Outcomes.reached(st, p);
        }
        if (all) {
            return Optional.of(step.doneGroup(Outcome.succeeded(st.type()), pairs));
        }
        if (!anyNeedsAction(step, pairs)) {
            // An earlier attempt went through: every pair is at the target or on its way there.
            return Optional.of(step.startWait());
        }
        return settleFirst(step, pairs);
    }

    /** When the pairs show that a lost request may still be running: wait until they settle. */
    Optional<Advance> settleFirst(EngineStep step, List<CopyPair> pairs) {
        return Optional.empty();
    }

    @Override
    public final Optional<Advance> tookEffect(EngineStep step, CopyPair p, boolean jobMayHaveWorked) {
        return anyNeedsAction(step, step.groupPairs()) ? Optional.empty() : Optional.of(step.startWait());
    }

    @Override
    public String path(PairRequest r) {
        return "/local-clone-copygroups/" + r.groupId() + "/actions/" + actionName() + "/invoke";
    }

    abstract String actionName();
}
