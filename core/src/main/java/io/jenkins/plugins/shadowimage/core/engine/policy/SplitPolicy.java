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

/** Split a pair: from PAIR (or an initial COPY) to PSUS/SSUS; refused in PSUE and RCPY. */
final class SplitPolicy extends PairActionPolicy {

    @Override
    public String target(WorkingState st) {
        return TargetStatus.PSUS;
    }

    @Override
    void recordBefore(EngineStep step, CopyPair p) {
        step.foundSplitBefore(p.pvolStatus());
    }

    @Override
    Advance decideOn(EngineStep step, CopyPair p, PairStatus status) throws ShadowImageException {
        WorkingState st = step.state();
        if (status.isSplit()) {
            // After a settle wait (submitAttempts > 0) the split is ours.
            Outcome outcome = st.submitAttempts() > 0 ? Outcome.SPLIT : Outcome.ALREADY_SPLIT;
            if (Outcomes.reached(st, p)) {
                return step.done(outcome, p);
            }
            step.outcome(outcome);
            step.emit(ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": the pair is " + Outcomes.statuses(p)
                    + "; waiting until both volumes are split");
            return step.startWait();
        }
        if (status.isError()) {
            throw Outcomes.psue(st, p, "split");
        }
        if (status.isRestoring()) {
            throw Outcomes.rejected(st, p, "a restore is in progress (RCPY); wait for PAIR, then split");
        }
        return step.submit();
    }

    @Override
    Optional<Advance> reconcileWith(EngineStep step, CopyPair p, PairStatus status) throws ShadowImageException {
        WorkingState st = step.state();
        if (status.isSplit()) {
            // Both volumes split: done; the S-VOL still copying: the split is under way.
            return Optional.of(Outcomes.reached(st, p) ? step.done(st.outcome() == null ? Outcome.SPLIT : st.outcome(), p)
                    : step.startWait());
        }
        if (status.isError()) {
            throw Outcomes.psue(st, p, "split");
        }
        if (status.isCopying() && PairStatus.of(st.statusBeforeSubmit()).isPair()) {
            return Optional.of(step.startWait());
        }
        if (status.isCopying()) {
            // Decided during the initial copy: a split sent by a lost step would now be running (COPY(SP)) and
            // refuses another one. Wait until the pair settles, then decide again (PSUS: done; PAIR: the split
            // was lost, send it).
            return Optional.of(step.settle(p.pvolStatus()));
        }
        return Optional.empty();
    }

    @Override
    public Job send(EngineStep step) {
        return step.session().splitPair(step.request().pairId(), OperationPolicy.actionParams(step.request()));
    }

    @Override
    public Optional<Advance> tookEffect(EngineStep step, CopyPair p, boolean jobMayHaveWorked) {
        PairStatus status = statusOf(p);
        if (status.isSplit() || (status.isCopying() && PairStatus.of(step.state().statusBeforeSubmit()).isPair())) {
            return Optional.of(step.startWait());
        }
        if (status.isCopying()) {
            return Optional.of(step.settle(p.pvolStatus()));
        }
        return Optional.empty();
    }

    @Override
    String actionName() {
        return "split";
    }

    @Override
    public List<String> refusals() {
        return List.of(SPLIT_REFUSAL);
    }

    /** What can refuse a split of a pair or a group when it arrives. */
    static final String SPLIT_REFUSAL = "a pair is PSUE or being restored (RCPY) when the request arrives";
}
