package io.jenkins.plugins.shadowimage.core.client;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
 * ones ({@link #tryAcquire(Object, Runnable)}) that come back later with the same waiter object (compared
 * by identity). A non-blocking waiter may leave a wake-up callback: when a permit is returned, the first
 * waiter's callback runs, so that it need not poll. A non-blocking waiter that stops asking loses its place
 * after {@link #ABANDON_AFTER}.
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
    private final LinkedHashMap<Key, Waiter> queue = new LinkedHashMap<>();
    private long lastExpiry = System.nanoTime();

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
    public void setPermits(int n) {
        if (n < 1 || n > MAX_PERMITS) {
            throw new IllegalArgumentException("session budget must be 1.." + MAX_PERMITS + ": " + n);
        }
        Runnable wake;
        synchronized (this) {
            permits = n;
            notifyAll();
            wake = headWakeUp();
        }
        run(wake);
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
        expireAbandoned(System.nanoTime(), true);
        return queue.size();
    }

    /** Whether {@code waiter} may take a permit now: nobody queued, or it is the first in the queue. */
    public synchronized boolean isFirst(Object waiter) {
        expireAbandoned(System.nanoTime(), false);
        if (queue.isEmpty()) {
            return true;
        }
        return queue.keySet().iterator().next().owner == waiter;
    }

    /** Same as {@link #tryAcquire(Object, Runnable)} without a wake-up callback. */
    public Optional<Permit> tryAcquire(Object waiter) {
        return tryAcquire(waiter, null);
    }

    /**
     * Takes a permit if one is free and no earlier waiter is queued; otherwise queues {@code waiter} (once)
     * and returns empty. Never blocks.
     *
     * @param wakeUp run (on the releasing thread; must be quick) when a permit is returned while this waiter
     *     is first in the queue; may be {@code null}
     */
    public synchronized Optional<Permit> tryAcquire(Object waiter, Runnable wakeUp) {
        long now = System.nanoTime();
        expireAbandoned(now, false);
        Key key = new Key(waiter);
        Waiter me = queue.get(key);
        boolean first = queue.isEmpty() || queue.keySet().iterator().next().equals(key);
        if (inUse < permits && first) {
            if (me != null) {
                queue.remove(key);
            }
            inUse++;
            return Optional.of(new Permit());
        }
        if (me == null) {
            me = new Waiter();
            queue.put(key, me);
        }
        me.lastSeen = now;
        me.wakeUp = wakeUp;
        return Optional.empty();
    }

    /**
     * Runs the first waiter's wake-up callback even though no permit is free: an idle shared session (which
     * holds a permit) became available and the waiter may take it over.
     */
    public void wakeFirst() {
        Runnable wake;
        synchronized (this) {
            wake = queue.isEmpty() ? null : queue.values().iterator().next().wakeUp;
            notifyAll();
        }
        run(wake);
    }

    /** Removes a non-blocking waiter from the queue (it gave up, was cancelled, or timed out). */
    public void leaveQueue(Object waiter) {
        Runnable wake;
        synchronized (this) {
            if (queue.remove(new Key(waiter)) == null) {
                return;
            }
            notifyAll();
            wake = inUse < permits ? headWakeUp() : null;
        }
        run(wake);
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
        try {
            synchronized (this) {
                while (true) {
                    Optional<Permit> p = tryAcquire(token, null);
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
            }
        } catch (InterruptedException | TimeoutException | RuntimeException e) {
            // Leave the queue so that others are not held up.
            leaveQueue(token);
            throw e;
        }
    }

    /** "waiting for a REST session permit (8 of 8 in use, 3 waiting)". */
    public synchronized String describeWait() {
        return "waiting for a REST session permit for " + arrayKey + " (" + inUse + " of " + permits + " in use, "
                + queue.size() + " waiting)";
    }

    private void expireAbandoned(long now, boolean force) {
        if (!force && now - lastExpiry < 1_000_000_000L) {
            return;
        }
        lastExpiry = now;
        boolean removed = false;
        for (Iterator<Waiter> it = queue.values().iterator(); it.hasNext();) {
            Waiter w = it.next();
            if (now - w.lastSeen > ABANDON_AFTER.toNanos()) {
                it.remove();
                removed = true;
                if (w.wakeUp != null) {
                    // A waiter that is only slow to come back (a long retry delay) is told to ask again.
                    Runnable wake = w.wakeUp;
                    java.util.concurrent.ForkJoinPool.commonPool().execute(wake);
                }
            }
        }
        if (removed) {
            notifyAll();
        }
    }

    /** The wake-up of the first waiter, if a permit is free for it. Call with the lock held. */
    private Runnable headWakeUp() {
        if (queue.isEmpty() || inUse >= permits) {
            return null;
        }
        return queue.values().iterator().next().wakeUp;
    }

    private static void run(Runnable r) {
        if (r != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // a wake-up is only an optimisation: the waiter polls anyway
            }
        }
    }

    private void release() {
        Runnable wake;
        synchronized (this) {
            inUse--;
            notifyAll();
            wake = headWakeUp();
        }
        run(wake);
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
        long lastSeen = System.nanoTime();
        Runnable wakeUp;
    }

    /** Identity of a waiter object. */
    private static final class Key {
        final Object owner;

        Key(Object owner) {
            this.owner = owner;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.owner == owner;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(owner);
        }
    }
}
