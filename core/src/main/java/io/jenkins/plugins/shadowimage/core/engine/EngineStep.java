package io.jenkins.plugins.shadowimage.core.engine;

import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One step of the driver on one operation, as an {@link io.jenkins.plugins.shadowimage.core.engine.policy.OperationPolicy}
 * sees it: the open session, the reads the driver shares between operations, what the policy may record in the state,
 * and the moves it can decide (done, wait, settle, submit). Only the driver makes one, for the length of a step.
 */
public final class EngineStep {
    private final OperationDriver driver;
    private final VspSession session;
    private final WorkingState st;

    EngineStep(OperationDriver driver, VspSession session, WorkingState st) {
        this.driver = driver;
        this.session = session;
        this.st = st;
    }

    public WorkingState state() { return st; }
    public PairRequest request() { return st.request(); }
    public VspSession session() { return session; }
    public Instant now() { return driver.now(); }

    // ---- reads

    /** The pair, from a read another operation made a moment ago when there is one. */
    public Optional<CopyPair> sharedPair() { return driver.sharedPair(session, st); }

    /** The pair as read now (and remembered for the next operation). */
    public Optional<CopyPair> freshPair() { return driver.freshPair(session, st); }

    /** The pairs of the operation's copy group, without degraded entries. */
    public List<CopyPair> groupPairs() { return driver.groupPairs(session, st); }

    /** A group's pair list without the entries that name no pair or no LDEVs. */
    public List<CopyPair> usable(List<CopyPair> listed) { return driver.usable(st, listed); }

    // ---- what the policy records

    /** Records what was read; returns whether a volume's status or the progress changed. */
    public boolean observe(CopyPair p) { return driver.observe(st, p); }

    /** Names a status the engine does not know, when it is first seen. */
    public void warnIfUnknown(CopyPair p) { driver.warnIfUnknown(st, p); }

    /**
     * At the first decision, a split status means the pair was split before this run: its freeze time is unknown,
     * only bounded by this read. Returns whether that is so.
     */
    public boolean foundSplitBefore(String pvolStatus) {
        if (st.submitAttempts() == 0 && PairStatus.isSplit(pvolStatus)) {
            st.foundSplit(now());
            return true;
        }
        return false;
    }

    public void target(String targetStatus) { st.targetStatus(targetStatus); }
    public void outcome(Outcome outcome) { st.outcome(outcome); }
    public void statusBeforeSubmit(String status) { st.statusBeforeSubmit(status); }
    public void memberStatus(String pair, String status) { st.memberStatus(pair, status); }
    public void memberStatusBefore(String pair, String status) { st.memberStatusBefore(pair, status); }
    public String memberStatusBefore(String pair) { return st.memberStatusBefore(pair); }
    public void alreadySplitMember(String pair) { st.alreadySplitMember(pair); }
    /** A create that found its pair in PAIR goes on with a split of it. */
    public void splitExisting() { st.splitExisting(); }
    public Boolean newGroup() { return st.newGroup(); }
    public void newGroup(Boolean b) { st.newGroup(b); }
    public Boolean forceCopy() { return st.forceCopy(); }
    public void forceCopy(Boolean b) { st.forceCopy(b); }

    public void emit(ProgressEvent.Kind kind, String message) { driver.emit(st, kind, message); }

    // ---- moves

    public Advance done(Outcome outcome, CopyPair p) { return driver.done(st, outcome, p); }
    public Advance doneGroup(Outcome outcome, List<CopyPair> pairs) { return driver.doneGroup(st, outcome, pairs); }
    /** Waits for the target status from now on (the request took effect or nothing needs sending). */
    public Advance startWait() { return driver.startWait(st); }
    /** Waits until the pair (or group) leaves a transitional status, then decides again. */
    public Advance settle(String status) { return driver.settle(st, status); }
    /** Arms the submit: from now on the request may have been sent. */
    public Advance submit() { return driver.toSubmit(st); }
    /** Sends the request again at once (after a refusal that changed what to send). */
    public Advance sendAgain() {
        st.phase(Phase.SUBMIT);
        return new Advance.Again(java.time.Duration.ZERO);
    }
}
