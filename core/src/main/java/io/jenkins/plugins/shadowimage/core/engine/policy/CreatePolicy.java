package io.jenkins.plugins.shadowimage.core.engine.policy;

import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroup;
import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import io.jenkins.plugins.shadowimage.core.client.model.CreatePairSpec;
import io.jenkins.plugins.shadowimage.core.client.model.Job;
import io.jenkins.plugins.shadowimage.core.client.model.Ldev;
import io.jenkins.plugins.shadowimage.core.engine.Advance;
import io.jenkins.plugins.shadowimage.core.engine.EngineStep;
import io.jenkins.plugins.shadowimage.core.engine.WorkingState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.Outcome;
import io.jenkins.plugins.shadowimage.core.engine.Outcomes;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.PairStatus;
import io.jenkins.plugins.shadowimage.core.engine.ProgressEvent;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException.Category;
import io.jenkins.plugins.shadowimage.core.engine.TargetStatus;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Create a pair from two defined LDEVs of the same capacity, into an existing copy group or a new one; a pair that
 * already exists with the same volumes is reported as it is (or split, with autoSplit), with other volumes refused.
 */
public final class CreatePolicy implements OperationPolicy {
    private static final Logger LOG = Logger.getLogger(CreatePolicy.class.getName());

    /** LDEV ids this close are read in one list request (a small answer) instead of two. */
    public static final int LDEV_LIST_SPAN = 16;

    CreatePolicy() {
    }

    @Override
    public String target(WorkingState st) {
        PairRequest r = st.request();
        return r.waitFor() == WaitFor.ACCEPTED ? TargetStatus.COPY
                : Boolean.TRUE.equals(r.autoSplit()) ? TargetStatus.PSUS : TargetStatus.PAIR;
    }

    @Override
    public Advance decide(EngineStep step) throws ShadowImageException {
        WorkingState st = step.state();
        PairRequest r = st.request();
        VspSession s = step.session();
        boolean autoSplit = Boolean.TRUE.equals(r.autoSplit());
        step.target(target(st));
        // One read answers both "does the group exist?" and "does the pair exist?".
        Optional<CopyGroup> group = s.findCopyGroup(r.groupId());
        Optional<CopyPair> existing = group.isEmpty() ? Optional.empty()
                : group.get().copyPairs().isEmpty() ? s.findPair(r.pairId())
                : group.get().copyPairs().stream().filter(p -> r.copyPairName().equals(p.copyPairName())).findFirst();
        if (existing.isPresent()) {
            return existing(step, existing.get(), autoSplit);
        }
        Map<Integer, Ldev> listed = nearbyLdevs(s, r.pvolLdevId(), r.svolLdevId());
        Ldev pvol = ldev(s, st, r.pvolLdevId(), "P-VOL", listed);
        Ldev svol = ldev(s, st, r.svolLdevId(), "S-VOL", listed);
        if (pvol.blockCapacity() != null && svol.blockCapacity() != null
                && !pvol.blockCapacity().equals(svol.blockCapacity())) {
            throw new ShadowImageException(Category.VALIDATION, Outcomes.describe(st) + ": P-VOL " + pvol.ldevId() + " has "
                    + pvol.blockCapacity() + " blocks but S-VOL " + svol.ldevId() + " has " + svol.blockCapacity()
                    + "; ShadowImage needs volumes of exactly the same capacity");
        }
        if (r.dataReductionForceCopy() != null) {
            step.forceCopy(r.dataReductionForceCopy());
        } else if (pvol.usesCapacitySaving()) {
            step.forceCopy(Boolean.TRUE);
            step.emit(ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": P-VOL " + pvol.ldevId() + " uses capacity saving ("
                    + pvol.dataReductionMode() + "); setting isDataReductionForceCopy");
        }
        step.newGroup(group.isEmpty());
        step.statusBeforeSubmit(null);
        return step.submit();
    }

