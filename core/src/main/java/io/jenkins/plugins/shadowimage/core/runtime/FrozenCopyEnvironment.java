package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The environment a frozen copy's body gets: the split's facts, never a secret. */
public final class FrozenCopyEnvironment {

    private FrozenCopyEnvironment() {}

    /** For a pair: its name, id, LDEVs and statuses; for a copy group: its members, space-separated, in one order. */
    public static Map<String, String> of(PairInfo frozen) {
        Map<String, String> env = new LinkedHashMap<>();
        put(env, "SI_COPY_GROUP_NAME", frozen.copyGroupName());
        put(env, "SI_PVOL_DEVICE_GROUP_NAME", frozen.pvolDeviceGroupName());
        put(env, "SI_SVOL_DEVICE_GROUP_NAME", frozen.svolDeviceGroupName());
        put(env, "SI_SPLIT_OUTCOME", frozen.outcome());
        Instant at = frozen.statusObservedAt().get("PSUS");
        put(env, "SI_SPLIT_OBSERVED_AT", at == null ? null : at.toString());
        put(env, "SI_SPLIT_NOT_LATER_THAN", frozen.splitNotLaterThan() == null ? null : frozen.splitNotLaterThan().toString());
        if (frozen.pairs().isEmpty()) {
            put(env, "SI_COPY_PAIR_NAME", frozen.copyPairName());
            put(env, "SI_COPY_PAIR_ID", frozen.localCloneCopypairId());
            put(env, "SI_PVOL_LDEV_ID", frozen.pvolLdevId() == null ? null : frozen.pvolLdevId().toString());
            put(env, "SI_SVOL_LDEV_ID", frozen.svolLdevId() == null ? null : frozen.svolLdevId().toString());
            put(env, "SI_PVOL_STATUS", frozen.pvolStatus());
            put(env, "SI_SVOL_STATUS", frozen.svolStatus());
        } else {
            List<String> names = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            List<String> pvols = new ArrayList<>();
            List<String> svols = new ArrayList<>();
            for (PairInfo p : frozen.pairs()) {
                names.add(p.copyPairName());
                ids.add(p.localCloneCopypairId() == null ? p.target() : p.localCloneCopypairId());
                pvols.add(String.valueOf(p.pvolLdevId()));
                svols.add(String.valueOf(p.svolLdevId()));
            }
            // Space-separated: names and ids never hold blanks.
            put(env, "SI_PAIR_COUNT", String.valueOf(names.size()));
            put(env, "SI_COPY_PAIR_NAMES", String.join(" ", names));
            put(env, "SI_COPY_PAIR_IDS", String.join(" ", ids));
            put(env, "SI_PVOL_LDEV_IDS", String.join(" ", pvols));
            put(env, "SI_SVOL_LDEV_IDS", String.join(" ", svols));
        }
        return env;
    }

    /** The pairs a frozen copy covers: the pair itself, or each member of the group. */
    public static List<String> members(PairInfo frozen) {
        if (frozen.pairs().isEmpty()) {
            return List.of(frozen.copyPairName());
        }
        return frozen.pairs().stream().map(PairInfo::copyPairName).toList();
    }

    private static void put(Map<String, String> env, String k, String v) {
        if (v != null) {
            env.put(k, v);
        }
    }
}
