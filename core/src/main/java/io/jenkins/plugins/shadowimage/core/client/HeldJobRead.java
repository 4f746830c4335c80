package io.jenkins.plugins.shadowimage.core.client;

import io.jenkins.plugins.shadowimage.core.client.model.Job;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A job read that the array holds until the job ends ({@code GET .../jobs/{id}} with {@code Response-Job-Status:
 * Completed} and {@code Response-Max-Wait}), sent over the asynchronous HTTP client, so that no thread waits while
 * the array holds the answer. It owns the REST session and permit of the unit of work that started it. When the
 * answer comes, the session is left idle for the operation's next step (a few seconds at least, see
 * {@link SharedSessions}) and {@code answered} runs; a failed or cancelled read discards the session. Thread-safe.
 */
public final class HeldJobRead {
    private static final Logger LOG = Logger.getLogger(HeldJobRead.class.getName());
    /** How long an answered read's session waits for the operation's next step when sharing is off. */
    static final Duration HANDOVER = Duration.ofSeconds(2);

    private final VspClient client;
    private final long jobId;
    private final String sharingKey;
    private final String token;
    private final long sessionId;
    private final SessionBudget.Permit permit;
    private final Duration maxWait;
    private final long sentAt = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile CompletableFuture<VspClient.Response> exchange;
    private volatile Job job;
    private volatile boolean done;
    /** The session left for this operation's next step alone (sharing off), until that step takes it. */
    private volatile SharedSessions.Idle handedOver;

    HeldJobRead(VspClient client, long jobId, String sharingKey, String token, long sessionId, SessionBudget.Permit permit,
            Duration maxWait) {
        this.client = client;
        this.jobId = jobId;
        this.sharingKey = sharingKey;
        this.token = token;
        this.sessionId = sessionId;
        this.permit = permit;
        this.maxWait = maxWait;
    }

    public long jobId() {
        return jobId;
    }

    /** The longest the array was asked to hold the answer. */
    public Duration maxWait() {
        return maxWait;
    }

    /** Whether the answer came (or the read failed or was cancelled). */
    public boolean isDone() {
        return done;
    }

    /** The job as the array answered it; empty while waiting, and after a failed or cancelled read (poll instead). */
    public Optional<Job> job() {
        return Optional.ofNullable(job);
    }

    /** Sends the read; {@code answered} runs once it has ended, whatever the outcome. */
    void start(VspClient.Request request, Runnable answered) {
        CompletableFuture<VspClient.Response> f = client.sendHeld(request, "Session " + token, maxWait);
        exchange = f;
        f.whenComplete((r, failure) -> {
            try {
                if (failure == null && r.status() / 100 == 2) {
                    job = VspClient.read(r, Job.class, "GET", request.path());
                    if (!job.isCompleted() && Duration.ofNanos(System.nanoTime() - sentAt).compareTo(maxWait.dividedBy(2)) < 0) {
                        client.jobReadsNotHeld();
                    }
                    end(true);
                } else {
                    LOG.log(Level.FINE, () -> "held read of job " + jobId + " ended without a job: "
                            + (failure != null ? failure.toString() : "HTTP " + r.status()));
                    end(false);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "held read of job " + jobId + ": unreadable answer", e);
                end(false);
            } finally {
                done = true;
                client.emitSafely(answered);
            }
        });
    }

    /** Stops waiting: the exchange is aborted (nothing more is sent) and the session discarded. Idempotent. */
    public synchronized void cancel() {
        // Claimed first, so that the discard runs here and now (a closing client waits for it), not on the reaper.
        boolean mine = ended.compareAndSet(false, true);
        CompletableFuture<VspClient.Response> f = exchange;
        if (f != null) {
            f.cancel(true);
        }
        if (mine) {
            done = true;
            client.discard(token, sessionId, permit);
            return;
        }
        // Answered just before the cancel: the session waits for a next step that will not come.
        SharedSessions.Idle idle = handedOver;
        if (idle != null && SharedSessions.withdraw(idle)) {
            client.discard(token, sessionId, permit);
        }
    }

    /** Leaves the session for the next step after an answer, or discards it; once. */
    private synchronized void end(boolean answered) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (answered && !client.isClosed()) {
            Duration linger = client.options().sessionLinger();
            SharedSessions.Idle idle = new SharedSessions.Idle(sharingKey, token, sessionId, permit, client);
            if (linger.isZero()) {
                handedOver = idle;
            }
            SharedSessions.offer(idle, linger.isZero() ? HANDOVER : linger);
            permit.budget().wakeFirst();
        } else {
            // Off the HTTP client's I/O thread: a discard is a blocking request.
            SharedSessions.later(() -> client.discard(token, sessionId, permit));
        }
    }

    @Override
    public String toString() {
        return "HeldJobRead[job=" + jobId + ", sessionId=" + sessionId + "]";
    }
}