    /** The pair exists already: reported as it is, split (autoSplit), awaited, or refused with other volumes. */
    private static Advance existing(EngineStep step, CopyPair p, boolean autoSplit) throws ShadowImageException {
        WorkingState st = step.state();
        step.foundSplitBefore(p.pvolStatus());
        step.observe(p);
        Outcomes.requireSameVolumes(st, p);
        // A create that already split its existing pair (a later CHECK after a settle wait) says so.
        step.outcome(st.action() == OperationType.SPLIT ? Outcome.ALREADY_EXISTS_THEN_SPLIT : Outcome.ALREADY_EXISTS);
        step.emit(ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": the pair already exists (" + Outcomes.statuses(p) + ")");
        PairStatus status = PairStatus.of(p.pvolStatus());
        if (status.isError()) {
            throw Outcomes.psue(st, p, "create");
        }
        if (autoSplit && status.isPair() && Outcomes.settled(p)) {
            // The create's target is a split pair: split the existing one, as a split would.
            step.emit(ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": splitting the existing pair (autoSplit)");
            step.outcome(Outcome.ALREADY_EXISTS_THEN_SPLIT);
            step.splitExisting();
            step.statusBeforeSubmit(p.pvolStatus());
            return step.submit();
        }
        boolean acceptedOnly = TargetStatus.COPY.equals(st.targetStatus());
        if (!Outcomes.settled(p) && !acceptedOnly) {
            // COPY, a deletion in progress or an unknown status: wait until it settles, then decide again
            // (a pair that went away is created; a stable one is reported as it is).
            return step.settle(Outcomes.statuses(p));
        }
        if (!Outcomes.reached(st, p) && !acceptedOnly) {
            step.emit(ProgressEvent.Kind.WARNING, Outcomes.describe(st) + ": the existing pair is " + p.pvolStatus()
                    + ", not " + st.targetStatus() + " as this create would have left it"
                    + (status.isPair() ? "; split it if you need a frozen copy" : "; resync it if you need a fresh copy"));
        }
        return step.done(st.outcome(), p);
    }

    @Override
    public Optional<Advance> reconcile(EngineStep step) throws ShadowImageException {
        WorkingState st = step.state();
        Optional<CopyPair> found = step.freshPair();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CopyPair p = found.get();
        step.observe(p);
        Outcomes.requireSameVolumes(st, p);
        step.emit(ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": the pair exists (" + p.pvolStatus()
                + "); continuing with it instead of sending the create again");
        step.outcome(Outcome.CREATED);
        return Optional.of(step.startWait());
    }

    @Override
    public Job send(EngineStep step) {
        return step.session().createPair(spec(step));
    }

    @Override
    public Optional<Advance> tookEffect(EngineStep step, CopyPair p, boolean jobMayHaveWorked) {
        if (p != null && Outcomes.sameVolumes(step.state(), p)) {
            step.outcome(Outcome.CREATED);
            return Optional.of(step.startWait());
        }
        return Optional.empty();
    }

    /**
     * A create asked for a new copy group and was refused: when the group exists now (another create made it
     * meanwhile) with our device groups, the pair is created into it; with others, the error names the difference.
     */
    @Override
    public Optional<Advance> afterRefusal(EngineStep step, VspApiException error, boolean synchronous)
            throws ShadowImageException {
        WorkingState st = step.state();
        VspSession s = step.session();
        if (synchronous && s.findPair(st.request().pairId()).isPresent()) {
            return Optional.empty();
        }
        if (Boolean.FALSE.equals(step.newGroup())) {
            return Optional.empty();
        }
        PairRequest r = st.request();
        Optional<CopyGroup> group = s.copyGroups().stream()
                .filter(g -> r.copyGroupName().equals(g.copyGroupName())).findFirst();
        if (group.isEmpty()) {
            return Optional.empty();
        }
        CopyGroup g = group.get();
        if (!r.effectivePvolDeviceGroupName().equals(g.pvolDeviceGroupName())
                || !r.effectiveSvolDeviceGroupName().equals(g.svolDeviceGroupName())) {
            throw new ShadowImageException(Category.REJECTED_BY_ARRAY, Outcomes.describe(st) + ": the copy group "
                    + r.copyGroupName() + " was created meanwhile with P-VOL device group " + g.pvolDeviceGroupName()
                    + " and S-VOL device group " + g.svolDeviceGroupName() + ", but this create asks for "
                    + r.effectivePvolDeviceGroupName() + " and " + r.effectiveSvolDeviceGroupName()
                    + ". Use the group's device group names, or another copy group name. The array said: "
                    + error.getMessage(), error, Outcomes.info(st, Outcome.FAILED, null));
        }
        step.newGroup(false);
        step.emit(ProgressEvent.Kind.INFO, Outcomes.describe(st) + ": the copy group " + g.localCloneCopygroupId()
                + " was created meanwhile (by a concurrent create); creating the pair into it");
        return Optional.of(step.sendAgain());
    }

