package io.jenkins.plugins.shadowimage.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test-side control of a running simulator: the same operations as the HTTP admin API under
 * {@code /simulator/}. Thread-safe.
 */
public final class SimulatorAdmin {

    /** An open session, without its token. */
    public record SessionInfo(int sessionId, String userId, String ipAddress, Instant createdTime,
            Instant lastAccessTime, int aliveTimeSeconds) {
    }

    /**
     * A pair as the REST API reports it, plus the internal sub-state, the pace, when its REST status last
     * changed, and when the running copy ends (null when settled): the ground truth for measuring how late a
     * client notices a change.
     */
    public record PairInfo(String pairId, String copyGroupName, String copyPairName, int pvolLdevId, int svolLdevId,
            int pvolMuNumber, String pvolStatus, String svolStatus, int copyProgressRate, String internalStatus,
            int copyPace, Instant statusSince, Instant transitionEndsAt) {
    }

    public record CopyGroupInfo(String copyGroupId, String copyGroupName, String pvolDeviceGroupName,
            String svolDeviceGroupName) {
    }

    /**
     * A job; {@code completedTime} is when it completes(d) in wall-clock terms, also while it still runs;
     * {@code userId} is the user whose request made it.
     */
    public record JobInfo(long jobId, String status, String state, String requestMethod, String requestUrl,
            String errorMessageId, Instant createdTime, Instant completedTime, String userId) {
    }

    private final SimulatorCore core;

    SimulatorAdmin(SimulatorCore core) {
        this.core = core;
    }

    // sessions

    public int openSessionCount() {
        return core.sessions.count();
    }

    /** Answers held by {@code Response-Job-Status: Completed} right now (their requests are not yet in the log). */
    public int heldResponseCount() {
        return core.heldResponses.get();
    }

    public List<SessionInfo> openSessions() {
        List<SessionInfo> list = new ArrayList<>();
        for (Session s : core.sessions.list()) {
            list.add(new SessionInfo(s.sessionId(), s.userId(), s.ipAddress(), core.clock.realToInstant(s.createdReal()),
                    core.clock.realToInstant(s.lastAccessReal()), s.aliveTimeSeconds()));
        }
        return list;
    }

    /**
     * Every session token issued since start (the last 100,000), for tests that assert a client never shows
     * one. Java API only: the admin HTTP API never serves tokens.
     */
    public List<String> issuedTokens() {
        return core.sessions.issuedTokens();
    }

    /** Invalidates every session token now: the next request with any of them gets 401. */
    public void expireAllTokens() {
        core.sessions.expireAll();
    }

    // request log

    public List<RequestRecord> requests() {
        return core.log.all();
    }

    /** Requests in the log whose method matches ({@code null} or "*" = any) and whose decoded path matches the regex (searched). */
    public long requestCount(String method, String pathRegex) {
        return core.log.count(method, pathRegex);
    }

    /** Per-endpoint counters, e.g. {@code "POST /local-clone-copypairs" -> 3}. */
    public Map<String, Long> requestCounters() {
        return core.log.counters();
    }

    public void clearRequestLog() {
        core.log.clear();
    }

    // state

    public List<PairInfo> pairs() {
        List<PairInfo> list = new ArrayList<>();
        for (JsonNode n : core.storage.allPairsJson()) {
            list.add(new PairInfo(n.get("localCloneCopypairId").asText(), n.get("copyGroupName").asText(),
                    n.get("copyPairName").asText(), n.get("pvolLdevId").asInt(), n.get("svolLdevId").asInt(),
                    n.get("pvolMuNumber").asInt(), n.get("pvolStatus").asText(), n.get("svolStatus").asText(),
                    n.get("copyProgressRate").asInt(), n.get("internalStatus").asText(), n.get("copyPace").asInt(),
                    core.clock.toInstant(n.get("statusSinceSimNanos").asLong()),
                    n.get("transitionEndsAtSimNanos").asLong() < 0 ? null
                            : core.clock.toInstant(n.get("transitionEndsAtSimNanos").asLong())));
        }
        return list;
    }

    public List<CopyGroupInfo> copyGroups() {
        List<CopyGroupInfo> list = new ArrayList<>();
        for (JsonNode n : core.storage.groupList()) {
            list.add(new CopyGroupInfo(n.get("localCloneCopygroupId").asText(), n.get("copyGroupName").asText(),
                    n.get("pvolDeviceGroupName").asText(), n.get("svolDeviceGroupName").asText()));
        }
        return list;
    }

