package io.jenkins.plugins.shadowimage.core.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sessions that a finished unit of work left for the next one of this JVM, for at most
 * {@link ClientOptions#sessionLinger()} (far below {@code aliveTime}); then they are discarded. They keep
 * their budget permit while idle. Only a unit of work with the same array and the same credentials (an
 * in-memory keyed hash of user and password, never persisted) may take one, so a session never lends
 * rights that the taker's own credentials do not give.
 */
final class SharedSessions {
    private static final byte[] KEY = new byte[32];
    private static final Map<String, Deque<Idle>> IDLE = new HashMap<>();
    private static final ScheduledThreadPoolExecutor REAPER;

    static {
        new SecureRandom().nextBytes(KEY);
        REAPER = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "shadowimage-session-reaper");
            t.setDaemon(true);
            return t;
        });
        REAPER.setRemoveOnCancelPolicy(true);
        // A process that exits without closing its clients (a CLI run, a test) still discards its idle sessions.
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(SharedSessions::discardAll, "shadowimage-session-discard"));
        } catch (IllegalStateException e) {
            // First used while the JVM is already shutting down: nothing will be left idle for long anyway.
        }
    }

    private static void discardAll() {
        List<Idle> all = new ArrayList<>();
        synchronized (IDLE) {
            IDLE.values().forEach(all::addAll);
            IDLE.clear();
        }
        for (Idle i : all) {
            i.owner().discard(i.token(), i.sessionId(), i.permit());
        }
    }

    private SharedSessions() {
    }

    /** An idle session. */
    record Idle(String key, String token, long sessionId, SessionBudget.Permit permit, VspClient owner) {
        @Override
        public String toString() {
            return "Idle[sessionId=" + sessionId + "]";
        }
    }

    static String fingerprint(String arrayKey, UserCredentials c) {
        char[] pw = c.password();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            mac.update(arrayKey.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(c.user().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] pwBytes = new String(pw).getBytes(StandardCharsets.UTF_8);
            mac.update(pwBytes);
            java.util.Arrays.fill(pwBytes, (byte) 0);
            return arrayKey + "|" + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
    }

    static Idle take(String key) {
        synchronized (IDLE) {
            Deque<Idle> q = IDLE.get(key);
            Idle i = q == null ? null : q.pollLast();
            if (q != null && q.isEmpty()) {
                IDLE.remove(key);
            }
            return i;
        }
    }

    /** Takes any idle session of this array, whatever its credentials (to reclaim its permit). */
    static Idle takeAny(String arrayKey) {
        synchronized (IDLE) {
            for (Iterator<Map.Entry<String, Deque<Idle>>> it = IDLE.entrySet().iterator(); it.hasNext();) {
                Map.Entry<String, Deque<Idle>> e = it.next();
                if (e.getKey().startsWith(arrayKey + "|")) {
                    Idle i = e.getValue().pollFirst();
                    if (e.getValue().isEmpty()) {
                        it.remove();
                    }
                    if (i != null) {
                        return i;
                    }
                }
            }
            return null;
        }
    }

    /** Runs {@code task} soon on the reaper thread (work that must not run on the caller's thread). */
    static void later(Runnable task) {
        REAPER.execute(task);
    }

    /** Runs {@code task} on the reaper thread after {@code delay}. */
    static void later(Runnable task, Duration delay) {
        REAPER.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    static void offer(Idle idle, Duration linger) {
        synchronized (IDLE) {
            IDLE.computeIfAbsent(idle.key(), k -> new ArrayDeque<>()).addLast(idle);
        }
        REAPER.schedule(() -> {
            if (remove(idle)) {
                idle.owner().discard(idle.token(), idle.sessionId(), idle.permit());
            }
        }, linger.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes {@code idle} back before anyone uses it; false when a step took it or the reaper discarded it. */
    static boolean withdraw(Idle idle) {
        return remove(idle);
    }

    private static boolean remove(Idle idle) {
        synchronized (IDLE) {
            Deque<Idle> q = IDLE.get(idle.key());
            if (q == null) {
                return false;
            }
            boolean removed = q.removeIf(i -> i == idle);
            if (q.isEmpty()) {
                IDLE.remove(idle.key());
            }
            return removed;
        }
    }

    /** Removes and returns the idle sessions owned by {@code owner}. */
    static List<Idle> drain(VspClient owner) {
        List<Idle> out = new ArrayList<>();
        synchronized (IDLE) {
            for (Iterator<Deque<Idle>> it = IDLE.values().iterator(); it.hasNext();) {
                Deque<Idle> q = it.next();
                q.removeIf(i -> {
                    if (i.owner() == owner) {
                        out.add(i);
                        return true;
                    }
                    return false;
                });
                if (q.isEmpty()) {
                    it.remove();
                }
            }
        }
        return out;
    }
}