    @Override
    public boolean existenceDecides() {
        return true;
    }

    @Override
    public boolean isRequested(WorkingState st, CopyPair p) {
        return Outcomes.sameVolumes(st, p);
    }

    @Override
    public String path(PairRequest r) {
        return "/local-clone-copypairs";
    }

    @Override
    public Map<String, Object> parameters(EngineStep step) {
        CreatePairSpec spec = spec(step);
        Map<String, Object> m = new LinkedHashMap<>();
        OperationPolicy.put(m, "copyGroupName", spec.copyGroupName());
        OperationPolicy.put(m, "copyPairName", spec.copyPairName());
        OperationPolicy.put(m, "pvolLdevId", spec.pvolLdevId());
        OperationPolicy.put(m, "svolLdevId", spec.svolLdevId());
        OperationPolicy.put(m, "isNewGroupCreation", spec.isNewGroupCreation());
        OperationPolicy.put(m, "pvolMuNumber", spec.pvolMuNumber());
        OperationPolicy.put(m, "copyPace", spec.copyPace());
        OperationPolicy.put(m, "autoSplit", spec.autoSplit());
        OperationPolicy.put(m, "quickMode", spec.quickMode());
        OperationPolicy.put(m, "consistencyGroupId", spec.consistencyGroupId());
        OperationPolicy.put(m, "isDataReductionForceCopy", spec.isDataReductionForceCopy());
        return m;
    }

    @Override
    public List<String> refusals() {
        return List.of("an LDEV is in use by another pair, a command device, or not of the same capacity at submit time",
                "no free MU number on the P-VOL (at most 3 ShadowImage pairs per P-VOL)");
    }

    private static CreatePairSpec spec(EngineStep step) {
        PairRequest r = step.request();
        Integer ctg = r.consistencyGroupId();
        return new CreatePairSpec(r.copyGroupName(), r.copyPairName(), "SI", r.pvolLdevId(), r.svolLdevId(),
                step.newGroup() == null ? Boolean.TRUE : step.newGroup(), r.pvolDeviceGroupName(),
                r.svolDeviceGroupName(), r.pvolMuNumber(), r.copyPace(), r.autoSplit(), r.quickMode(),
                ctg == null ? null : Boolean.TRUE, ctg, step.forceCopy());
    }

    /**
     * Both volumes of a create in one list read when their ids are close, by id; empty when they are far apart.
     * A volume the list leaves out (some arrays list defined LDEVs only) is read on its own.
     */
    private static Map<Integer, Ldev> nearbyLdevs(VspSession s, int a, int b) {
        int head = Math.min(a, b);
        int count = Math.abs(a - b) + 1;
        if (count > LDEV_LIST_SPAN) {
            return Map.of();
        }
        List<Ldev> list;
        try {
            list = s.ldevs(head, count);
        } catch (VspApiException e) {
            if (e.httpStatus() / 100 != 4 || e.httpStatus() == 401 || e.httpStatus() == 429) {
                throw e;
            }
            // A server that refuses the list form: the single reads still answer.
            LOG.fine(() -> "LDEV list read refused (HTTP " + e.httpStatus() + "); reading the LDEVs one by one");
            return Map.of();
        }
        Map<Integer, Ldev> byId = new HashMap<>();
        for (Ldev l : list) {
            if (l.ldevId() == a || l.ldevId() == b) {
                byId.put(l.ldevId(), l);
            }
        }
        return byId;
    }

    private static Ldev ldev(VspSession s, WorkingState st, int id, String role, Map<Integer, Ldev> listed)
            throws ShadowImageException {
        Ldev l;
        try {
            l = listed.containsKey(id) ? listed.get(id) : s.ldev(id);
        } catch (VspApiException e) {
            if (e.isNotFound()) {
                throw new ShadowImageException(Category.VALIDATION, Outcomes.describe(st) + ": " + role + " LDEV " + id
                        + " does not exist", e);
            }
            throw e;
        }
        if (!l.isDefined()) {
            throw new ShadowImageException(Category.VALIDATION, Outcomes.describe(st) + ": " + role + " LDEV " + id
                    + " is not defined (emulationType " + l.emulationType() + ")");
        }
        return l;
    }
}
