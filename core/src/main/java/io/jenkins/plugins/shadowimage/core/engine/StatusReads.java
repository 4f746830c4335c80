package io.jenkins.plugins.shadowimage.core.engine;

import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroupId;
import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.client.model.PairId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pair status reads of one array, shared by every operation of this JVM that drives it (one per {@link
 * ArrayAccess}). The array's REST server is shared by every team and throttles its clients, so:
 * <ul>
 * <li>a read younger than the sharing window answers every operation asking for the same pair (the read that
 * ended one operation serves the first read of the next);</li>
 * <li>while two or more operations wait on pairs of one copy group, one list read of the group per polling round
 * serves them all, and their polls are put on the group's round grid so that they ask together; a pair missing
 * from the list (or listed without its names or LDEV ids) is read on its own;</li>
 * <li>the round grows with the number of distinct reads per round this JVM makes on the array, up to
 * {@link #ROUND_MAX}, so that many waiting operations do not flood the server.</li>
 * </ul>
 * A shared read is never older than what its caller accepts ({@code notBefore}): a wait never sees a read taken
 * before its own change was confirmed. Absence is never shared. Thread-safe.
 *
 * <p>{@link #perOperation()} turns all of this off (every operation reads its own pair at its own pace), only to
 * measure what the sharing saves.
 */
final class StatusReads {
    /** Distinct status reads per second this JVM makes on one array before the rounds grow. */
    static final int READS_PER_SECOND = 20;
    /** The longest round: completion is still noticed within it. */
    static final Duration ROUND_MAX = Duration.ofSeconds(5);
    /** How long an operation counts as waiting in its group after its last poll (beyond its own interval). */
    private static final Duration WAITER_MEMORY = Duration.ofSeconds(40);
    /** A group operation's place among its group's waiters. */
    private static final String WHOLE_GROUP = "\u0000group";

    private record Read(Instant at, CopyPair pair) { }

    /** One copy group's waiters and its last list read. */
    private static final class Group {
        final Map<String, Instant> waiters = new HashMap<>();
        /** The round its waiters were last put on, in milliseconds. */
        long roundMillis = 1;
        /** Instants (epoch ms) at which some waiter of the group will poll: the group's coming rounds. */
        final TreeSet<Long> planned = new TreeSet<>();
        Instant listedAt;
        List<CopyPair> listed;
    }

    private final boolean shared;
    private final Map<String, Read> pairs = new ConcurrentHashMap<>();
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    /** Last time each distinct read (a group list, or a lone pair) was made: the round's size. */
    private final Map<String, Instant> recentReads = new ConcurrentHashMap<>();

    StatusReads() {
        this(true);
    }

    private StatusReads(boolean shared) {
        this.shared = shared;
    }

    /** Reads that no two operations share: each operation reads its own pair whenever it polls. */
    static StatusReads perOperation() {
        return new StatusReads(false);
    }

    /**
     * The pair as read at most {@code window} ago, and not before {@code notBefore}: shared when another
     * operation read it in that time, else read now. For a decision on a pair not yet waited on.
     */
    Optional<CopyPair> pair(VspSession s, PairId id, Clock clock, Instant notBefore, Duration window) {
        if (!shared) {
            return s.findPair(id);
        }
        Instant now = clock.instant();
        Read r = pairs.get(id.toString());
        if (r != null && !r.at().isBefore(later(notBefore, now.minus(window)))) {
            return Optional.of(r.pair());
        }
        return readOne(s, id, clock);
    }

    /** A read that must be made now; remembered for others. */
    Optional<CopyPair> readOne(VspSession s, PairId id, Clock clock) {
        if (!shared) {
            return s.findPair(id);
        }
        Instant at = clock.instant();
        Optional<CopyPair> p = s.findPair(id);
        String key = id.toString();
        if (p.isPresent()) {
            pairs.put(key, new Read(at, p.get()));
        } else {
            pairs.remove(key);
        }
        prune(at);
        return p;
    }

    /**
     * The pair for an operation waiting on it: from its group's list read of this round when others wait in the
     * same group, else as {@link #pair}. Counts the caller as a waiter of its group.
     */
    Optional<CopyPair> waitingPair(VspSession s, PairId id, Clock clock, Instant notBefore, Duration window) {
        if (!shared) {
            return s.findPair(id);
        }
        Instant now = clock.instant();
        Group g = group(id.group());
        boolean batched;
        Instant roundStart;
        synchronized (g) {
            g.waiters.put(id.copyPairName(), now);
            batched = waiters(g, now) >= 2;
            roundStart = Instant.ofEpochMilli(now.toEpochMilli() - now.toEpochMilli() % g.roundMillis);
        }
        if (!batched) {
            // A lone waiter's reads recur every round: they count towards the round's size.
            recentReads.put(id.toString(), now);
            return pair(s, id, clock, notBefore, window);
        }
        Read r = pairs.get(id.toString());
        // The list read of this round serves every waiter of the group that comes in this round, however long
        // the steps before took.
        Instant fresh = later(notBefore, earlier(roundStart, now.minus(window)));
        if (r != null && !r.at().isBefore(fresh)) {
            return Optional.of(r.pair());
        }
        list(s, id.group(), g, clock, fresh);
        r = pairs.get(id.toString());
        if (r != null && !r.at().isBefore(fresh)) {
            return Optional.of(r.pair());
        }
        // Not in the list (or listed without names or LDEV ids): on its own.
        return readOne(s, id, clock);
    }

    /** The group's pair list for a group operation waiting on it, shared within the round. */
    List<CopyPair> waitingGroup(VspSession s, CopyGroupId id, Clock clock, Instant notBefore, Duration window) {
        if (!shared) {
            return s.listPairs(id, false);
        }
        Instant now = clock.instant();
        Group g = group(id);
        Instant roundStart;
        synchronized (g) {
            g.waiters.put(WHOLE_GROUP, now);
            roundStart = Instant.ofEpochMilli(now.toEpochMilli() - now.toEpochMilli() % g.roundMillis);
        }
        return list(s, id, g, clock, later(notBefore, earlier(roundStart, now.minus(window))));
    }

    /**
     * Forgets every read: after a change this JVM did not make (another client's, a fault), the next read of
     * each pair goes to the array.
     */
    void forget() {
        pairs.clear();
        groups.values().forEach(g -> {
            synchronized (g) {
                g.listedAt = null;
                g.listed = null;
                g.planned.clear();
            }
        });
    }

    /** The operation on this pair (or its whole group) waits no more. */
    void finished(PairId pair, CopyGroupId group) {
        Group g = groups.get(group.toString());
        if (g != null) {
            synchronized (g) {
                g.waiters.remove(pair == null ? WHOLE_GROUP : pair.copyPairName());
            }
        }
    }

    /**
     * When a waiting operation polls next, given the delay it wants: on its group's round grid when it shares the
     * group's list read (so that the group's waiters ask together), and never sooner than the round.
     */
    Duration nextPoll(PairId pair, CopyGroupId group, Instant now, Duration wanted, Duration shortest) {
        if (!shared) {
            return wanted.compareTo(shortest) < 0 ? shortest : wanted;
        }
        long round = round(now, shortest).toMillis();
        Duration d = wanted.toMillis() < round ? Duration.ofMillis(round) : wanted;
        Group g = groups.get(group.toString());
        boolean batched;
        if (g == null) {
            batched = false;
        } else {
            synchronized (g) {
                batched = others(g, pair, now) >= 1;
                if (batched) {
                    g.roundMillis = round;
                }
            }
        }
        if (!batched) {
            return d;
        }
        long nowMs = now.toEpochMilli();
        long at = nowMs + d.toMillis();
        long aligned = ((at + round - 1) / round) * round;
        synchronized (g) {
            g.planned.headSet(nowMs, true).clear();
            // The earliest round another waiter makes anyway, if it comes before this one's own: its read is free.
            Long joined = g.planned.ceiling(nowMs + shortest.toMillis());
            if (joined != null && joined <= aligned) {
                aligned = joined;
            } else {
                g.planned.add(aligned);
            }
        }
        return Duration.ofMillis(aligned - nowMs);
    }

    /** The polling round: the shortest poll, longer while this JVM makes many distinct reads on the array. */
    Duration round(Instant now, Duration shortest) {
        long active = recentReads.values().stream().filter(t -> t.isAfter(now.minus(ROUND_MAX))).count();
        long ms = active * 1000 / READS_PER_SECOND;
        return Duration.ofMillis(Math.max(shortest.toMillis(), Math.min(ROUND_MAX.toMillis(), ms)));
    }

    /** Whether other operations wait in the group, so that this one's reads join the group's round. */
    boolean sharesRound(PairId pair, CopyGroupId group, Instant now) {
        if (!shared) {
            return false;
        }
        Group g = groups.get(group.toString());
        if (g == null) {
            return false;
        }
        synchronized (g) {
            return others(g, pair, now) >= 1;
        }
    }

    private static int others(Group g, PairId pair, Instant now) {
        int n = waiters(g, now);
        return g.waiters.containsKey(pair == null ? WHOLE_GROUP : pair.copyPairName()) ? n - 1 : n;
    }

    /** Operations waiting in the group of {@code pair} (for tests and diagnostics). */
    int waiters(CopyGroupId group, Instant now) {
        Group g = groups.get(group.toString());
        if (g == null) {
            return 0;
        }
        synchronized (g) {
            return waiters(g, now);
        }
    }

    private List<CopyPair> list(VspSession s, CopyGroupId id, Group g, Clock clock, Instant fresh) {
        // One list read per round: callers arriving while it runs wait for it and share it.
        synchronized (g) {
            if (g.listedAt != null && !g.listedAt.isBefore(fresh)) {
                return g.listed;
            }
            Instant at = clock.instant();
            List<CopyPair> listed = s.listPairs(id, false);
            for (CopyPair p : listed) {
                if (usable(p)) {
                    pairs.put(new PairId(id.copyGroupName(), id.pvolDeviceGroupName(), id.svolDeviceGroupName(),
                            p.copyPairName()).toString(), new Read(at, p));
                }
            }
            g.listedAt = at;
            g.listed = listed;
            recentReads.put(WHOLE_GROUP + id, at);
            prune(at);
            return listed;
        }
    }

    private static boolean usable(CopyPair p) {
        return p.copyPairName() != null && !p.copyPairName().isBlank() && p.pvolLdevId() != null
                && p.svolLdevId() != null;
    }

    private Group group(CopyGroupId id) {
        return groups.computeIfAbsent(id.toString(), k -> new Group());
    }

    private static int waiters(Group g, Instant now) {
        g.waiters.values().removeIf(t -> t.isBefore(now.minus(WAITER_MEMORY)));
        return g.waiters.size();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static Instant earlier(Instant a, Instant b) {
        return b.isBefore(a) ? b : a;
    }

    /** Forgets reads no caller can use any more, so that the maps stay small. */
    private void prune(Instant now) {
        if (pairs.size() + recentReads.size() < 4096) {
            return;
        }
        Instant old = now.minus(WAITER_MEMORY);
        pairs.values().removeIf(r -> r.at().isBefore(old));
        recentReads.values().removeIf(t -> t.isBefore(old));
        groups.values().removeIf(g -> {
            synchronized (g) {
                return waiters(g, now) == 0 && (g.listedAt == null || g.listedAt.isBefore(old));
            }
        });
    }
}
