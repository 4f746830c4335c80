package io.jenkins.plugins.shadowimage.core.engine.policy;

import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.engine.Advance;
import io.jenkins.plugins.shadowimage.core.engine.EngineStep;
import io.jenkins.plugins.shadowimage.core.engine.WorkingState;
import io.jenkins.plugins.shadowimage.core.engine.Outcomes;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.PairStatus;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException.Category;
import java.util.Optional;

/**
 * What split, resync, restore and delete share: they act on an existing pair, named by the request and guarded
 * by its LDEV ids, and read it back before sending again.
 */
abstract class PairActionPolicy implements OperationPolicy {

    @Override
    public final Advance decide(EngineStep step) throws ShadowImageException {
        WorkingState st = step.state();
        // The first decision may share a read another operation made a moment ago; a later one (after a settle
        // wait) reads anew.
        Optional<CopyPair> found = st.submitAttempts() == 0 ? step.sharedPair() : step.freshPair();
        if (found.isEmpty()) {
            return absent(step);
        }
        CopyPair p = found.get();
        recordBefore(step, p);
        step.observe(p);
        step.warnIfUnknown(p);
        Outcomes.guardLdevs(st, p);
        step.statusBeforeSubmit(p.pvolStatus());
        step.target(target(st));
        return decideOn(step, p, PairStatus.of(p.pvolStatus()));
    }

    /** The pair does not exist at the first decision. */
    Advance absent(EngineStep step) throws ShadowImageException {
        WorkingState st = step.state();
        throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": the pair does not exist"
                + " on " + st.arrayKey() + ". Check the copy group, device group and pair names (names are "
                + "case-sensitive)");
    }

    /** Records what the first read says beyond its statuses, before they are observed. */
    void recordBefore(EngineStep step, CopyPair p) {
    }

    /**
     * Decides on the pair as read, {@code status} being its P-VOL status (its target is set): done, refused, wait, or
     * {@link EngineStep#submit()}.
     */
    abstract Advance decideOn(EngineStep step, CopyPair p, PairStatus status) throws ShadowImageException;

    @Override
    public final Optional<Advance> reconcile(EngineStep step) throws ShadowImageException {
        Optional<CopyPair> found = step.freshPair();
        if (found.isEmpty()) {
            return gone(step);
        }
        CopyPair p = found.get();
        step.observe(p);
        return reconcileWith(step, p, PairStatus.of(p.pvolStatus()));
    }

    /**
     * The pair as read back in SUBMIT, {@code status} being its P-VOL status: the next step, or empty to send the
     * request.
     */
    abstract Optional<Advance> reconcileWith(EngineStep step, CopyPair p, PairStatus status)
            throws ShadowImageException;

    /** The pair is gone when read back in SUBMIT: it went away while the operation acted on it. */
    Optional<Advance> gone(EngineStep step) throws ShadowImageException {
        throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(step.state())
                + ": the pair disappeared (deleted by someone else?)");
    }

    /** The P-VOL status of a pair as read after a refusal ({@code null}: gone, an unknown status). */
    static PairStatus statusOf(CopyPair p) {
        return PairStatus.of(p == null ? null : p.pvolStatus());
    }

    @Override
    public String path(PairRequest r) {
        return r.copyPairName() == null ? null : "/local-clone-copypairs/" + r.pairId() + "/actions/" + actionName()
                + "/invoke";
    }

    /** The action's name in its path. */
    abstract String actionName();
}
