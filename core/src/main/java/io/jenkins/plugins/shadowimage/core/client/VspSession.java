package io.jenkins.plugins.shadowimage.core.client;

import io.jenkins.plugins.shadowimage.core.client.model.ActionParams;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroup;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroupId;
import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.client.model.CreatePairSpec;
import io.jenkins.plugins.shadowimage.core.client.model.Job;
import io.jenkins.plugins.shadowimage.core.client.model.Ldev;
import io.jenkins.plugins.shadowimage.core.client.model.PairId;
import java.util.List;
import java.util.Optional;

/**
 * One short unit of work against an array: the typed REST calls, made with one REST session that is
 * opened at the first call and discarded by {@link #close()} (or kept a moment for another unit of work
 * of the same JVM, see {@link ClientOptions#sessionLinger()}). Not thread-safe; use it from one thread
 * and close it in a {@code finally} block. Never hold one across a long wait.
 *
 * <p>Asynchronous calls return the {@link Job}; when it is not yet completed, poll it with
 * {@link #job(long)}. A failed job is returned as it is, not thrown: use {@link #raiseIfFailed(Job)}.
 */
public final class VspSession implements AutoCloseable {

    VspSession() {
    }

    /** {@code GET .../jobs/{jobId}}. */
    public Job job(long jobId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code GET .../ldevs/{ldevId}}. */
    public Ldev ldev(int ldevId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code GET .../local-clone-copypairs/{pairId}}; empty when the pair does not exist. */
    public Optional<CopyPair> findPair(PairId id) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code GET .../local-clone-copypairs?localCloneCopyGroupId={group}&refresh=...}. */
    public List<CopyPair> listPairs(CopyGroupId group, boolean refresh) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code GET .../local-clone-copygroups/{group}} with its pairs; empty when absent. */
    public Optional<CopyGroup> findCopyGroup(CopyGroupId group) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code GET .../local-clone-copygroups} (without pairs). */
    public List<CopyGroup> copyGroups() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * {@code POST .../local-clone-copypairs}. Never re-sent after an ambiguous failure (500, 502, reset after
     * sending): the caller must read the pair back before trying again.
     */
    public Job createPair(CreatePairSpec spec) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code POST .../local-clone-copypairs/{id}/actions/split/invoke}. */
    public Job splitPair(PairId id, ActionParams params) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code POST .../local-clone-copypairs/{id}/actions/resync/invoke}. */
    public Job resyncPair(PairId id, ActionParams params) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code POST .../local-clone-copypairs/{id}/actions/restore/invoke}. */
    public Job restorePair(PairId id, ActionParams params) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code DELETE .../local-clone-copypairs/{id}}. */
    public Job deletePair(PairId id) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code POST .../local-clone-copygroups/{id}/actions/split/invoke}. */
    public Job splitGroup(CopyGroupId id, ActionParams params) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code POST .../local-clone-copygroups/{id}/actions/resync/invoke}. */
    public Job resyncGroup(CopyGroupId id, ActionParams params) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Throws the job's error as a {@link VspApiException} when the job completed unsuccessfully. */
    public Job raiseIfFailed(Job job) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Discards the REST session (or hands it to the sharing pool) and releases the permit. Idempotent. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
