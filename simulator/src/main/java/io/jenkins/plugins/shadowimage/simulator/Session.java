package io.jenkins.plugins.shadowimage.simulator;

/** A REST session. The token never leaves this class except in the create response. */
final class Session {
    private final int sessionId;
    private final String token;
    private final String userId;
    private final boolean administrator;
    private final String ipAddress;
    private final long createdReal;
    private final int aliveTimeSeconds;
    private final int authenticationTimeoutSeconds;
    private volatile long lastAccessReal;

    Session(int sessionId, String token, String userId, boolean administrator, String ipAddress, long createdReal,
            int aliveTimeSeconds, int authenticationTimeoutSeconds) {
        this.sessionId = sessionId;
        this.token = token;
        this.userId = userId;
        this.administrator = administrator;
        this.ipAddress = ipAddress;
        this.createdReal = createdReal;
        this.lastAccessReal = createdReal;
        this.aliveTimeSeconds = aliveTimeSeconds;
        this.authenticationTimeoutSeconds = authenticationTimeoutSeconds;
    }

    int sessionId() { return sessionId; }
    String token() { return token; }
    String userId() { return userId; }
    boolean administrator() { return administrator; }
    String ipAddress() { return ipAddress; }
    long createdReal() { return createdReal; }
    long lastAccessReal() { return lastAccessReal; }
    int aliveTimeSeconds() { return aliveTimeSeconds; }
    int authenticationTimeoutSeconds() { return authenticationTimeoutSeconds; }

    void touch(long now) {
        lastAccessReal = now;
    }

    boolean expired(long now, int graceSeconds) {
        return now - lastAccessReal >= (aliveTimeSeconds + (long) graceSeconds) * 1_000_000_000L;
    }

    @Override
    public String toString() {
        return "Session[" + sessionId + ", user=" + userId + "]";
    }
}
