package io.jenkins.plugins.shadowimage.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Turns an accepted asynchronous request into a job (spec §3.1-3.3): applies injected job faults, runs the
 * operation, decides when the job completes, and honours {@code Response-Job-Status} / {@code Response-Max-Wait}.
 */
final class JobSubmitter {
    private final SimulatorCore core;

    JobSubmitter(SimulatorCore core) {
        this.core = core;
    }

    /**
     * Runs {@code operation} and answers 202 with its job. Errors that a real REST server finds itself (4xx other
     * than 409/412) stay synchronous; refusals by the storage become a failed job, or stay synchronous in
     * {@link SimulatorConfig.RejectionMode#HTTP_412} mode.
     */
    RestApi.Response submit(RestRequest req, Supplier<StorageState.Outcome> operation, boolean shadowImage) {
        FaultInjector.JobFailure injected = core.faults.takeJobFailure();
        FaultInjector.JobQuirk quirk = injected == null ? core.faults.takeJobQuirk() : null;
        StorageState.Outcome outcome = null;
        ErrorAnswer error = null;
        if (injected != null) {
            error = new ErrorAnswer(412, injected.messageId(),
                    "An error occurred in the storage system. (failure injected by the simulator)", null,
                    "Retry the operation, or check the state of the storage system.", injected.solutionType(),
                    injected.ssb1(), injected.ssb2());
        } else if (quirk != null && quirk.kind() == FaultInjector.JobQuirk.Kind.UNKNOWN_NOT_APPLIED) {
            // Nothing is applied; the job still ends Completed/Unknown below.
        } else {
            try {
                outcome = operation.get();
            } catch (ErrorAnswer e) {
                int st = e.httpStatus();
                if ((st != 409 && st != 412)
                        || core.config.rejectionMode() == SimulatorConfig.RejectionMode.HTTP_412) {
                    throw e;
                }
                error = e;
            }
        }
        SimClock clock = core.clock;
        long now = clock.simNanos();
        Duration duration = randomJobDuration().plus(core.faults.takeJobDelay());
        long completeAt = now + duration.toNanos();
        String noWait = req.header("Job-Mode-Wait-Configuration-Change");
        boolean noWaitAsked = noWait != null && noWait.trim().equalsIgnoreCase("NoWait");
        if (shadowImage && outcome != null
                && core.config.siJobCompletion() == SimulatorConfig.SiJobCompletion.ON_TARGET_STATUS
                && (!noWaitAsked || !core.config.noWaitHonoured())) {
            completeAt = Math.max(completeAt, outcome.settlesAt());
        }
        long startedAt = Math.min(completeAt, now + duration.toNanos() / 4);
        long id = core.jobs.nextId();
        List<String> affected = new ArrayList<>();
        if (outcome != null) {
            for (String a : outcome.affected()) {
                boolean foreign = quirk != null && quirk.kind() == FaultInjector.JobQuirk.Kind.FOREIGN_AFFECTED;
                affected.add(req.objectsPrefix + "/" + (foreign ? foreignResource(a, quirk.resource()) : a));
            }
        }
        boolean unknown = quirk != null && (quirk.kind() == FaultInjector.JobQuirk.Kind.UNKNOWN
                || quirk.kind() == FaultInjector.JobQuirk.Kind.UNKNOWN_NOT_APPLIED);
        SimulatedJob job = new SimulatedJob(id, req.objectsPrefix + "/jobs/" + id, req.caller.userId(), now, startedAt, completeAt,
                req.rawPath, req.method, req.bodyText(), affected, error, unknown ? "Unknown" : null);
        core.jobs.add(job);
        if (holdAsked(req)) {
            return new RestApi.Response(202, null, null, job, System.nanoTime() + maxWait(req).toNanos());
        }
        return new RestApi.Response(202, job.toJson(clock.simNanos(), clock));
    }

    /** {@code given}, or the same kind of object with another last id component ({@code ...,p1} becomes {@code ...,p1-other}). */
    private static String foreignResource(String affected, String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        return affected + "-other";
    }

    private Duration randomJobDuration() {
        long min = core.config.jobDurationMin().toNanos();
        long max = core.config.jobDurationMax().toNanos();
        return Duration.ofNanos(max <= min ? min : ThreadLocalRandom.current().nextLong(min, max + 1));
    }

    /** Whether the request asks the answer to be held until its job completes, and this array honours that. */
    boolean holdAsked(RestRequest req) {
        String wait = req.header("Response-Job-Status");
        return core.config.responseJobStatusHonoured() && wait != null
                && wait.trim().toLowerCase(Locale.ROOT).startsWith("completed");
    }

    /** The hold cap: {@code Response-Max-Wait} seconds if given and lower than the configured maximum. */
    Duration maxWait(RestRequest req) {
        Duration cap = core.config.maxResponseWait();
        String h = req.header("Response-Max-Wait");
        if (h != null) {
            try {
                long seconds = Long.parseLong(h.trim().replace(";", ""));
                if (seconds >= 0 && Duration.ofSeconds(seconds).compareTo(cap) < 0) {
                    return Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException ignored) {
                // An unreadable value leaves the configured cap in force.
            }
        }
        return cap;
    }
}
