package io.jenkins.plugins.shadowimage.core.engine.policy;

import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.engine.Advance;
import io.jenkins.plugins.shadowimage.core.engine.EngineStep;
import io.jenkins.plugins.shadowimage.core.engine.WorkingState;
import io.jenkins.plugins.shadowimage.core.engine.Outcome;
import io.jenkins.plugins.shadowimage.core.engine.Outcomes;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import java.util.Optional;

/** Read a pair's status: one read, and done. */
final class StatusPolicy implements OperationPolicy {

    @Override
    public String target(WorkingState st) {
        return null;
    }

    @Override
    public Advance decide(EngineStep step) throws ShadowImageException {
        Optional<CopyPair> p = step.sharedPair();
        p.ifPresent(step::observe);
        if (p.isPresent()) {
            // The LDEV ids given to a status guard against reporting another pair as the expected one.
            Outcomes.guardLdevs(step.state(), p.get());
        }
        return step.done(p.isPresent() ? Outcome.STATUS : Outcome.NOT_FOUND, p.orElse(null));
    }
}
