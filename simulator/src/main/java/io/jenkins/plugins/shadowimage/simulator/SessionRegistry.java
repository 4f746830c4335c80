package io.jenkins.plugins.shadowimage.simulator;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sessions of one storage system: at most {@code sessionLimit} at once (spec §2.2), shared with the transient
 * sessions that Basic-authenticated requests hold while they run. Idle sessions expire after their aliveTime
 * (plus a configurable grace), measured on the unscaled clock.
 */
final class SessionRegistry {
    private final SimClock clock;
    private final int limit;
    private final int graceSeconds;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byToken = new LinkedHashMap<>();
    private int transientCount;
    private int nextId = 1;
    /** Every token handed out (the latest ones), so that tests can search a client's output for them. */
    private final java.util.ArrayDeque<String> issued = new java.util.ArrayDeque<>();
    private static final int ISSUED_KEPT = 100_000;

    SessionRegistry(SimClock clock, int limit, int graceSeconds) {
        this.clock = clock;
        this.limit = limit;
        this.graceSeconds = graceSeconds;
    }

    synchronized Session create(String userId, boolean admin, String ip, int aliveTime, int authenticationTimeout) {
        purgeExpired();
        if (byToken.size() + transientCount >= limit) {
            throw Errors.sessionLimit(limit);
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        Session s = new Session(nextId++, token, userId, admin, ip, clock.realNanos(), aliveTime, authenticationTimeout);
        byToken.put(token, s);
        issued.addLast(token);
        if (issued.size() > ISSUED_KEPT) {
            issued.removeFirst();
        }
        return s;
    }

    synchronized List<String> issuedTokens() {
        return new ArrayList<>(issued);
    }

    /** The live session of this token, its idle timer reset; 401 when unknown or expired. */
    synchronized Session authenticate(String token) {
        Session s = byToken.get(token);
        long now = clock.realNanos();
        if (s == null) {
            throw Errors.invalidToken();
        }
        if (s.expired(now, graceSeconds)) {
            byToken.remove(token);
            throw Errors.invalidToken();
        }
        s.touch(now);
        return s;
    }

    /** Takes a transient slot for one Basic-authenticated request; 503 at the cap. */
    synchronized void acquireTransient() {
        purgeExpired();
        if (byToken.size() + transientCount >= limit) {
            throw Errors.sessionLimit(limit);
        }
        transientCount++;
    }

    synchronized void releaseTransient() {
        transientCount--;
    }

    synchronized Session byId(int id) {
        purgeExpired();
        for (Session s : byToken.values()) {
            if (s.sessionId() == id) {
                return s;
            }
        }
        return null;
    }

    synchronized boolean discard(Session s) {
        return byToken.remove(s.token(), s);
    }

    synchronized List<Session> list() {
        purgeExpired();
        return new ArrayList<>(byToken.values());
    }

    synchronized int count() {
        purgeExpired();
        return byToken.size();
    }

    synchronized void expireAll() {
        byToken.clear();
    }

    private void purgeExpired() {
        long now = clock.realNanos();
        byToken.values().removeIf(s -> s.expired(now, graceSeconds));
    }
}
