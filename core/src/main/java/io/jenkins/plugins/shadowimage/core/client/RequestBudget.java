package io.jenkins.plugins.shadowimage.core.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JVM-wide pace of REST requests to one REST server, shared by every client and operation of the JVM
 * (keyed by scheme, host and port: the server that counts the requests, whichever arrays it fronts).
 *
 * <p>Nothing is paced until the server refuses a request as busy (HTTP 503 or KART00003-E): a single
 * operation never waits here. At a refusal the budget learns the server's capacity (the requests it served
 * in the second before, or one less than the limit that drew the refusal) and paces to it from then on; the
 * rate refused is remembered and not tried again for {@link #REMEMBER}. Above the learnt limit it probes only
 * while requests wait for it (the budget is the bottleneck), by one request per second every
 * {@link #PROBE_EVERY}. A {@code Retry-After} holds every request back for that long (at most
 * {@link #MAX_HOLD}). A configured ceiling ({@link ClientOptions#requestRateLimit()}) applies from the start.
 *
 * <p>The limit counts every request the server may still be counting in its current second: the ones in
 * flight and the ones answered less than {@link #WINDOW} ago. A server counts a request at some moment between
 * its sending and its answer, so however late a request arrives, no second of the server's (fixed or sliding)
 * ever sees more than the limit. A read the server holds until its job ends is counted as answered a little
 * after it was sent (twice the slowest recent round trip, at least {@link #HELD_MARGIN}): it reaches the server
 * then, and keeping its slot for the whole hold would waste the budget. While requests wait, mutating requests
 * go first, then the reads that check or confirm them, then polling reads. Every change of the limit is
 * logged once; waiting requests are not.
 */
public final class RequestBudget {
    private static final Logger LOG = Logger.getLogger(RequestBudget.class.getName());
    private static final Map<String, RequestBudget> BUDGETS = new ConcurrentHashMap<>();

    /** How long after its answer a request still counts: the server's counting second. */
    public static final Duration WINDOW = Duration.ofSeconds(1);
    /** Longest hold of every request that one {@code Retry-After} imposes. */
    public static final Duration MAX_HOLD = Duration.ofSeconds(2);
    /** How long a refused rate is not tried again. */
    public static final Duration REMEMBER = Duration.ofMinutes(5);
    /** Time between two steps of one request per second above the learnt limit, while requests wait for it. */
    public static final Duration PROBE_EVERY = Duration.ofSeconds(10);
    /**
     * How long a polling read yields: then it goes with the reads that decide or confirm (never ahead of a mutating
     * request), so that a copy's or a split's end is still seen while the server is saturated.
     */
    public static final Duration POLL_PATIENCE = Duration.ofSeconds(1);
    /** The least time after its sending at which a held read counts as reaching the server. */
    static final Duration HELD_MARGIN = Duration.ofMillis(50);
    /**
     * Fewer requests than this served in the second before a refusal: the refusal is not about our rate
     * (maintenance, the session cap, a test's fault) and teaches nothing; it only holds requests back.
     */
    static final int LEARN_FROM = 5;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final int LATENCIES = 32;

    /** Which waiting request goes first. */
    public enum Priority {
        /** Creates, actions, deletes, logins and logouts. */
        MUTATION,
        /** Reads that decide or confirm an operation. */
        CONFIRM,
        /** Reads that only follow a job or a copy; they yield to everything else. */
        POLL
    }

    private record Waiter(Priority priority, long order, long since) {
        /** Its rank now: a poll that waited {@link #POLL_PATIENCE} ranks with the confirming reads. */
        int rank(long now) {
            if (priority == Priority.POLL && now - since >= POLL_PATIENCE.toNanos()) {
                return Priority.CONFIRM.ordinal();
            }
            return priority.ordinal();
        }
    }

    private final String serverKey;
    private final LongSupplier clock;
    /** The requests waiting (at most one per thread sending): few, so the first is looked for at each turn. */
    private final List<Waiter> queue = new ArrayList<>();
    /** When each answered request stops counting, less {@link #WINDOW}: its answer (or assumed arrival). */
    private final PriorityQueue<Long> answers = new PriorityQueue<>();
    /** Times of the requests served (not refused) in the last second: what a refusal teaches. */
    private final PriorityQueue<Long> served = new PriorityQueue<>();
    private final long[] latencies = new long[LATENCIES];
    private int latencyIndex;
    private int inFlight;
    private long order;
    private int ceiling;
    private int limit;
    /** The lowest rate refused within {@link #REMEMBER} (0 = none). */
    private int refusedRate;
    private long refusedRateAt;
    private long holdUntil;
    private boolean refused;
    private long lastRefusal;
    private long lastChange;
    private long lastWaitForRate;
    private boolean waitedForRate;

    RequestBudget(String serverKey, LongSupplier clock) {
        this.serverKey = serverKey;
        this.clock = clock;
        this.holdUntil = clock.getAsLong();
    }

    /** The budget of one REST server ({@code scheme://host:port}), created unpaced on first use. */
    public static RequestBudget forServer(String serverKey) {
        return BUDGETS.computeIfAbsent(serverKey, k -> new RequestBudget(k, System::nanoTime));
    }

    /** Requests per second never to exceed, learnt or not (0 = none). */
    public synchronized void ceiling(int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("request rate limit must be >= 0: " + perSecond);
        }
        ceiling = perSecond;
        notifyAll();
    }

    public synchronized int ceiling() {
        return ceiling;
    }

    /** The requests per second allowed now: the learnt limit or the ceiling, whichever is lower; 0 = not paced. */
    public synchronized int limit() {
        return effectiveLimit();
    }

    /** The learnt capacity of the server (0 = nothing learnt). */
    public synchronized int capacity() {
        return limit;
    }

    /** The lowest rate the server refused within {@link #REMEMBER}, not tried again until then (0 = none). */
    public synchronized int refusedRate() {
        return refusedRate;
    }

    private int effectiveLimit() {
        if (limit == 0 || ceiling == 0) {
            return Math.max(limit, ceiling);
        }
        return Math.min(limit, ceiling);
    }

    /**
     * Waits until a request of this priority may be sent, and counts it as in flight until {@link #answered}
     * (or {@link #heldSent}) with the returned admission time.
     *
     * @return the admission time, to hand back with the answer
     * @throws InterruptedException when interrupted while waiting; the request must then not be sent
     */
    public long admit(Priority priority) throws InterruptedException {
        synchronized (this) {
            long now = clock.getAsLong();
            if (queue.isEmpty() && admissible(now)) {
                return record(now);
            }
            Waiter w = new Waiter(priority, order++, now);
            queue.add(w);
            try {
                while (true) {
                    now = clock.getAsLong();
                    if (first(now) == w && admissible(now)) {
                        queue.remove(w);
                        notifyAll();
                        return record(now);
                    }
                    long waitNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), untilAdmissible(now));
                    if (w.priority() == Priority.POLL) {
                        // its rank changes when its patience ends
                        waitNanos = Math.min(waitNanos, Math.max(TimeUnit.MILLISECONDS.toNanos(1),
                                w.since() + POLL_PATIENCE.toNanos() - now));
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, waitNanos);
                }
            } catch (InterruptedException e) {
                queue.remove(w);
                notifyAll();
                throw e;
            }
        }
    }

    private Waiter first(long now) {
        Waiter best = null;
        for (Waiter w : queue) {
            if (best == null || w.rank(now) < best.rank(now)
                    || (w.rank(now) == best.rank(now) && w.order() < best.order())) {
                best = w;
            }
        }
        return best;
    }

    private boolean admissible(long now) {
        if (now - holdUntil < 0) {
            return false;
        }
        int lim = effectiveLimit();
        if (lim == 0) {
            return true;
        }
        if (counted(now) < lim) {
            return true;
        }
        lastWaitForRate = now;
        waitedForRate = true;
        return false;
    }

    /** Requests the server may still count in a second that includes now. */
    private int counted(long now) {
        while (!answers.isEmpty() && now - answers.peek() >= SECOND) {
            answers.poll();
        }
        return inFlight + answers.size();
    }

    private long untilAdmissible(long now) {
        long wait = holdUntil - now;
        int lim = effectiveLimit();
        if (lim > 0 && counted(now) >= lim) {
            // The next slot frees when the oldest answer leaves the window, or at an answer of one in flight.
            long free = answers.isEmpty() ? SECOND : answers.peek() + SECOND - now;
            wait = Math.max(wait, free);
        }
        return wait;
    }

    private long record(long now) {
        inFlight++;
        return now;
    }

    /**
     * Feeds back the answer of a request admitted here.
     *
     * @param admittedAt what {@link #admit} returned for it
     * @param busy whether the server refused it as busy (HTTP 503, KART00003-E)
     * @param retryAfter the answer's {@code Retry-After}, or {@code null}
     */
    public void answered(long admittedAt, boolean busy, Duration retryAfter) {
        synchronized (this) {
            long now = clock.getAsLong();
            inFlight = Math.max(0, inFlight - 1);
            answers.add(now);
            latencies[latencyIndex++ % LATENCIES] = Math.max(0, now - admittedAt);
            notifyAll();
            if (!busy) {
                served.add(now);
                probe(now);
                return;
            }
            refusedNow(now, retryAfter);
        }
    }

    /**
     * A read admitted here was handed to the server, which holds its answer: it counts as answered shortly
     * after its sending (it reached the server by then), not at its answer. Its answer goes to {@link #heldAnswered}.
     */
    public void heldSent(long admittedAt) {
        synchronized (this) {
            inFlight = Math.max(0, inFlight - 1);
            long slowest = 0;
            for (long l : latencies) {
                slowest = Math.max(slowest, l);
            }
            long arrival = admittedAt + Math.min(SECOND, Math.max(HELD_MARGIN.toNanos(), 2 * slowest));
            answers.add(arrival);
            served.add(arrival);
            notifyAll();
        }
    }

    /** The answer of a held read ({@link #heldSent}): only a refusal matters. */
    public void heldAnswered(boolean busy, Duration retryAfter) {
        if (busy) {
            synchronized (this) {
                refusedNow(clock.getAsLong(), retryAfter);
            }
        }
    }

    private void refusedNow(long now, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            Duration hold = retryAfter.compareTo(MAX_HOLD) > 0 ? MAX_HOLD : retryAfter;
            long until = now + hold.toNanos();
            if (until - holdUntil > 0) {
                holdUntil = until;
            }
        }
        // The refusals of one overload come in a burst: they teach once.
        boolean newOverload = !refused || now - lastRefusal >= SECOND;
        refused = true;
        lastRefusal = now;
        if (!newOverload) {
            return;
        }
        while (!served.isEmpty() && now - served.peek() >= SECOND) {
            served.poll();
        }
        int servedLastSecond = served.size();
        int before = effectiveLimit();
        int learnt;
        if (before == 0) {
            if (servedLastSecond < LEARN_FROM) {
                return;
            }
            // What the server served in its busy second is what it serves; one more was refused.
            learnt = servedLastSecond;
        } else {
            // Paced at a rate the server refused: never again above what it served, and below that rate.
            learnt = Math.max(1, Math.min(before - 1, Math.max(servedLastSecond, before / 2)));
        }
        refusedRate = refusedRate == 0 || now - refusedRateAt >= REMEMBER.toNanos()
                ? learnt + 1 : Math.min(refusedRate, learnt + 1);
        refusedRateAt = now;
        limit = learnt;
        lastChange = now;
        LOG.info("request budget of " + serverKey + ": the server refused requests as busy after "
                + servedLastSecond + " served in the last second; pacing to " + effectiveLimit()
                + " requests per second (was " + (before == 0 ? "unpaced" : before) + "), not trying "
                + refusedRate + " again for " + REMEMBER.toMinutes() + " min");
        notifyAll();
    }

    /** One more request per second, slowly, only while requests wait for the learnt limit. */
    private void probe(long now) {
        boolean bottleneck = waitedForRate && now - lastWaitForRate < SECOND;
        if (limit == 0 || !bottleneck || now - lastChange < PROBE_EVERY.toNanos()
                || (ceiling > 0 && limit >= ceiling)) {
            return;
        }
        boolean remembered = refusedRate > 0 && now - refusedRateAt < REMEMBER.toNanos();
        if (remembered && limit + 1 >= refusedRate) {
            return;
        }
        if (!remembered) {
            refusedRate = 0;
        }
        limit++;
        lastChange = now;
        LOG.log(Level.FINE, "request budget of {0}: trying {1} requests per second", new Object[] {serverKey, limit});
        notifyAll();
    }

    @Override
    public synchronized String toString() {
        return "RequestBudget[" + serverKey + ", limit " + effectiveLimit() + ", capacity " + limit + "]";
    }
}
