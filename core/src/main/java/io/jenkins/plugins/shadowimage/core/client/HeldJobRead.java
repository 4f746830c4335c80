package io.jenkins.plugins.shadowimage.core.client;

import io.jenkins.plugins.shadowimage.core.client.model.Job;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A job read that the array holds until the job ends ({@code GET .../jobs/{id}} with {@code Response-Job-Status:
 * Completed} and {@code Response-Max-Wait}), sent over the asynchronous HTTP client, so that no thread waits while
 * the array holds the answer. It owns the REST session and permit of the unit of work that started it. When the
 * answer comes, the session is left idle for the operation's next step (a few seconds at least, see
 * {@link SharedSessions}) and {@code answered} runs; a failed or cancelled read discards the session. Once
 * {@link #cancel()} or {@link VspClient#forgetHeldJobRead} returns, the session is idle for the next step or discarded,
 * never still being discarded elsewhere. Thread-safe.
 */
public final class HeldJobRead {
    private static final Logger LOG = Logger.getLogger(HeldJobRead.class.getName());
    /** How long an answered read's session waits for the operation's next step when sharing is off. */
    static final Duration HANDOVER = Duration.ofSeconds(2);
    /** Longer than a discard's few attempts take, so that only a hung connection makes a cancel go on without it. */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(30);

    private final VspClient client;
    private final long jobId;
    private final String sharingKey;
    private final String token;
    private final long sessionId;
    private final SessionBudget.Permit permit;
    private final Duration maxWait;
    private final long sentAt = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Taken by whichever thread discards the session: the one that cancels, or the reaper after a failed read. */
    private final AtomicBoolean discardClaimed = new AtomicBoolean();
    /** Done once the session has been left for the next step or discarded. */
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    /** The read ended without an answer to hand over: its session is to be discarded. */
    private volatile boolean failed;
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

    /**
     * Stops waiting: the exchange is aborted (nothing more is sent) and the session discarded, here and now, or by the
     * reaper already, whose discard this then waits for. Idempotent.
     */
    public void cancel() {
        synchronized (this) {
            // Claimed first, so that the discard runs here and now (a closing client waits for it), not on the reaper.
            boolean mine = ended.compareAndSet(false, true);
            CompletableFuture<VspClient.Response> f = exchange;
            if (f != null) {
                f.cancel(true);
            }
            if (mine) {
                done = true;
                discardSession();
                return;
            }
            // Answered just before the cancel: the session waits for a next step that will not come.
            SharedSessions.Idle idle = handedOver;
            if (idle != null && SharedSessions.withdraw(idle)) {
                client.discard(token, sessionId, permit);
            }
        }
        awaitReleased();
    }

    /**
     * Waits until the session has been left for the next step or discarded; a discard that the reaper has not started
     * yet is done here. Called once the read has ended.
     */
    void awaitReleased() {
        if (!ended.get()) {
            return;
        }
        if (failed) {
            discardSession();
        }
        // Not cut short by an interrupt: an aborted step must not end before its session is gone.
        boolean interrupted = false;
        long end = System.nanoTime() + RELEASE_WAIT.toNanos();
        try {
            while (true) {
                try {
                    released.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | TimeoutException e) {
                    LOG.warning("the discard of REST session " + sessionId + " (held read of job " + jobId
                            + ") has not ended after " + RELEASE_WAIT.toSeconds() + " s; it goes on on another thread");
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Discards the session once, whoever calls first (the reaper after a failed read, or a cancel). */
    private void discardSession() {
        if (!discardClaimed.compareAndSet(false, true)) {
            return;
        }
        try {
            client.discard(token, sessionId, permit);
        } finally {
            released.complete(null);
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
            released.complete(null);
            permit.budget().wakeFirst();
        } else {
            // Off the HTTP client's I/O thread: a discard is a blocking request. A cancel or the next step that comes
            // first does it instead, on its own thread, so that it has ended before that step does.
            failed = true;
            SharedSessions.later(this::discardSession);
        }
    }

    @Override
    public String toString() {
        return "HeldJobRead[job=" + jobId + ", sessionId=" + sessionId + "]";
    }
}
