package io.jenkins.plugins.shadowimage.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * {@code Authorization: Session <token>} or {@code Basic ...} (spec §2). A Basic-authenticated request holds a
 * transient session slot while it runs (when so configured), so it counts against the session cap.
 */
final class Authenticator {
    private final SimulatorCore core;

    Authenticator(SimulatorCore core) {
        this.core = core;
    }

    static boolean hasScheme(String header, String scheme) {
        return header.length() > scheme.length() && header.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1);
    }

    /** The user whose credentials this Basic header carries; 401 otherwise. Compares in constant time. */
    SimulatorConfig.User checkBasic(String header) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.trim().substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Errors.badCredentials();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw Errors.badCredentials();
        }
        String user = decoded.substring(0, colon);
        byte[] password = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        for (SimulatorConfig.User u : core.config.users()) {
            if (u.name().equals(user) && MessageDigest.isEqual(u.password().getBytes(StandardCharsets.UTF_8), password)) {
                return u;
            }
        }
        throw Errors.badCredentials();
    }

    /** Authenticates {@code req} and records the caller on it; 401 when that fails, 503 at the session cap. */
    RestRequest.Caller authenticate(RestRequest req) {
        String h = req.header("Authorization");
        if (h == null) {
            throw Errors.missingAuthorization();
        }
        h = h.trim();
        if (hasScheme(h, "Session")) {
            Session s = core.sessions.authenticate(h.substring(8).trim());
            req.caller = new RestRequest.Caller(s.userId(), s.administrator(), s);
            return req.caller;
        }
        if (hasScheme(h, "Basic")) {
            if (!core.config.basicAuthOnEveryEndpoint()) {
                throw Errors.missingAuthorization();
            }
            SimulatorConfig.User u = checkBasic(h);
            if (core.config.basicAuthCountsAgainstSessionLimit()) {
                core.sessions.acquireTransient();
                req.transientSlot = true;
            }
            req.caller = new RestRequest.Caller(u.name(), u.administrator(), null);
            return req.caller;
        }
        throw Errors.missingAuthorization();
    }
}
