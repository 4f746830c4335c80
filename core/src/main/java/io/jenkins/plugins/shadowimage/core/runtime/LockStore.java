package io.jenkins.plugins.shadowimage.core.runtime;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where the one-operation-per-pair / S-VOL / copy-group locks live. Resources are the strings of
 * {@link LockKeys}; a copy-group resource conflicts with every pair of that group. Every method takes all the
 * resources or none.
 */
public interface LockStore {

    /** Takes the resources for {@code ownerId}; empty when taken (or already held by it), else who is in the way. */
    Optional<LockHolder> tryAcquire(Collection<String> resources, String ownerId, String description);

    /**
     * Takes the resources again after a restart for an owner that held them before it. Empty when re-claimed;
     * otherwise the other owner that holds one of them now (the claim is lost, and nothing is taken).
     */
    Optional<LockHolder> reclaim(Collection<String> resources, String ownerId, String description);

    /** Frees everything {@code ownerId} holds. */
    void release(String ownerId);

    /** The resources held now (diagnostics and tests). */
    List<String> heldResources();
}
