package io.jenkins.plugins.shadowimage.core.engine;

import io.jenkins.plugins.shadowimage.core.client.ErrorCatalogue;
import io.jenkins.plugins.shadowimage.core.client.KnownError;
import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException.Category;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The engine's results and failure messages: what a user reads when an operation ends. */
public final class Outcomes {
    private Outcomes() {
    }

    /** "split CG1,CG1P_,CG1S_,p1". */
    public static String describe(WorkingState st) {
        return st.type().cliName() + " " + st.target();
    }

    public static String human(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    /**
     * Whether the pair is at the operation's target status. PAIR and split hold only when both volumes are
     * there: during a steady split newer microcode reports P-VOL PSUS while the S-VOL is still COPY (and a
     * resync or restore can show PAIR on the P-VOL first). A pair read without an S-VOL status is judged by
     * its P-VOL.
     */
    public static boolean reached(WorkingState st, CopyPair p) {
        PairStatus pvol = PairStatus.of(p.pvolStatus());
        PairStatus svol = p.svolStatus() == null ? pvol : PairStatus.of(p.svolStatus());
        return switch (st.targetStatus()) {
            case TargetStatus.PAIR -> pvol.isPair() && svol.isPair();
            case TargetStatus.PSUS -> pvol.isSplit() && svol.isSplit();
            case TargetStatus.COPY -> p.pvolStatus() != null && !pvol.isError();
            case TargetStatus.COPYING -> pvol.isCopying() || pvol.isRestoring();
            // A pair listed as SMPL is no pair any more: as good as gone for a wait.
            case TargetStatus.GONE -> pvol == PairStatus.SMPL;
            default -> false;
        };
    }

    /**
     * Neither volume is in a transitional status (copying, restoring, being deleted, unknown); a pair read
     * without an S-VOL status is judged by its P-VOL.
     */
    public static boolean settled(CopyPair p) {
        return !PairStatus.isTransitional(p.pvolStatus())
                && (p.svolStatus() == null || !PairStatus.isTransitional(p.svolStatus()));
    }

    /** "PSUS/COPY", unknown values named as such. */
    public static String statuses(CopyPair p) {
        return PairStatus.describe(p.pvolStatus()) + "/" + PairStatus.describe(p.svolStatus());
    }

    /** "{p1=PSUS/SSUS, p2=PSUS/COPY}", unknown values named as such. */
    public static String memberStatuses(List<CopyPair> pairs) {
        StringBuilder sb = new StringBuilder("{");
        for (CopyPair p : pairs) {
            sb.append(sb.length() == 1 ? "" : ", ").append(p.copyPairName()).append('=').append(statuses(p));
        }
        return sb.append('}').toString();
    }

    /** "PSUS/COPY" from the last observation, unknown values named as such. */
    public static String lastStatuses(WorkingState st) {
        return PairStatus.describe(st.lastPvolStatus())
                + (st.lastSvolStatus() == null ? "" : "/" + PairStatus.describe(st.lastSvolStatus()));
    }


    public static PairInfo info(WorkingState st, Outcome outcome, CopyPair p) {
        PairRequest r = st.request();
        return PairInfo.builder().operation(st.type().cliName()).outcome(outcome.name()).target(st.target()).pair(p)
                .copyGroupName(r.copyGroupName()).copyPairName(r.copyPairName())
                .pvolDeviceGroupName(r.effectivePvolDeviceGroupName())
                .svolDeviceGroupName(r.effectiveSvolDeviceGroupName())
                .observedAt(st.lastObservedAt()).statusObservedAt(st.statusObservedAt()).jobIds(st.jobIds())
                .splitNotLaterThan(st.splitNotLaterThan()).build();
    }

    /**
     * A group result with one entry per pair: its outcome (ALREADY_SPLIT for a pair a group split found split),
     * or FAILED (PSUE), or PENDING.
     */
    public static PairInfo group(WorkingState st, List<CopyPair> pairs, Outcome outcome, Instant now) {
        PairRequest r = st.request();
        boolean allSplitBefore = !pairs.isEmpty()
                && pairs.stream().allMatch(p -> st.alreadySplitMembers().contains(p.copyPairName()));
        PairInfo.Builder b = PairInfo.builder().operation(st.type().cliName()).outcome(outcome.name()).target(st.target())
                .copyGroupName(r.copyGroupName()).pvolDeviceGroupName(r.effectivePvolDeviceGroupName())
                .svolDeviceGroupName(r.effectiveSvolDeviceGroupName()).observedAt(now)
                .statusObservedAt(st.statusObservedAt()).jobIds(st.jobIds())
                .splitNotLaterThan(allSplitBefore ? st.splitNotLaterThan() : null);
        for (CopyPair p : pairs) {
            boolean failed = PairStatus.isSuspendedByError(p.pvolStatus());
            boolean ok = st.targetStatus() != null && reached(st, p);
            boolean splitBefore = st.alreadySplitMembers().contains(p.copyPairName());
            Outcome memberOutcome = failed ? Outcome.FAILED : !ok ? Outcome.PENDING
                    : splitBefore && outcome != Outcome.TIMEOUT ? Outcome.ALREADY_SPLIT : outcome;
            b.addPair(PairInfo.builder().operation(st.type().cliName())
                    .outcome(memberOutcome.name()).splitNotLaterThan(splitBefore ? st.splitNotLaterThan() : null)
                    .target(r.copyGroupName() + "," + r.effectivePvolDeviceGroupName() + ","
                            + r.effectiveSvolDeviceGroupName() + "," + p.copyPairName())
                    .pair(p).copyGroupName(r.copyGroupName()).copyPairName(p.copyPairName())
                    .pvolDeviceGroupName(r.effectivePvolDeviceGroupName())
                    .svolDeviceGroupName(r.effectiveSvolDeviceGroupName()).observedAt(now)
                    .error(failed ? "PSUE (suspended by a failure)" : null).build());
        }
        return b.build();
    }

    public static ShadowImageException timeoutError(WorkingState st, CopyPair p) {
        String where = st.lastPvolStatus() == null && st.lastObservedAt() == null ? "no status observed yet"
                : "the pair is " + lastStatuses(st) + " (P-VOL/S-VOL)" + (st.lastProgress() == null ? ""
                        : " at " + st.lastProgress() + " %") + " (read " + st.lastObservedAt() + ")";
        return new ShadowImageException(Category.TIMEOUT, describe(st) + " did not finish by "
                + st.deadline() + " (phase " + st.phase() + (st.jobId() == null ? "" : ", job " + st.jobId()) + "): "
                + where + ". The array keeps working on it; run the same operation again to keep waiting (it is "
                + "idempotent), with a longer timeout if needed", null, info(st, Outcome.TIMEOUT, p));
    }

    public static ShadowImageException arrayRejected(WorkingState st, VspApiException e) {
        boolean credentials = e.httpStatus() == 401
                || ErrorCatalogue.find(e).map(KnownError::isAuthentication).orElse(false);
        String hint = credentials ? " Check the user name and password of the array credentials."
                : e.httpStatus() == 403 ? " The REST user needs the Storage Administrator (Local Copy) role." : "";
        return new ShadowImageException(Category.REJECTED_BY_ARRAY, describe(st) + " was rejected by the array"
                + (st.lastPvolStatus() == null ? "" : " (pair status " + st.lastPvolStatus() + ")") + ": "
                + e.getMessage() + jobErrorDetails(e) + hint, e, info(st, Outcome.FAILED, null));
    }

    /**
     * The parts of a failed job's error that the message of {@link VspApiException} leaves out:
     * " (solutionType RETRY, detailCode 30000E-2-2E11-2205, errorSource /ConfigurationManager/...)", or "".
     */
    public static String jobErrorDetails(VspApiException e) {
        if (e.jobId() == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        append(sb, "solutionType", e.solutionType());
        append(sb, "detailCode", e.detailCode());
        append(sb, "errorSource", e.errorSource());
        return sb.length() == 0 ? "" : " (" + sb + ")";
    }

    private static void append(StringBuilder sb, String name, String value) {
        if (value != null && !value.isBlank()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(name).append(' ').append(value);
        }
    }

    public static ShadowImageException psue(WorkingState st, CopyPair p, String during) {
        return new ShadowImageException(Category.REJECTED_BY_ARRAY, describe(st) + ": the pair is PSUE (suspended "
                + "by a failure; its S-VOL is not a consistent copy) during " + during + ". Check the array for the "
                + "cause, then resync the pair", null, info(st, Outcome.FAILED, p));
    }

    public static ShadowImageException rejected(WorkingState st, CopyPair p, String why) {
        return new ShadowImageException(Category.REJECTED_BY_ARRAY, describe(st) + ": " + why, null,
                info(st, Outcome.FAILED, p));
    }

    /** Same P-VOL and S-VOL, and the same MU when both sides know it. */
    public static boolean sameVolumes(WorkingState st, CopyPair p) {
        PairRequest r = st.request();
        return Objects.equals(p.pvolLdevId(), r.pvolLdevId()) && Objects.equals(p.svolLdevId(), r.svolLdevId())
                && (r.pvolMuNumber() == null || p.pvolMuNumber() == null || r.pvolMuNumber().equals(p.pvolMuNumber()));
    }

    public static void requireSameVolumes(WorkingState st, CopyPair p) throws ShadowImageException {
        if (!sameVolumes(st, p)) {
            PairRequest r = st.request();
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, describe(st) + ": a pair with this name "
                    + "already exists with other volumes (P-VOL " + p.pvolLdevId() + ", S-VOL " + p.svolLdevId()
                    + ", MU " + p.pvolMuNumber() + "; requested P-VOL " + r.pvolLdevId() + ", S-VOL " + r.svolLdevId()
                    + (r.pvolMuNumber() == null ? "" : ", MU " + r.pvolMuNumber()) + "). Choose another pair name, "
                    + "or delete the existing pair first", null, info(st, Outcome.FAILED, p));
        }
    }

    /** The LDEV ids given to a split, resync, restore or delete guard against acting on the wrong pair. */
    public static void guardLdevs(WorkingState st, CopyPair p) throws ShadowImageException {
        PairRequest r = st.request();
        if ((r.pvolLdevId() != null && !r.pvolLdevId().equals(p.pvolLdevId()))
                || (r.svolLdevId() != null && !r.svolLdevId().equals(p.svolLdevId()))) {
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, describe(st) + ": the pair has P-VOL "
                    + p.pvolLdevId() + " and S-VOL " + p.svolLdevId() + ", not the requested "
                    + (r.pvolLdevId() == null ? "" : "P-VOL " + r.pvolLdevId() + " ")
                    + (r.svolLdevId() == null ? "" : "S-VOL " + r.svolLdevId()) + "; nothing was changed", null,
                    info(st, Outcome.FAILED, p));
        }
    }
}
