package io.jenkins.plugins.shadowimage.core.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The JVM-wide number of REST sessions one array may have open for us at the same time. Every client of
 * the JVM that talks to the same array ({@link io.jenkins.plugins.shadowimage.core.client.Endpoint#arrayKey()})
 * shares one budget, so that many concurrent operations queue here instead of pushing the array into its
 * 64-session cap (HTTP 503), which would also lock out Storage Navigator and every other tool.
 *
 * <p>Waiters are served first come, first served, both blocking ones ({@link #acquire}) and non-blocking
 * ones ({@link #tryAcquire}) that come back later with the same waiter object. A non-blocking waiter that
 * stops asking loses its place after {@link #ABANDON_AFTER}.
 */
public final class SessionBudget {
    public static final int DEFAULT_PERMITS = 8;
    public static final int MAX_PERMITS = 64;
    /** A non-blocking waiter that has not asked again for this long is dropped from the queue. */
    public static final Duration ABANDON_AFTER = Duration.ofSeconds(10);

    private static final Map<String, SessionBudget> BUDGETS = new ConcurrentHashMap<>();

    private final String arrayKey;
    private int permits = DEFAULT_PERMITS;
    private int inUse;
    private final Deque<Waiter> queue = new ArrayDeque<>();

    private SessionBudget(String arrayKey) {
        this.arrayKey = arrayKey;
    }

    /** The budget of one array, created with {@link #DEFAULT_PERMITS} on first use. */
    public static SessionBudget forArray(String arrayKey) {
        return BUDGETS.computeIfAbsent(arrayKey, SessionBudget::new);
    }

    public String arrayKey() {
        return arrayKey;
    }

    /** Sets the number of permits (1..64). Permits already handed out stay valid. */
    public synchronized void setPermits(int n) {
        if (n < 1 || n > MAX_PERMITS) {
            throw new IllegalArgumentException("session budget must be 1.." + MAX_PERMITS + ": " + n);
        }
        permits = n;
        notifyAll();
    }

    public synchronized int permits() {
        return permits;
    }

    /** Permits currently held (by units of work or by sessions kept for sharing). */
    public synchronized int inUse() {
        return inUse;
    }

    /** Number of waiters queued. */
    public synchronized int waiting() {
        expireAbandoned(System.nanoTime());
        return queue.size();
    }

    /**
     * Takes a permit if one is free and no earlier waiter is queued; otherwise queues {@code waiter} (once)
     * and returns empty. Never blocks.
     */
    public synchronized Optional<Permit> tryAcquire(Object waiter) {
        long now = System.nanoTime();
        expireAbandoned(now);
        Waiter me = null;
        for (Waiter w : queue) {
            if (w.owner == waiter) {
                me = w;
                break;
            }
        }
        if (inUse < permits && (queue.isEmpty() || queue.peekFirst() == me)) {
            if (me != null) {
                queue.remove(me);
            }
            inUse++;
            return Optional.of(new Permit());
        }
        if (me == null) {
            me = new Waiter(waiter);
            queue.addLast(me);
        }
        me.lastSeen = now;
        return Optional.empty();
    }

    /**
     * Blocks until a permit is free (first come, first served).
     *
     * @param maxWait give up after this long
     * @param onWait called once, before waiting, with a message saying how many permits are taken
     * @throws TimeoutException when no permit was free within {@code maxWait}
     */
    public Permit acquire(Duration maxWait, Consumer<String> onWait) throws InterruptedException, TimeoutException {
        Object token = new Object();
        long deadline = System.nanoTime() + maxWait.toNanos();
        boolean reported = false;
        synchronized (this) {
            try {
                while (true) {
                    Optional<Permit> p = tryAcquire(token);
                    if (p.isPresent()) {
                        return p.get();
                    }
                    if (!reported && onWait != null) {
                        reported = true;
                        onWait.accept(describeWait());
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException("no REST session permit for " + arrayKey + " within " + maxWait
                                + " (" + inUse + " of " + permits + " in use)");
                    }
                    // Wake up regularly to refresh our place in the queue.
                    long ms = Math.min(Math.max(1, left / 1_000_000), ABANDON_AFTER.toMillis() / 3);
                    wait(ms);
                }
            } finally {
                // On timeout or interrupt, leave the queue so that others are not held up.
                queue.removeIf(w -> w.owner == token);
                notifyAll();
            }
        }
    }

    /** Removes a non-blocking waiter from the queue (it gave up, was cancelled, or timed out). */
    public synchronized void leaveQueue(Object waiter) {
        if (queue.removeIf(w -> w.owner == waiter)) {
            notifyAll();
        }
    }

    /** "waiting for a REST session permit (8 of 8 in use, 3 waiting)". */
    public synchronized String describeWait() {
        return "waiting for a REST session permit for " + arrayKey + " (" + inUse + " of " + permits + " in use, "
                + queue.size() + " waiting)";
    }

    private void expireAbandoned(long now) {
        queue.removeIf(w -> now - w.lastSeen > ABANDON_AFTER.toNanos());
    }

    private synchronized void release() {
        inUse--;
        notifyAll();
    }

    /** One permit; {@link #close()} returns it (idempotent). */
    public final class Permit implements AutoCloseable {
        private boolean released;

        private Permit() {
        }

        /** The budget this permit belongs to. */
        public SessionBudget budget() {
            return SessionBudget.this;
        }

        @Override
        public void close() {
            synchronized (SessionBudget.this) {
                if (released) {
                    return;
                }
                released = true;
            }
            release();
        }
    }

    private static final class Waiter {
        final Object owner;
        long lastSeen = System.nanoTime();

        Waiter(Object owner) {
            this.owner = owner;
        }
    }
}
