package io.jenkins.plugins.shadowimage.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * LDEVs, copy groups and pairs of the simulated storage system. Every method takes the one monitor of this
 * object, so concurrent clients see each operation whole. Operations check everything first and change state
 * only when they are accepted; a rejection is thrown as an {@link ErrorAnswer} and leaves nothing behind.
 */
final class StorageState {

    /** What an accepted operation touched: object paths (relative to the objects root) and when it settles. */
    record Outcome(List<String> affected, long settlesAt) {
    }

    private final SimulatorConfig config;
    private final SimClock clock;
    private final Map<Integer, SimulatorConfig.Ldev> ldevs = new TreeMap<>();
    private final Map<String, SimulatedGroup> groups = new LinkedHashMap<>();
    /** Pairs by the LDEVs they use (as P-VOL or S-VOL), so checks stay cheap with thousands of pairs. */
    private final Map<Integer, List<SimulatedPair>> pairsByLdev = new HashMap<>();
    /** Pairs in the deleting sub-state (still listed), so that {@link #reap} costs nothing when there are none. */
    private int deleting;

    StorageState(SimulatorConfig config, SimClock clock) {
        this.config = config;
        this.clock = clock;
        reset();
    }

    synchronized void reset() {
        ldevs.clear();
        for (SimulatorConfig.Ldev l : config.ldevs()) {
            ldevs.put(l.id(), l);
        }
        groups.clear();
        pairsByLdev.clear();
        deleting = 0;
    }

    /** Removes the pairs whose deletion has ended (config deleteDuration); called first by every entry point. */
    private void reap() {
        if (deleting == 0) {
            return;
        }
        long now = now();
        for (Iterator<SimulatedGroup> it = groups.values().iterator(); it.hasNext();) {
            SimulatedGroup g = it.next();
            boolean removed = g.pairMap().values().removeIf(p -> {
                if (p.deletedBy(now)) {
                    unindex(p);
                    deleting--;
                    return true;
                }
                return false;
            });
            if (removed && g.pairMap().isEmpty() && config.deleteEmptyGroup()) {
                it.remove();
            }
        }
    }

    private List<SimulatedPair> pairsUsing(int ldevId) {
        return pairsByLdev.getOrDefault(ldevId, List.of());
    }

    private void index(SimulatedPair p) {
        pairsByLdev.computeIfAbsent(p.pvol(), k -> new ArrayList<>()).add(p);
        pairsByLdev.computeIfAbsent(p.svol(), k -> new ArrayList<>()).add(p);
    }

    private void unindex(SimulatedPair p) {
        for (int id : new int[] {p.pvol(), p.svol()}) {
            List<SimulatedPair> l = pairsByLdev.get(id);
            if (l != null) {
                l.remove(p);
                if (l.isEmpty()) {
                    pairsByLdev.remove(id);
                }
            }
        }
    }

    private long now() {
        return clock.simNanos();
    }

    private void advanceAll(long now) {
        for (SimulatedGroup g : groups.values()) {
            for (SimulatedPair p : g.pairMap().values()) {
                p.advance(now);
            }
        }
    }

    private List<SimulatedPair> allPairs() {
        List<SimulatedPair> all = new ArrayList<>();
        for (SimulatedGroup g : groups.values()) {
            all.addAll(g.pairMap().values());
        }
        return all;
    }

    // ---------------------------------------------------------------- LDEVs

    synchronized ObjectNode ldevJson(int id) {
        reap();
        if (id < 0 || id > SimulatorConfig.MAX_LDEV_ID) {
            throw Errors.invalidValue("ldevId", "value must be 0-" + SimulatorConfig.MAX_LDEV_ID);
        }
        SimulatorConfig.Ldev l = ldevs.get(id);
        if (l == null) {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("ldevId", id);
            n.put("emulationType", "NOT DEFINED");
            n.put("ssid", "0004");
            n.put("resourceGroupId", 0);
            return n;
        }
        return ldevJson(l, now());
    }

