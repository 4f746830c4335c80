package io.jenkins.plugins.shadowimage.core.engine.policy;

import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.client.model.ActionParams;
import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.client.model.Job;
import io.jenkins.plugins.shadowimage.core.engine.Advance;
import io.jenkins.plugins.shadowimage.core.engine.EngineStep;
import io.jenkins.plugins.shadowimage.core.engine.WorkingState;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of one operation: what there is to do (decide), the request (send), whether a request that may have
 * been sent took effect (reconcile, tookEffect) and which statuses end it (target). The driver keeps the phases,
 * deadlines, errors, job polling and pacing, and asks the policy at each of these points.
 */
public interface OperationPolicy {

    /**
     * The target status ({@code TargetStatus}) that ends the operation, or {@code null} for one that ends at its
     * first read (a status).
     */
    String target(WorkingState st);

    /** CHECK: reads the pair or group and decides: done already, refused (throws), wait, or submit. */
    Advance decide(EngineStep step) throws ShadowImageException;

    /**
     * SUBMIT, when the request may already have been sent by a step whose state change was lost: reads back and
     * returns the next step, or empty to send the request.
     */
    default Optional<Advance> reconcile(EngineStep step) throws ShadowImageException {
        return Optional.empty();
    }

    /** Sends the request; the array answers with a job. */
    default Job send(EngineStep step) {
        throw new IllegalStateException(step.state().type() + " sends nothing");
    }

    /**
     * After a refusal or a job that did not succeed: whether the pair (as read then; {@code null} when it is gone)
     * or the group shows that the operation took effect anyway, and the next step if so.
     * {@code jobMayHaveWorked}: the job ended without saying Failed (e.g. Unknown), so a change on its way is ours.
     */
    default Optional<Advance> tookEffect(EngineStep step, CopyPair p, boolean jobMayHaveWorked)
            throws ShadowImageException {
        return Optional.empty();
    }

    /**
     * After the array refused the request ({@code synchronous}: in its answer, otherwise in its job) and nothing
     * shows that it took effect: another way on, if any.
     */
    default Optional<Advance> afterRefusal(EngineStep step, VspApiException error, boolean synchronous)
            throws ShadowImageException {
        return Optional.empty();
    }

    /**
     * Whether the pair's presence (create) or absence (delete) alone shows that the request took effect, whatever
     * its job says.
     */
    default boolean existenceDecides() {
        return false;
    }

    /** Whether a pair read at the target is the one this operation asked for. */
    default boolean isRequested(WorkingState st, CopyPair p) {
        return true;
    }

    // ---- the request as a dry run reports it

    default String method() {
        return "POST";
    }

    /** The path of the request, below the storage's object path. */
    default String path(PairRequest r) {
        throw new IllegalStateException("no request");
    }

    /** The request's body parameters, in the order sent. */
    default Map<String, Object> parameters(EngineStep step) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "copyPace", step.request().copyPace());
        put(m, "quickMode", step.request().quickMode());
        return m;
    }

    /** What the array can still refuse when this request is sent, beyond what every request risks. */
    default List<String> refusals() {
        return List.of();
    }

    /** The body of a split, resync or restore of a pair or group. */
    static ActionParams actionParams(PairRequest r) {
        return new ActionParams(r.copyPace(), r.quickMode(), null);
    }

    static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
