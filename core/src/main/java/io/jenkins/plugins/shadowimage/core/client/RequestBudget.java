package io.jenkins.plugins.shadowimage.core.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
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
 * in the second before) and paces to half of it, then adds one request per second for every second without
 * a refusal, up to that capacity and never past it (additive increase, multiplicative decrease). A refusal
 * while paced lowers the capacity. After {@link #FORGET_AFTER} without a refusal it stops pacing (and learns
 * again at the next refusal). A {@code Retry-After} holds every request back for that long (at most
 * {@link #MAX_HOLD}). A configured ceiling ({@link ClientOptions#requestRateLimit()}) applies from the start.
 *
 * <p>The limit counts the requests sent in any window of {@link #WINDOW} (a little longer than a second, so
 * that a server counting per second never sees more than the limit despite latency jitter). While requests
 * wait, mutating requests go first, then the reads that check or confirm them, then polling reads.
 * Every change of the limit is logged once; waiting requests are not.
 */
public final class RequestBudget {
    private static final Logger LOG = Logger.getLogger(RequestBudget.class.getName());
    private static final Map<String, RequestBudget> BUDGETS = new ConcurrentHashMap<>();

    /** The window the limit counts requests in. */
    public static final Duration WINDOW = Duration.ofMillis(1100);
    /** Longest hold of every request that one {@code Retry-After} imposes. */
    public static final Duration MAX_HOLD = Duration.ofSeconds(2);
    /** Time without a refusal after which the learnt limit is dropped. */
    public static final Duration FORGET_AFTER = Duration.ofSeconds(60);
    /**
     * Fewer requests than this served in the second before a refusal: the refusal is not about our rate
     * (maintenance, the session cap, a test's fault) and teaches nothing; it only holds requests back.
     */
    static final int LEARN_FROM = 5;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Which waiting request goes first. */
    public enum Priority {
        /** Creates, actions, deletes, logins and logouts. */
        MUTATION,
        /** Reads that decide or confirm an operation. */
        CONFIRM,
        /** Reads that only follow a job or a copy; they yield to everything else. */
        POLL
    }

    private record Waiter(Priority priority, long order) {
    }

    private final String serverKey;
    private final LongSupplier clock;
    private final PriorityQueue<Waiter> queue = new PriorityQueue<>(
            Comparator.comparing(Waiter::priority).thenComparingLong(Waiter::order));
    private final ArrayDeque<Long> sent = new ArrayDeque<>();
    private final ArrayDeque<Long> served = new ArrayDeque<>();
    private long order;
    private int ceiling;
    private int limit;
    private int capacity;
    private long holdUntil;
    private boolean refused;
    private long lastRefusal;
    private long lastRaise;

    RequestBudget(String serverKey, LongSupplier clock) {
        this.serverKey = serverKey;
        this.clock = clock;
        this.holdUntil = clock.getAsLong();
    }

    /** The budget of one REST server ({@code scheme://host:port}), created unpaced on first use. */
    public static RequestBudget forServer(String serverKey) {
        return BUDGETS.computeIfAbsent(serverKey, k -> new RequestBudget(k, System::nanoTime));
    }

    /** Requests per window never to exceed, learnt or not (0 = none). */
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

    /** The requests per window allowed now: the learnt limit or the ceiling, whichever is lower; 0 = not paced. */
    public synchronized int limit() {
        return effectiveLimit();
    }

    /** The learnt capacity the limit climbs back to (0 = nothing learnt). */
    public synchronized int capacity() {
        return capacity;
    }

    private int effectiveLimit() {
        if (limit == 0 || ceiling == 0) {
            return Math.max(limit, ceiling);
        }
        return Math.min(limit, ceiling);
    }

    /**
     * Waits until a request of this priority may be sent, and counts it as sent.
     *
     * @throws InterruptedException when interrupted while waiting; the request must then not be sent
     */
    public void admit(Priority priority) throws InterruptedException {
        synchronized (this) {
            long now = clock.getAsLong();
            forgetIfQuiet(now);
            if (queue.isEmpty() && admissible(now)) {
                record(now);
                return;
            }
            Waiter w = new Waiter(priority, order++);
            queue.add(w);
            try {
                while (true) {
                    now = clock.getAsLong();
                    if (queue.peek() == w && admissible(now)) {
                        queue.poll();
                        record(now);
                        notifyAll();
                        return;
                    }
                    long waitNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), untilAdmissible(now));
                    TimeUnit.NANOSECONDS.timedWait(this, waitNanos);
                }
            } catch (InterruptedException e) {
                queue.remove(w);
                notifyAll();
                throw e;
            }
        }
    }

    private boolean admissible(long now) {
        if (now - holdUntil < 0) {
            return false;
        }
        int lim = effectiveLimit();
        if (lim == 0) {
            return true;
        }
        prune(sent, now, WINDOW.toNanos());
        return sent.size() < lim;
    }

    private long untilAdmissible(long now) {
        long wait = holdUntil - now;
        int lim = effectiveLimit();
        if (lim > 0 && sent.size() >= lim) {
            wait = Math.max(wait, sent.peekFirst() + WINDOW.toNanos() - now);
        }
        return wait;
    }

    private void record(long now) {
        prune(sent, now, WINDOW.toNanos());
        sent.addLast(now);
    }

    private static void prune(ArrayDeque<Long> times, long now, long span) {
        while (!times.isEmpty() && now - times.peekFirst() >= span) {
            times.removeFirst();
        }
    }

    /**
     * Feeds back the answer of a request admitted here.
     *
     * @param busy whether the server refused it as busy (HTTP 503, KART00003-E)
     * @param retryAfter the answer's {@code Retry-After}, or {@code null}
     */
    public void answered(boolean busy, Duration retryAfter) {
        synchronized (this) {
            long now = clock.getAsLong();
            if (!busy) {
                served.addLast(now);
                prune(served, now, SECOND);
                raise(now);
                return;
            }
            if (retryAfter != null && !retryAfter.isNegative()) {
                Duration hold = retryAfter.compareTo(MAX_HOLD) > 0 ? MAX_HOLD : retryAfter;
                long until = now + hold.toNanos();
                if (until - holdUntil > 0) {
                    holdUntil = until;
                }
            }
            // The refusals of one overload come in a burst: they lower the limit once.
            boolean newOverload = !refused || now - lastRefusal >= SECOND;
            refused = true;
            lastRefusal = now;
            if (!newOverload) {
                return;
            }
            prune(served, now, SECOND);
            int servedLastSecond = served.size();
            int before = effectiveLimit();
            if (limit == 0) {
                if (servedLastSecond < LEARN_FROM) {
                    return;
                }
                capacity = servedLastSecond;
            } else {
                capacity = Math.max(1, Math.min(capacity, limit - 1));
            }
            limit = Math.max(1, Math.min(limit == 0 ? capacity : limit, capacity) / 2);
            lastRaise = now;
            LOG.info("request budget of " + serverKey + ": the server refused requests as busy after "
                    + servedLastSecond + " served in the last second; pacing to " + effectiveLimit()
                    + " requests per second (was " + (before == 0 ? "unpaced" : before)
                    + "), rising by one each second without a refusal up to " + capacity);
            notifyAll();
        }
    }

    private void raise(long now) {
        forgetIfQuiet(now);
        if (limit > 0 && limit < capacity && now - lastRaise >= SECOND) {
            limit++;
            lastRaise = now;
            LOG.log(Level.FINE, "request budget of {0}: {1} requests per second", new Object[] {serverKey, limit});
            notifyAll();
        }
    }

    private void forgetIfQuiet(long now) {
        if (limit > 0 && now - lastRefusal >= FORGET_AFTER.toNanos()) {
            limit = 0;
            capacity = 0;
            LOG.info("request budget of " + serverKey + ": no busy answer for " + FORGET_AFTER.toSeconds()
                    + " s; no longer pacing" + (ceiling > 0 ? " beyond the configured " + ceiling + " per second" : ""));
            notifyAll();
        }
    }

    @Override
    public synchronized String toString() {
        return "RequestBudget[" + serverKey + ", limit " + effectiveLimit() + ", capacity " + capacity + "]";
    }
}