    synchronized ArrayNode ldevList(int head, int count, String option) {
        reap();
        long now = now();
        ArrayNode data = Json.MAPPER.createArrayNode();
        if ("undefined".equalsIgnoreCase(option)) {
            for (int id = head; id <= SimulatorConfig.MAX_LDEV_ID && data.size() < count; id++) {
                if (!ldevs.containsKey(id)) {
                    data.add(ldevJson(id));
                }
            }
            return data;
        }
        for (SimulatorConfig.Ldev l : ldevs.values()) {
            if (l.id() >= head && data.size() < count) {
                data.add(ldevJson(l, now));
            }
        }
        return data;
    }

    private ObjectNode ldevJson(SimulatorConfig.Ldev l, long now) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("ldevId", l.id());
        n.put("clprId", 0);
        n.put("emulationType", l.emulationType());
        n.put("byteFormatCapacity", byteFormat(l.blockCapacity()));
        n.put("blockCapacity", l.blockCapacity());
        n.put("numOfPorts", 1);
        ArrayNode ports = n.putArray("ports");
        ObjectNode port = ports.addObject();
        port.put("portId", "CL1-A");
        port.put("hostGroupNumber", 1);
        port.put("hostGroupName", "sim-hg");
        port.put("lun", l.id() % 2048);
        ArrayNode attrs = n.putArray("attributes");
        attrs.add("CVS");
        attrs.add("HDP");
        if (!pairsUsing(l.id()).isEmpty()) {
            attrs.add("MRCF");
        }
        n.put("label", "sim-ldev-" + l.id());
        n.put("status", "NML");
        n.put("mpBladeId", l.id() % 4);
        n.put("ssid", "0004");
        n.put("poolId", 0);
        n.put("numOfUsedBlock", 0);
        n.put("isFullAllocationEnabled", false);
        n.put("resourceGroupId", 0);
        n.put("dataReductionStatus", l.capacitySaving() ? "ENABLED" : "DISABLED");
        n.put("dataReductionMode", l.dataReductionMode());
        n.put("isAluaEnabled", false);
        return n;
    }

    static String byteFormat(long blocks) {
        double bytes = blocks * 512.0;
        double t = 1024.0 * 1024 * 1024 * 1024;
        double g = 1024.0 * 1024 * 1024;
        if (bytes >= t) {
            return String.format(Locale.ROOT, "%.2f T", bytes / t);
        }
        if (bytes >= g) {
            return String.format(Locale.ROOT, "%.2f G", bytes / g);
        }
        return String.format(Locale.ROOT, "%.2f M", bytes / (1024.0 * 1024));
    }

    // ---------------------------------------------------------------- lookups

    private SimulatedGroup groupById(String id) {
        String[] parts = id.split(",", -1);
        if (parts.length != 3) {
            return null;
        }
        SimulatedGroup g = groups.get(parts[0]);
        if (g == null || !g.pvolDeviceGroupName().equals(parts[1]) || !g.svolDeviceGroupName().equals(parts[2])) {
            return null;
        }
        return g;
    }

    private SimulatedPair pairById(String id) {
        int last = id.lastIndexOf(',');
        if (last < 0) {
            return null;
        }
        SimulatedGroup g = groupById(id.substring(0, last));
        return g == null ? null : g.pairMap().get(id.substring(last + 1));
    }

    synchronized boolean groupExists(String id) {
        reap();
        return groupById(id) != null;
    }

    synchronized boolean pairExists(String id) {
        reap();
        return pairById(id) != null;
    }

    // ---------------------------------------------------------------- reads

    synchronized ArrayNode groupList() {
        reap();
        ArrayNode data = Json.MAPPER.createArrayNode();
        for (SimulatedGroup g : groups.values()) {
            data.add(groupJson(g, false, 0));
        }
        return data;
    }

    synchronized ObjectNode groupJson(String id) {
        reap();
        SimulatedGroup g = groupById(id);
        if (g == null) {
            throw Errors.notFound("local-clone-copygroups/" + id);
        }
        long now = now();
        advanceAll(now);
        return groupJson(g, true, now);
    }

    private ObjectNode groupJson(SimulatedGroup g, boolean withPairs, long now) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("localCloneCopygroupId", g.id());
        n.put("copyGroupName", g.name());
        n.put("pvolDeviceGroupName", g.pvolDeviceGroupName());
        n.put("svolDeviceGroupName", g.svolDeviceGroupName());
        if (withPairs) {
            ArrayNode pairs = n.putArray("copyPairs");
            for (SimulatedPair p : g.pairMap().values()) {
                pairs.add(p.toJson(now, config.reportPsupDuringQuickSplit()));
            }
            addDegradedEntry(g, pairs);
        }
        return n;
    }

    /** Config groupListDegradedEntry: an entry without LDEV ids, pair name or progress, as some arrays list. */
    private void addDegradedEntry(SimulatedGroup g, ArrayNode pairs) {
        if (config.groupListDegradedEntry() && !g.pairMap().isEmpty()) {
            ObjectNode n = pairs.addObject();
            n.put("localCloneCopypairId", g.id() + ",");
            n.put("copyGroupName", g.name());
            n.put("replicationType", "SI");
            n.put("pvolStatus", "SMPL");
            n.put("svolStatus", "SMPL");
        }
    }

    /** {@code refresh}: the list as of now, also holding pairs created within config pairListLag. */
    synchronized ArrayNode pairList(String groupId, boolean refresh) {
        reap();
        SimulatedGroup g = groupById(groupId);
        ArrayNode data = Json.MAPPER.createArrayNode();
        if (g == null) {
            return data;
        }
        long now = now();
        advanceAll(now);
        for (SimulatedPair p : g.pairMap().values()) {
            if (refresh || p.listedFrom() <= now) {
                data.add(p.toJson(now, config.reportPsupDuringQuickSplit()));
            }
        }
        addDegradedEntry(g, data);
        return data;
    }

    synchronized ObjectNode pairJson(String id) {
        reap();
        SimulatedPair p = pairById(id);
        if (p == null) {
            throw Errors.notFound("local-clone-copypairs/" + id);
        }
        long now = now();
        p.advance(now);
        return p.toJson(now, config.reportPsupDuringQuickSplit());
    }

    /** Every pair, for the admin API. */
    synchronized ArrayNode allPairsJson() {
        reap();
        long now = now();
        advanceAll(now);
        ArrayNode data = Json.MAPPER.createArrayNode();
        for (SimulatedPair p : allPairs()) {
            ObjectNode n = p.toJson(now, config.reportPsupDuringQuickSplit());
            n.put("internalStatus", p.phase().navigatorName);
            n.put("copyPace", p.pace());
            n.put("statusSinceSimNanos", p.statusSince());
            n.put("transitionEndsAtSimNanos", p.transitionEndsAt());
            data.add(n);
        }
        return data;
    }

    /** Fault injection: the pair fails as if the storage had suspended it (PSUE), its copy stopped where it was. */
    synchronized void suspend(String pairId) {
        reap();
        SimulatedPair p = pairById(pairId);
        if (p == null) {
            throw new IllegalArgumentException("no pair " + pairId);
        }
        if (p.phase() == SimulatedPair.Phase.DELETING) {
            throw new IllegalArgumentException("pair " + pairId + " is being deleted");
        }
        long now = now();
        p.advance(now);
        p.settle(SimulatedPair.Phase.PSUE, p.progress(now), now);
    }

    /** Fault injection: report other statuses for this pair (e.g. unknown ones); null restores the real ones. */
    synchronized void overrideReportedStatus(String pairId, String pvolStatus, String svolStatus) {
        reap();
        SimulatedPair p = pairById(pairId);
        if (p == null) {
            throw new IllegalArgumentException("no pair " + pairId);
        }
        p.overrideReportedStatus(pvolStatus, svolStatus == null ? pvolStatus : svolStatus);
    }

    synchronized int pairCount() {
        reap();
        return allPairs().size();
    }

    // ---------------------------------------------------------------- create

    synchronized Outcome create(CreatePairRequest r) {
        reap();
        long now = now();
        advanceAll(now);
        SimulatorConfig.Ldev pvol = ldevs.get(r.pvolLdevId());
        if (pvol == null) {
            throw Errors.ldevNotDefined(r.pvolLdevId());
        }
        SimulatorConfig.Ldev svol = ldevs.get(r.svolLdevId());
        if (svol == null) {
            throw Errors.ldevNotDefined(r.svolLdevId());
        }
        if (pvol.capacitySaving() && !Boolean.TRUE.equals(r.isDataReductionForceCopy())) {
            throw Errors.missingAttribute("isDataReductionForceCopy");
        }
        SimulatedGroup existing = groups.get(r.copyGroupName());
        if (r.isNewGroupCreation() && existing != null) {
            throw Errors.groupExists(r.copyGroupName());
        }
        if (!r.isNewGroupCreation()) {
            if (existing == null) {
                throw Errors.groupMissing(r.copyGroupName());
            }
            if (!existing.pvolDeviceGroupName().equals(r.pvolDeviceGroupName())
                    || !existing.svolDeviceGroupName().equals(r.svolDeviceGroupName())) {
                throw Errors.deviceGroupMismatch(r.copyGroupName());
            }
            if (existing.pairMap().containsKey(r.copyPairName())) {
                throw Errors.pairNameInUse(r.copyPairName());
            }
        }
        if (pvol.blockCapacity() != svol.blockCapacity()) {
            throw Errors.sizeMismatch(r.pvolLdevId(), r.svolLdevId());
        }
        if (!pairsUsing(r.svolLdevId()).isEmpty()) {
            throw Errors.ldevInUse(r.svolLdevId());
        }
        // Cascades (spec §5.3, DOC-BC-MU): the S-VOL of a root pair may be the P-VOL of up to two L2 pairs at MU
        // 1 and 2; the S-VOL of an L2 pair cannot cascade further.
        SimulatedPair parent = parentOf(r.pvolLdevId());
        boolean secondLevel = parent != null;
        if (secondLevel && parentOf(parent.pvol()) != null) {
            throw Errors.ldevInUse(r.pvolLdevId());
        }
        boolean[] muUsed = new boolean[3];
        muUsed[0] = secondLevel;
        int pvolPairs = 0;
        for (SimulatedPair p : pairsUsing(r.pvolLdevId())) {
            if (p.pvol() == r.pvolLdevId()) {
                pvolPairs++;
                muUsed[p.mu()] = true;
                if (existing != null && p.group() == existing) {
                    throw Errors.pvolAlreadyInGroup(r.pvolLdevId(), existing.name());
                }
            }
        }
        if (pvolPairs >= (secondLevel ? 2 : 3)) {
            throw Errors.muExhausted(r.pvolLdevId(), secondLevel ? 2 : 3);
        }
        int mu;
        if (r.pvolMuNumber() != null) {
            mu = r.pvolMuNumber();
            if (muUsed[mu]) {
                throw secondLevel && mu == 0 ? Errors.cascadeMu(r.pvolLdevId()) : Errors.muInUse(r.pvolLdevId(), mu);
            }
        } else {
            mu = 0;
            while (muUsed[mu]) {
                mu++;
            }
        }
        SimulatedGroup g = existing;
        if (g == null) {
            g = new SimulatedGroup(r.copyGroupName(), r.pvolDeviceGroupName(), r.svolDeviceGroupName());
            groups.put(g.name(), g);
        }
        int pace = r.copyPace() != null ? r.copyPace() : config.defaultCopyPace();
        SimulatedPair p = new SimulatedPair(g, r.copyPairName(), r.pvolLdevId(), r.svolLdevId(), mu, pvol.blockCapacity(), pace,
                r.consistencyGroupId() != null ? r.consistencyGroupId() : -1, config.svolStatusLag().toNanos());
        g.pairMap().put(p.name(), p);
        p.listedFrom(now + config.pairListLag().toNanos());
        index(p);
        double rate = config.copyRateMiBPerSecondPerPace();
        if (!r.autoSplit()) {
            p.startCopy(SimulatedPair.Phase.COPY_INITIAL, 0, now, rate);
        } else if (r.quickMode()) {
            p.startCopy(SimulatedPair.Phase.PSUS_QUICK, 0, now, rate);
        } else {
            p.startCopy(SimulatedPair.Phase.COPY_SPLIT, 0, now, rate);
        }
        return new Outcome(List.of("local-clone-copypairs/" + p.id()), p.settlesAt(now));
    }

    // ---------------------------------------------------------------- actions

    synchronized Outcome pairAction(String pairId, ActionRequest a) {
        reap();
        SimulatedPair p = pairById(pairId);
        if (p == null) {
            throw Errors.notFound("local-clone-copypairs/" + pairId);
        }
        long now = now();
        p.advance(now);
        Runnable apply = plan(p, a, now);
        apply.run();
        return new Outcome(List.of("local-clone-copypairs/" + p.id()), p.settlesAt(now));
    }

    synchronized Outcome groupAction(String groupId, ActionRequest a) {
        reap();
        SimulatedGroup g = groupById(groupId);
        if (g == null) {
            throw Errors.notFound("local-clone-copygroups/" + groupId);
        }
        long now = now();
        advanceAll(now);
        List<Runnable> plans = new ArrayList<>();
        for (SimulatedPair p : g.pairMap().values()) {
            plans.add(plan(p, a, now));
        }
        plans.forEach(Runnable::run);
        long settles = now;
        for (SimulatedPair p : g.pairMap().values()) {
            settles = Math.max(settles, p.settlesAt(now));
        }
        return new Outcome(List.of("local-clone-copygroups/" + g.id()), settles);
    }

    /** The pair whose S-VOL is {@code ldevId} (so a pair from that LDEV is an L2 pair), or null. */
    private SimulatedPair parentOf(int ldevId) {
        for (SimulatedPair p : pairsUsing(ldevId)) {
            if (p.svol() == ldevId) {
                return p;
            }
        }
        return null;
    }

    /** Checks that {@code a} is allowed on {@code p} now and returns the change to make; throws when rejected. */
    private Runnable plan(SimulatedPair p, ActionRequest a, long now) {
        double rate = config.copyRateMiBPerSecondPerPace();
        SimulatedPair.Phase phase = p.phase();
        Runnable noop = () -> { };
        if (phase == SimulatedPair.Phase.DELETING) {
            throw Errors.illegalTransition(a.action(), statusLabel(p) + ": it is being deleted");
        }
        SimulatedPair parent = parentOf(p.pvol());
        switch (a.action()) {
            case "split": {
                if (a.forceSuspend()) {
                    if (phase == SimulatedPair.Phase.PSUE) {
                        return noop;
                    }
                    int at = p.progress(now);
                    return () -> p.settle(SimulatedPair.Phase.PSUE, at, now);
                }
                switch (phase) {
                    case PSUS:
                    case PSUS_QUICK:
                        return () -> p.setPace(a.copyPace());
                    case PSUE:
                        if (config.psueSplitRule() == SimulatorConfig.PsueSplitRule.NO_OP) {
                            return noop;
                        }
                        throw Errors.illegalTransition("split", "PSUE");
                    case PAIR:
                    case COPY_INITIAL: {
                        if (parent != null && parent.phase() != SimulatedPair.Phase.PSUS
                                && parent.phase() != SimulatedPair.Phase.PSUS_QUICK) {
                            throw Errors.cascadeSplit(p.pvol(), statusLabel(parent));
                        }
                        int from = phase == SimulatedPair.Phase.PAIR ? 100 - config.splitDifferentialPercent() : p.progress(now);
                        SimulatedPair.Phase to = a.quickMode() ? SimulatedPair.Phase.PSUS_QUICK : SimulatedPair.Phase.COPY_SPLIT;
                        return () -> {
                            p.setPace(a.copyPace());
                            p.startCopy(to, from, now, rate);
                        };
                    }
                    default:
                        throw Errors.illegalTransition("split", statusLabel(p));
                }
            }
            case "resync": {
                switch (phase) {
                    case PSUS:
                    case PSUS_QUICK: {
                        int from = Math.min(p.progress(now), 100 - config.resyncDifferentialPercent());
                        if (a.quickMode()) {
                            return () -> {
                                p.setPace(a.copyPace());
                                p.settle(SimulatedPair.Phase.PAIR, 100, now);
                            };
                        }
                        return () -> {
                            p.setPace(a.copyPace());
                            p.startCopy(SimulatedPair.Phase.COPY_RESYNC, from, now, rate);
                        };
                    }
                    case PSUE:
                        return () -> {
                            p.setPace(a.copyPace());
                            p.startCopy(SimulatedPair.Phase.COPY_RESYNC, 0, now, rate);
                        };
                    default:
                        // COPY, PAIR, RCPY: documented no-op success (spec §5.1).
                        return noop;
                }
            }
            case "restore": {
                if (parent != null) {
                    throw Errors.cascadeRestore(p.pvol());
                }
                if (phase != SimulatedPair.Phase.PSUS) {
                    throw Errors.illegalTransition("restore", statusLabel(p));
                }
                int diff = a.quickMode() ? config.splitDifferentialPercent() : config.resyncDifferentialPercent();
                return () -> {
                    p.setPace(a.copyPace());
                    p.startCopy(SimulatedPair.Phase.RCPY, 100 - diff, now, rate);
                };
            }
            default:
                throw Errors.notFound("action " + a.action());
        }
    }

    // ---------------------------------------------------------------- delete

    synchronized Outcome deletePair(String pairId) {
        reap();
        SimulatedPair p = pairById(pairId);
        if (p == null) {
            throw Errors.notFound("local-clone-copypairs/" + pairId);
        }
        long now = now();
        p.advance(now);
        checkDeletable(p);
        if (!config.deleteDuration().isZero()) {
            // Listed as deleting (SMPL(PD)) for a while, then gone: see reap().
            long gone = now + config.deleteDuration().toNanos();
            p.startDelete(now, gone, config.deletingStatus());
            deleting++;
            return new Outcome(List.of("local-clone-copypairs/" + p.id()), gone);
        }
        SimulatedGroup g = p.group();
        g.pairMap().remove(p.name());
        unindex(p);
        if (g.pairMap().isEmpty() && config.deleteEmptyGroup()) {
            groups.remove(g.name());
        }
        return new Outcome(List.of("local-clone-copypairs/" + p.id()), now);
    }

    synchronized Outcome deleteGroup(String groupId) {
        reap();
        SimulatedGroup g = groupById(groupId);
        if (g == null) {
            throw Errors.notFound("local-clone-copygroups/" + groupId);
        }
        long now = now();
        advanceAll(now);
        for (SimulatedPair p : g.pairMap().values()) {
            checkDeletable(p);
        }
        g.pairMap().values().forEach(this::unindex);
        groups.remove(g.name());
        return new Outcome(List.of("local-clone-copygroups/" + g.id()), now);
    }

    /** {@code PAIR}, or {@code COPY (COPY(SP))} when the internal sub-state says more than the REST status. */
    private static String statusLabel(SimulatedPair p) {
        String rest = p.pvolStatus(false);
        String internal = p.phase().navigatorName;
        return rest.equals(internal) ? rest : rest + " (" + internal + ")";
    }

    private static void checkDeletable(SimulatedPair p) {
        if (p.phase() == SimulatedPair.Phase.DELETING) {
            throw Errors.illegalTransition("delete", statusLabel(p) + ": it is being deleted");
        }
        if (p.phase() == SimulatedPair.Phase.PSUS_QUICK) {
            throw Errors.illegalTransition("delete", "PSUS (PSUS(SP): the quick split is still copying in the background)");
        }
    }
}
