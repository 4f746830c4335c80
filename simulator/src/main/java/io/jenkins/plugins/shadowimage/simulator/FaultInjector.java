package io.jenkins.plugins.shadowimage.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/** Pending request and job faults. Each match consumes one use atomically, so N parallel requests see N faults. */
final class FaultInjector {

    private static final class Armed {
        final Fault fault;
        final Pattern pattern;
        int remaining;

        Armed(Fault fault) {
            this.fault = fault;
            this.pattern = Pattern.compile(fault.pathPattern() == null ? "" : fault.pathPattern());
            this.remaining = fault.count();
        }

        boolean matches(String method, String path) {
            String m = fault.method();
            return (m == null || m.equals("*") || m.equalsIgnoreCase(method)) && pattern.matcher(path).find();
        }
    }

    record JobFailure(String messageId, String ssb1, String ssb2, String solutionType) {
    }

    /**
     * How a job reports its end when that differs from what happened (spec §7.4). The operation is applied
     * except for {@link Kind#UNKNOWN_NOT_APPLIED}.
     */
    record JobQuirk(Kind kind, String resource) {
        enum Kind {
            /** Completed with state Unknown and no error, the operation applied. */
            UNKNOWN,
            /** Completed with state Unknown and no error, the operation not applied. */
            UNKNOWN_NOT_APPLIED,
            /** Succeeded, but {@code affectedResources} names another object ({@code resource}, or a derived one). */
            FOREIGN_AFFECTED
        }
    }

    private final List<Armed> requestFaults = new ArrayList<>();
    private final List<JobFailure> jobFailures = new ArrayList<>();
    private final List<JobQuirk> jobQuirks = new ArrayList<>();
    private int slowNextJobs;
    private Duration slowNextJobsBy = Duration.ZERO;
    private Duration slowAllJobsBy = Duration.ZERO;

    synchronized void add(Fault fault) {
        requestFaults.add(new Armed(fault));
    }

    /** The fault this request triggers, consuming one use, or null. */
    synchronized Fault take(String method, String path) {
        for (Iterator<Armed> it = requestFaults.iterator(); it.hasNext();) {
            Armed a = it.next();
            if (a.matches(method, path)) {
                if (--a.remaining <= 0) {
                    it.remove();
                }
                return a.fault;
            }
        }
        return null;
    }

    synchronized List<Fault> pending() {
        List<Fault> list = new ArrayList<>();
        for (Armed a : requestFaults) {
            Fault f = a.fault;
            list.add(new Fault(f.method(), f.pathPattern(), f.kind(), a.remaining, f.httpStatus(), f.retryAfterSeconds(),
                    f.messageId(), f.ssb1(), f.ssb2()));
        }
        return list;
    }

    synchronized void failNextJobs(int n, String messageId, String ssb1, String ssb2) {
        ssb1 = ssb1 == null ? "" : ssb1;
        ssb2 = ssb2 == null ? "" : ssb2;
        // A lock or busy condition is one the client may retry (spec §3.5, §7.4).
        String solutionType = messageId.startsWith("KART4005") || "KART00003-E".equals(messageId)
                || ("2E11".equalsIgnoreCase(ssb1) && ("2205".equals(ssb2) || "2207".equals(ssb2)))
                ? "RETRY" : "SEE_ERROR_DETAIL";
        for (int i = 0; i < n; i++) {
            jobFailures.add(new JobFailure(messageId, ssb1, ssb2, solutionType));
        }
    }

    /** The next {@code n} jobs fail as a resource lock inside the job: KART30000-E, SSB 2E11/2205, RETRY. */
    synchronized void lockNextJobs(int n) {
        failNextJobs(n, "KART30000-E", "2E11", "2205");
    }

    synchronized void quirkNextJobs(int n, JobQuirk.Kind kind, String resource) {
        for (int i = 0; i < n; i++) {
            jobQuirks.add(new JobQuirk(kind, resource));
        }
    }

    synchronized JobQuirk takeJobQuirk() {
        return jobQuirks.isEmpty() ? null : jobQuirks.remove(0);
    }

    synchronized JobFailure takeJobFailure() {
        return jobFailures.isEmpty() ? null : jobFailures.remove(0);
    }

    synchronized void slowJobs(Duration extra) {
        slowAllJobsBy = extra;
    }

    synchronized void slowNextJobs(int n, Duration extra) {
        slowNextJobs = n;
        slowNextJobsBy = extra;
    }

    /** Extra simulated duration for the job being created now. */
    synchronized Duration takeJobDelay() {
        Duration d = slowAllJobsBy;
        if (slowNextJobs > 0) {
            slowNextJobs--;
            d = d.plus(slowNextJobsBy);
        }
        return d;
    }

    synchronized void clear() {
        requestFaults.clear();
        jobFailures.clear();
        jobQuirks.clear();
        slowNextJobs = 0;
        slowNextJobsBy = Duration.ZERO;
        slowAllJobsBy = Duration.ZERO;
    }
}