    public List<JobInfo> jobs() {
        List<JobInfo> list = new ArrayList<>();
        long now = core.clock.simNanos();
        for (SimulatedJob j : core.jobs.all()) {
            ObjectNode n = j.toJson(now, core.clock);
            JsonNode err = n.get("error");
            list.add(new JobInfo(j.jobId(), n.get("status").asText(), n.get("state").asText(),
                    n.get("request").get("requestMethod").asText(), n.get("request").get("requestUrl").asText(),
                    err == null ? null : err.get("messageId").asText(), core.clock.toInstant(j.createdAt()),
                    core.clock.toInstant(j.completedAt()), n.get("userId").asText(null)));
        }
        return list;
    }

    // faults

    public void injectFault(Fault fault) {
        core.faults.add(fault);
    }

    /** The next {@code count} requests matching method ({@code null}/"*" = any) and path regex get {@code kind}. */
    public void injectFault(String method, String pathRegex, FaultKind kind, int count) {
        core.faults.add(Fault.of(method, pathRegex, kind, count));
    }

    public List<Fault> pendingFaults() {
        return core.faults.pending();
    }

    /** The next {@code n} jobs fail with this message id and SSB codes; their operation is not applied. */
    public void failNextJobs(int n, String messageId, String ssb1, String ssb2) {
        core.faults.failNextJobs(n, messageId, ssb1, ssb2);
    }

    /** The next {@code n} jobs fail as a resource lock inside the job (KART30000-E, SSB 2E11/2205, RETRY); not applied. */
    public void lockNextJobs(int n) {
        core.faults.lockNextJobs(n);
    }

    /**
     * The next {@code n} jobs end Completed with state Unknown and no error; {@code applied}: whether their
     * operation takes effect anyway.
     */
    public void unknownNextJobs(int n, boolean applied) {
        core.faults.quirkNextJobs(n, applied ? FaultInjector.JobQuirk.Kind.UNKNOWN
                : FaultInjector.JobQuirk.Kind.UNKNOWN_NOT_APPLIED, null);
    }

    /**
     * The next {@code n} jobs are applied and succeed, but their {@code affectedResources} name another object:
     * {@code resource} (relative to {@code .../objects}, e.g. {@code ldevs/999}), or when null the job's own
     * object with {@code -other} appended to its id.
     */
    public void foreignAffectedResources(int n, String resource) {
        core.faults.quirkNextJobs(n, FaultInjector.JobQuirk.Kind.FOREIGN_AFFECTED, resource);
    }

    /** Every later job takes {@code extra} more simulated time ({@link Duration#ZERO} to stop). */
    public void slowJobs(Duration extra) {
        core.faults.slowJobs(extra);
    }

    /** The next {@code n} jobs take {@code extra} more simulated time. */
    public void slowNextJobs(int n, Duration extra) {
        core.faults.slowNextJobs(n, extra);
    }

    /**
     * The storage suspends this pair as after a failure: it becomes PSUE/PSUE with its copy stopped where it was.
     * {@code pairId} is {@code group,pvolDeviceGroup,svolDeviceGroup,pair}.
     */
    public void suspendPair(String pairId) {
        core.storage.suspend(pairId);
    }

    /**
     * The REST API reports these statuses for the pair (e.g. {@code SMPP} or {@code XYZ}, to test that a client
     * treats unknown values as transitional) while its real state machine runs on; {@code null} restores them.
     */
    public void overrideReportedStatus(String pairId, String pvolStatus, String svolStatus) {
        core.storage.overrideReportedStatus(pairId, pvolStatus, svolStatus);
    }

    /** Removes pending request faults, job failures and slow-downs. */
    public void clearFaults() {
        core.faults.clear();
    }

    // time

    /** Every REST request (not admin calls) waits a real-time delay drawn from [min, max] before it is served. */
    public void setRequestLatency(Duration min, Duration max) {
        core.setLatency(min, max);
    }

    /**
     * REST requests served per second of real time from now on (0 = no limit), as {@code --request-rate} sets it
     * at start; a reset restores the configured rate.
     */
    public void setRequestRateLimit(int perSecond) {
        core.requestRate.limit(perSecond);
    }

    public int requestRateLimit() {
        return core.requestRate.limit();
    }

    public void setTimeScale(double scale) {
        core.clock.setScale(scale);
    }

    public double timeScale() {
        return core.clock.scale();
    }

    /** Back to the state at start: no sessions, jobs, pairs, groups, faults or log; the configured time scale. */
    public void reset() {
        core.reset();
    }
}
