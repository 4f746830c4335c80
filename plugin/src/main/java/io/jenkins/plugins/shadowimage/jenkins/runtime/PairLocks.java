package io.jenkins.plugins.shadowimage.jenkins.runtime;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One operation at a time per pair, per S-VOL and per copy group on this controller.
 *
 * <p>Resources are strings built by {@link #pair}, {@link #svol} and {@link #group}. A group resource conflicts
 * with every pair of that group. Holders are identified by an owner id (the step execution) and described for
 * the message other builds print while they wait ("pair … is being split by job X #12").
 *
 * <p>Held in memory only: after a restart, operations that held their locks re-claim them in {@code onResume()}
 * before waiting operations make their first (delayed) attempt.
 */
public final class PairLocks {

    /** Who holds a resource and what it is doing. */
    public record Holder(String ownerId, String description) {}

    private static final PairLocks INSTANCE = new PairLocks();

    private final Map<String, Holder> held = new HashMap<>();

    public static PairLocks get() {
        return INSTANCE;
    }

    public static String pair(String arrayKey, String copyGroupName, String copyPairName) {
        return "pair|" + arrayKey + "|" + copyGroupName + "|" + copyPairName;
    }

    public static String svol(String arrayKey, int ldevId) {
        return "svol|" + arrayKey + "|" + ldevId;
    }

    public static String group(String arrayKey, String copyGroupName) {
        return "group|" + arrayKey + "|" + copyGroupName;
    }

    private static boolean conflicts(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        return groupCovers(a, b) || groupCovers(b, a);
    }

    private static boolean groupCovers(String group, String other) {
        return group.startsWith("group|") && other.startsWith("pair|")
                && other.startsWith("pair|" + group.substring("group|".length()) + "|");
    }

    /**
     * Takes all resources or none.
     *
     * @return {@code null} when acquired (or already held by this owner), otherwise who is in the way
     */
    @CheckForNull
    public synchronized Holder tryAcquire(@NonNull Collection<String> resources, @NonNull String ownerId, @NonNull String description) {
        for (String r : resources) {
            for (Map.Entry<String, Holder> e : held.entrySet()) {
                if (!e.getValue().ownerId().equals(ownerId) && conflicts(r, e.getKey())) {
                    return e.getValue();
                }
            }
        }
        for (String r : resources) {
            held.put(r, new Holder(ownerId, description));
        }
        return null;
    }

    /** Re-takes resources after a restart, regardless of waiters (the holder was first before the restart). */
    public synchronized void reclaim(@NonNull Collection<String> resources, @NonNull String ownerId, @NonNull String description) {
        for (String r : resources) {
            held.putIfAbsent(r, new Holder(ownerId, description));
        }
    }

    public synchronized void release(@NonNull String ownerId) {
        held.values().removeIf(h -> h.ownerId().equals(ownerId));
    }

    /** For tests and diagnostics. */
    public synchronized List<String> heldResources() {
        return List.copyOf(held.keySet());
    }
}
