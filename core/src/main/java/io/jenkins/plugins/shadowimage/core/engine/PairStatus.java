package io.jenkins.plugins.shadowimage.core.engine;

import java.util.Locale;
import java.util.Set;

/**
 * How the engine reads the REST status values (spec §5). Unknown values are treated as transitional:
 * the engine keeps polling until the deadline.
 */
final class PairStatus {
    static final String PAIR = "PAIR";
    static final String PSUS = "PSUS";
    static final String COPY = "COPY";
    static final String RCPY = "RCPY";
    static final String PSUE = "PSUE";
    /** Pseudo-status of a deleted pair. */
    static final String GONE = "GONE";
    /** Pseudo-target: wait until the pair leaves a transitional status, then check again. */
    static final String SETTLED = "SETTLED";

    private static final Set<String> SPLIT = Set.of("PSUS", "SSUS", "PSUP", "SSUP");
    private static final Set<String> STABLE = Set.of("PAIR", "PSUS", "SSUS", "PSUE", "SMPL");

    private PairStatus() {
    }

    static String norm(String s) {
        return s == null ? null : s.trim().toUpperCase(Locale.ROOT);
    }

    /** PSUS/SSUS, including the quick-split forms PSUP/SSUP (Cinder maps them to PSUS). */
    static boolean isSplit(String s) {
        return s != null && SPLIT.contains(norm(s));
    }

    static boolean isPair(String s) {
        return PAIR.equals(norm(s));
    }

    static boolean isSuspendedByError(String s) {
        return PSUE.equals(norm(s));
    }

    static boolean isCopy(String s) {
        return COPY.equals(norm(s));
    }

    static boolean isRestoring(String s) {
        return RCPY.equals(norm(s));
    }

    /** COPY, RCPY or anything unknown. */
    static boolean isTransitional(String s) {
        return s == null || !STABLE.contains(norm(s));
    }
}
