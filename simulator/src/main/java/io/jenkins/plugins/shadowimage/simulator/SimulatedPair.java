package io.jenkins.plugins.shadowimage.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One ShadowImage pair and its state machine (spec §5.3). Copy progress is a function of simulated time: a
 * transitional phase knows when it started, from which percentage, and when it ends; {@link #advance(long)}
 * moves the pair on when that moment has passed. Not thread-safe: {@link StorageState} guards every pair.
 */
final class SimulatedPair {

    /** Internal (Storage Navigator) sub-states; {@link #pvolStatus} projects them onto REST values. */
    enum Phase {
        COPY_INITIAL("COPY(PD)", true),
        PAIR("PAIR", false),
        COPY_SPLIT("COPY(SP)", true),
        PSUS_QUICK("PSUS(SP)", true),
        PSUS("PSUS", false),
        COPY_RESYNC("COPY(RS)", true),
        RCPY("COPY(RS-R)", true),
        PSUE("PSUE", false),
        /** Being deleted: listed until {@link StorageState} removes it; every operation is refused. */
        DELETING("SMPL(PD)", false);

        final String navigatorName;
        final boolean transitional;

        Phase(String navigatorName, boolean transitional) {
            this.navigatorName = navigatorName;
            this.transitional = transitional;
        }

        Phase whenCopied() {
            switch (this) {
                case COPY_INITIAL:
                case COPY_RESYNC:
                case RCPY:
                    return PAIR;
                case COPY_SPLIT:
                case PSUS_QUICK:
                    return PSUS;
                default:
                    return this;
            }
        }
    }

    private final SimulatedGroup group;
    private final String name;
    private final int pvol;
    private final int svol;
    private final int mu;
    private final long blocks;
    private final int consistencyGroupId;
    private int pace;
    private Phase phase;
    private long copyStart;
    private long copyEnd;
    private int startPercent;
    private int frozenPercent = 100;
    /** Simulated instant at which the REST-visible status last changed. */
    private long statusSince;
    /** While DELETING: the simulated instant at which the pair is gone, and the status it reports until then. */
    private long deletedAt = -1;
    private String deletingStatus;
    /** Statuses to report instead of the real ones (fault injection), or null. */
    private String[] reportedOverride;
    /** Simulated time the S-VOL keeps its copying status after a copy ends (config svolStatusLag). */
    private final long svolLagNanos;
    /** After a copy ended: the S-VOL reports {@link #svolLagStatus} until this simulated instant. */
    private long svolLagUntil = Long.MIN_VALUE;
    private String svolLagStatus;

    SimulatedPair(SimulatedGroup group, String name, int pvol, int svol, int mu, long blocks, int pace, int consistencyGroupId) {
        this(group, name, pvol, svol, mu, blocks, pace, consistencyGroupId, 0);
    }

    SimulatedPair(SimulatedGroup group, String name, int pvol, int svol, int mu, long blocks, int pace, int consistencyGroupId,
            long svolLagNanos) {
        this.svolLagNanos = svolLagNanos;
        this.group = group;
        this.name = name;
        this.pvol = pvol;
        this.svol = svol;
        this.mu = mu;
        this.blocks = blocks;
        this.pace = pace;
        this.consistencyGroupId = consistencyGroupId;
    }

    /** Simulated instant from which the pair appears in its group's pair list (config pairListLag). */
    private long listedFrom = Long.MIN_VALUE;

    long listedFrom() { return listedFrom; }
    void listedFrom(long simNanos) { this.listedFrom = simNanos; }
    SimulatedGroup group() { return group; }
    String name() { return name; }
    int pvol() { return pvol; }
    int svol() { return svol; }
    int mu() { return mu; }
    Phase phase() { return phase; }
    int pace() { return pace; }

    String id() {
        return group.id() + "," + name;
    }

    /** Simulated instant at which the current transitional phase ends (or {@code now} when settled). */
    long settlesAt(long now) {
        if (phase.transitional) {
            Phase next = phase.whenCopied();
            boolean lags = !svolStatus(phase, false).equals(svolStatus(next, false));
            return Math.max(now, copyEnd + (lags ? svolLagNanos : 0));
        }
        return Math.max(now, svolLagUntil);
    }

    void advance(long now) {
        if (phase.transitional && now >= copyEnd) {
            String svolBefore = svolStatus(phase, false);
            changeTo(phase.whenCopied(), copyEnd);
            frozenPercent = 100;
            if (svolLagNanos > 0 && !svolBefore.equals(svolStatus(phase, false))) {
                // Newer microcode: the P-VOL reaches PSUS (or PAIR) while the S-VOL still reports COPY (or RCPY).
                svolLagStatus = svolBefore;
                svolLagUntil = copyEnd + svolLagNanos;
            }
        }
    }

    private void changeTo(Phase next, long at) {
        if (phase == null || !pvolStatus(phase, false).equals(pvolStatus(next, false))) {
            statusSince = at;
        }
        phase = next;
        svolLagUntil = Long.MIN_VALUE;
    }

    long statusSince() {
        return statusSince;
    }

    /** Simulated instant at which the running copy ends, or -1 when the pair is settled. */
    long transitionEndsAt() {
        return phase.transitional ? copyEnd : -1;
    }

    int progress(long now) {
        if (!phase.transitional) {
            return frozenPercent;
        }
        if (copyEnd <= copyStart) {
            return 100;
        }
        double done = (double) (now - copyStart) / (copyEnd - copyStart);
        int p = startPercent + (int) Math.floor((100 - startPercent) * Math.min(1.0, Math.max(0.0, done)));
        return Math.min(99, p);
    }

    /** Enters a transitional phase copying from {@code fromPercent} to 100 at the pair's pace. */
    void startCopy(Phase transitional, int fromPercent, long now, double mibPerSecondPerPace) {
        int from = Math.max(0, Math.min(100, fromPercent));
        double bytes = blocks * 512.0 * (100 - from) / 100.0;
        double bytesPerSecond = mibPerSecondPerPace * 1024 * 1024 * pace;
        long nanos = (long) Math.ceil(bytes / bytesPerSecond * 1e9);
        changeTo(transitional, now);
        this.startPercent = from;
        this.copyStart = now;
        this.copyEnd = now + nanos;
        advance(now);
    }

    void settle(Phase settled, int percent, long now) {
        changeTo(settled, now);
        this.frozenPercent = percent;
    }

    /** Enters the deleting sub-state: the pair reports {@code status} until {@code until}, then is gone. */
    void startDelete(long now, long until, String status) {
        this.deletingStatus = status;
        changeTo(Phase.DELETING, now);
        this.deletedAt = until;
    }

    /** Whether the pair's deletion has ended by {@code now} (it must no longer exist). */
    boolean deletedBy(long now) {
        return phase == Phase.DELETING && now >= deletedAt;
    }

    void setPace(Integer newPace) {
        if (newPace != null) {
            this.pace = newPace;
        }
    }

    String pvolStatus(boolean psup) {
        return phase == Phase.DELETING ? deletingStatus : pvolStatus(phase, psup);
    }

    private static String pvolStatus(Phase phase, boolean psup) {
        switch (phase) {
            case COPY_INITIAL:
            case COPY_SPLIT:
            case COPY_RESYNC:
                return "COPY";
            case PAIR:
                return "PAIR";
            case PSUS_QUICK:
                return psup ? "PSUP" : "PSUS";
            case PSUS:
                return "PSUS";
            case RCPY:
                return "RCPY";
            case PSUE:
                return "PSUE";
            case DELETING:
                return "SMPP";
            default:
                throw new IllegalStateException(phase.name());
        }
    }

    String svolStatus(boolean psup, long now) {
        if (now < svolLagUntil && phase != Phase.DELETING) {
            return svolLagStatus;
        }
        return phase == Phase.DELETING ? deletingStatus : svolStatus(phase, psup);
    }

    private static String svolStatus(Phase phase, boolean psup) {
        switch (phase) {
            case PSUS_QUICK:
                return psup ? "SSUP" : "SSUS";
            case PSUS:
                return "SSUS";
            default:
                return pvolStatus(phase, psup);
        }
    }

    /** Reports these statuses instead of the real ones (the state machine runs on underneath); null clears. */
    void overrideReportedStatus(String pvolStatus, String svolStatus) {
        this.reportedOverride = pvolStatus == null ? null : new String[] {pvolStatus, svolStatus};
    }

    ObjectNode toJson(long now, boolean psup) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("localCloneCopypairId", id());
        n.put("copyGroupName", group.name());
        n.put("copyPairName", name);
        n.put("replicationType", "SI");
        n.put("copyMode", "NotSnapshot");
        n.put("copyProgressRate", progress(now));
        n.put("pvolLdevId", pvol);
        n.put("pvolMuNumber", mu);
        n.put("pvolStatus", reportedOverride != null ? reportedOverride[0] : pvolStatus(psup));
        n.put("svolLdevId", svol);
        n.put("svolStatus", reportedOverride != null ? reportedOverride[1] : svolStatus(psup, now));
        n.put("consistencyGroupId", consistencyGroupId);
        n.put("pvolDifferenceDataManagement", "S");
        n.put("svolDifferenceDataManagement", "S");
        n.put("pvolProcessingStatus", "N");
        n.put("svolProcessingStatus", "N");
        return n;
    }
}
