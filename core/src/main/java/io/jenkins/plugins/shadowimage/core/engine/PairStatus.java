package io.jenkins.plugins.shadowimage.core.engine;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A ShadowImage volume status as the REST API reports it (spec §5.1), read from its wire value once by
 * {@link #of(String)}. The Storage Navigator sub-states (such as {@code PSUS(SP)}) are accepted too, since
 * some tools and microcode versions report them. A value this class does not know is {@link #UNKNOWN}: the
 * engine keeps the raw text (it is in the pair it read) to name it, and treats it as transitional (keeps
 * polling until the deadline).
 */
public enum PairStatus {
    SMPL("SMPL", Kind.UNPAIRED, "not paired"),
    COPY("COPY", Kind.COPYING, "copying (initial copy, steady split or resync in progress)"),
    COPY_PD("COPY(PD)", Kind.COPYING, "initial copy in progress"),
    COPY_SP("COPY(SP)", Kind.COPYING, "steady split in progress"),
    COPY_RS("COPY(RS)", Kind.COPYING, "resync in progress"),
    COPY_RS_R("COPY(RS-R)", Kind.RESTORING, "restore in progress"),
    /** Copy in progress, as some newer outputs report it. */
    CPYP("CPYP", Kind.COPYING, "copy in progress"),
    PAIR("PAIR", Kind.PAIRED, "synchronized"),
    /** Thin Image pool over its threshold while paired (Cinder maps it to PAIR). */
    PFUL("PFUL", Kind.PAIRED, "synchronized, pool over its threshold"),
    PSUS("PSUS", Kind.SPLIT, "split"),
    SSUS("SSUS", Kind.SPLIT, "split (S-VOL)"),
    /** Quick split: the S-VOL is already split (read/write) while the background copy runs. */
    PSUS_SP("PSUS(SP)", Kind.SPLIT, "split, quick-split background copy running"),
    SSUS_SP("SSUS(SP)", Kind.SPLIT, "split (S-VOL), quick-split background copy running"),
    /** Quick split in progress, as newer outputs report it (Cinder maps it to PSUS). */
    PSUP("PSUP", Kind.SPLIT, "split, quick-split background copy running"),
    SSUP("SSUP", Kind.SPLIT, "split (S-VOL), quick-split background copy running"),
    /** Thin Image pool full while split (Cinder maps it to PSUS). */
    PFUS("PFUS", Kind.SPLIT, "split, pool full"),
    /** S-VOL suspended and writable after a swap (an S-VOL-side split status). */
    SSWS("SSWS", Kind.SPLIT, "split (S-VOL, swapped)"),
    PSUE("PSUE", Kind.ERROR, "suspended by a failure; the S-VOL is not a consistent copy"),
    RCPY("RCPY", Kind.RESTORING, "restore in progress"),
    SMPP("SMPP", Kind.DELETING, "being deleted"),
    SMPL_PD("SMPL(PD)", Kind.DELETING, "being deleted"),
    /** Absent, empty or a value this class does not know. */
    UNKNOWN(null, Kind.UNKNOWN, "a status this tool does not know");

    /** What a status means for the engine's decisions. */
    enum Kind { UNPAIRED, COPYING, PAIRED, SPLIT, ERROR, RESTORING, DELETING, UNKNOWN }

    private static final Map<String, PairStatus> BY_WIRE = new HashMap<>();

    static {
        for (PairStatus s : values()) {
            if (s.wire != null) {
                BY_WIRE.put(s.wire, s);
            }
        }
    }

    private final String wire;
    private final Kind kind;
    private final String meaning;

    PairStatus(String wire, Kind kind, String meaning) {
        this.wire = wire;
        this.kind = kind;
        this.meaning = meaning;
    }

    /** The status of a wire value (case and surrounding blanks ignored); {@link #UNKNOWN} for anything else. */
    public static PairStatus of(String raw) {
        if (raw == null) {
            return UNKNOWN;
        }
        PairStatus s = BY_WIRE.get(raw.trim().toUpperCase(Locale.ROOT));
        return s == null ? UNKNOWN : s;
    }

    /** The REST value, e.g. {@code PSUS(SP)}; {@code null} for {@link #UNKNOWN}. */
    public String wire() { return wire; }

    /** What it means, for messages: "split, pool full". */
    public String meaning() { return meaning; }

    /** Split: the S-VOL holds a frozen copy (PSUS, SSUS, the quick-split forms, PFUS, SSWS). */
    public boolean isSplit() { return kind == Kind.SPLIT; }

    /** PAIR (or PFUL): synchronized. */
    public boolean isPair() { return kind == Kind.PAIRED; }

    /** PSUE: suspended by a failure. */
    public boolean isError() { return kind == Kind.ERROR; }

    /** A copy from P-VOL to S-VOL is running (COPY and its sub-states). */
    public boolean isCopying() { return kind == Kind.COPYING; }

    /** RCPY: a restore (S-VOL to P-VOL) is running. */
    public boolean isRestoring() { return kind == Kind.RESTORING; }

    /** SMPP, SMPL(PD): the pair is being deleted. */
    public boolean isDeleting() { return kind == Kind.DELETING; }

    public boolean isUnknown() { return kind == Kind.UNKNOWN; }

    /** Will change by itself: copying, restoring, being deleted, or unknown (so the engine keeps polling). */
    public boolean isTransitional() {
        return kind == Kind.COPYING || kind == Kind.RESTORING || kind == Kind.DELETING || kind == Kind.UNKNOWN;
    }

    /**
     * How a raw wire value reads in a message: the value itself, followed by its meaning when it is unknown
     * (so that a user sees at once that the engine did not recognise it).
     */
    public static String describe(String raw) {
        PairStatus s = of(raw);
        if (s != UNKNOWN) {
            return raw.trim();
        }
        return (raw == null || raw.isBlank() ? "no status" : "\"" + raw + "\"") + " (" + UNKNOWN.meaning + ")";
    }

    // Wire-value forms of the predicates, for statuses kept as text (persisted state, pair fields).

    static boolean isSplit(String raw) { return of(raw).isSplit(); }

    static boolean isPair(String raw) { return of(raw).isPair(); }

    static boolean isSuspendedByError(String raw) { return of(raw).isError(); }

    /** COPY and its sub-states (not RCPY). */
    static boolean isCopy(String raw) { return of(raw).isCopying(); }

    static boolean isRestoring(String raw) { return of(raw).isRestoring(); }

    static boolean isTransitional(String raw) { return of(raw).isTransitional(); }

    static boolean isDeleting(String raw) { return of(raw).isDeleting(); }
}
