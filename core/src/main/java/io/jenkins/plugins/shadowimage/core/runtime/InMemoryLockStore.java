package io.jenkins.plugins.shadowimage.core.runtime;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Locks of one process (one Jenkins controller), lost with it: resumed holders re-claim them. */
public final class InMemoryLockStore implements LockStore {

    private final Map<String, LockHolder> held = new HashMap<>();

    @Override
    public synchronized Optional<LockHolder> tryAcquire(Collection<String> resources, String ownerId, String description) {
        Optional<LockHolder> other = inTheWay(resources, ownerId);
        if (other.isEmpty()) {
            resources.forEach(r -> held.put(r, new LockHolder(ownerId, description)));
        }
        return other;
    }

    @Override
    public synchronized Optional<LockHolder> reclaim(Collection<String> resources, String ownerId, String description) {
        return tryAcquire(resources, ownerId, description);
    }

    private Optional<LockHolder> inTheWay(Collection<String> resources, String ownerId) {
        for (String r : resources) {
            for (Map.Entry<String, LockHolder> e : held.entrySet()) {
                if (!e.getValue().ownerId().equals(ownerId) && LockKeys.conflict(r, e.getKey())) {
                    return Optional.of(e.getValue());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void release(String ownerId) {
        held.values().removeIf(h -> h.ownerId().equals(ownerId));
    }

    @Override
    public synchronized List<String> heldResources() {
        return List.copyOf(held.keySet());
    }
}
