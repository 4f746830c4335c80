package io.jenkins.plugins.shadowimage.cli.run;

import io.jenkins.plugins.shadowimage.cli.CliContext;
import io.jenkins.plugins.shadowimage.cli.ExitCodes;
import io.jenkins.plugins.shadowimage.cli.output.Output;
import io.jenkins.plugins.shadowimage.cli.password.PasswordSource;
import io.jenkins.plugins.shadowimage.cli.state.EngineStateCodec;
import io.jenkins.plugins.shadowimage.cli.state.StateFile;
import io.jenkins.plugins.shadowimage.cli.state.StateFileStore;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.RetryPolicy;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one engine operation for a command: takes its locks ({@link OperationLock}), drives it on the core runtime
 * ({@link RuntimeDrive}),
 * writes the state file after every step, reports progress, and always closes the access (which
 * discards the REST sessions), on success, failure and Ctrl-C alike.
 */
public final class OperationExecution {
    /** How long one request is retried in place before the engine takes the retry over; see operationClientOptions. */
    public static final Duration MAX_IN_CALL_RETRY = Duration.ofSeconds(5);
    /**
     * The longest a command keeps its idle REST session between two steps; a longer wait releases it. Below the
     * engine's longest status poll (30 s), so that a long copy holds no session between its polls.
     */
    public static final Duration SESSION_KEPT_BETWEEN_STEPS = Duration.ofSeconds(25);

    private final CliContext context;
    private final Output output;
    private final ConnectionSettings connection;
    private final PasswordSource passwords;
    private final StateFileStore store;
    private final String command;
    private final ClientOptions clientOptions;
    private final EngineOptions engineOptions;
    /** The operation as of its last saved step (the runtime steps a copy of the state it was given). */
    private volatile OperationState latest;
    /** Whether the last {@link #execute} ended while waiting for another process's lock (nothing was sent). */
    private boolean lockWaitEnded;
    private boolean failFast;

    public OperationExecution(CliContext context, Output output, ConnectionSettings connection,
            PasswordSource passwords, StateFileStore store, String command) {
        this.context = context;
        this.output = output;
        this.connection = connection;
        this.passwords = passwords;
        this.store = store;
        this.command = command;
        this.clientOptions = operationClientOptions(connection.sessionAliveTime());
        this.engineOptions = EngineOptions.builder().clock(context.clock()).build();
    }

    /** Drives {@code state} to its end, reports its result or failure, and returns the exit code. */
    public int run(OperationState state) {
        try {
            PairInfo result = execute(state);
            output.result(command, result, store == null ? null : store.file());
            return ExitCodes.SUCCESS;
        } catch (ShadowImageException e) {
            return lockWaitEnded ? failedWaiting(e) : failed(latest, e);
        } finally {
            passwords.wipe();
        }
    }

    /** Runs the dry run {@code state} (only reads) and reports its plan, or how the real run would end. */
    public int dryRun(OperationState state) {
        try {
            PairInfo result = execute(state);
            output.dryRun(command, latest.dryRunPlan(), result);
            return ExitCodes.SUCCESS;
        } catch (ShadowImageException e) {
            return lockWaitEnded ? failedWaiting(e) : failed(latest, e);
        } finally {
            passwords.wipe();
        }
    }

    /**
     * Drives {@code state} to its end without reporting it (a step of a pipeline); the state file is written
     * after every step and the access closed at the end. The caller wipes the password when it is done.
     */
    public PairInfo execute(OperationState state) throws ShadowImageException {
        CommandAccess.askFirst(connection, passwords, context.err());

        save(state);
        latest = state;
        lockWaitEnded = false;
        if (failFast) {
            // The runtime takes the locks and, finding one held by another process, fails at once.
            try {
                return runLocked(state, OperationLock.forRuntime(context.env(), connection.endpoint().arrayKey(), state,
                        store == null ? null : store.file().toString()));
            } catch (PairBusyException e) {
                lockWaitEnded = true;
                throw e;
            }
        }
        OperationLock lock;
        try {
            lock = OperationLock.acquire(context.env(), connection.endpoint().arrayKey(), state,
                    store == null ? null : store.file().toString(), context.interruption(), output, context.clock());
        } catch (ShadowImageException e) {
            lockWaitEnded = true;
            throw e;
        }
        try (lock) {
            return runLocked(state, null);
        }
    }

    private PairInfo runLocked(OperationState state, OperationLock.ForRuntime locks) throws ShadowImageException {
        ArrayAccess access = CommandAccess.open(connection, passwords, clientOptions);
        try {
            PairInfo result = RuntimeDrive.drive(state, access, output, engineOptions, context.clock(),
                    context.interruption(), this::save, command + " " + state.target(), locks);
            if (result == null) {
                throw interrupted(latest);
            }
            return result;
        } finally {
            CommandAccess.close(access, output);
        }
    }

    /** Waiting for another process's lock ended the command: nothing was sent, so it can simply be run again. */
    private int failedWaiting(ShadowImageException e) {
        int code = e instanceof PairBusyException ? ExitCodes.BUSY : e.category().exitCode();
        String hint = store != null
                ? "Continue with: shadowimage resume --state-file " + store.file() + " once the other command is done"
                : "Run the same command again once the other command is done.";
        output.failure(command, code, e, store == null ? null : store.file(), hint);
        return code;
    }

    /** The operation as of its last saved step: the runtime drives a copy of the state {@link #execute} was given. */
    public OperationState latest() {
        return latest;
    }

    /** With {@code true}, ends at once with {@link ExitCodes#BUSY} when another process holds the pair, S-VOL or group. */
    public OperationExecution failFast(boolean failFast) {
        this.failFast = failFast;
        return this;
    }

    private static ShadowImageException interrupted(OperationState state) {
        return new ShadowImageException(ShadowImageException.Category.INTERRUPTED,
                state.type().cliName() + " " + state.target() + " stopped by Ctrl-C in phase " + state.phase());
    }

    int failed(OperationState state, ShadowImageException e) {
        return failed(state, e, e.category().exitCode());
    }

    /** Reports the failure of {@code state} with the hint to continue; the command ends with {@code code}. */
    int failed(OperationState state, ShadowImageException e, int code) {
        ShadowImageException.Category c = e.category();
        boolean continuable = !state.phase().isTerminal() || c == ShadowImageException.Category.TIMEOUT
                || c == ShadowImageException.Category.CONNECTION || c == ShadowImageException.Category.INTERNAL;
        StringBuilder hint = new StringBuilder();
        if (c == ShadowImageException.Category.INTERRUPTED) {
            hint.append("Stopped waiting at ").append(context.clock().instant().truncatedTo(ChronoUnit.SECONDS))
                    .append("; the REST session was discarded. ");
        } else if (c == ShadowImageException.Category.TIMEOUT) {
            hint.append("The array may still be working on it (check with 'shadowimage status'). ");
        } else if (c == ShadowImageException.Category.CONNECTION) {
            hint.append("Check --url, the network path and --ca-cert. ");
        }
        if (continuable && store != null) {
            hint.append("Continue with: shadowimage resume --state-file ").append(store.file());
            if (c == ShadowImageException.Category.TIMEOUT) {
                hint.append(" --timeout DURATION");
            }
        } else if (continuable) {
            hint.append("Run the same command again to continue; it reads the pair first and does not repeat what "
                    + "is done.");
        }
        String text = hint.toString().trim();
        output.failure(command, code, e, store == null ? null : store.file(), text.isEmpty() ? null : text);
        return code;
    }

    void save(OperationState state) {
        latest = state;
        if (store == null) {
            return;
        }
        StateFile file = snapshot(command, connection, state, context);
        store.write(file);
    }

    /** The state file content for {@code state}. */
    public static StateFile snapshot(String command, ConnectionSettings connection, OperationState state,
            CliContext context) {
        String outcome = null;
        Map<String, Object> result = null;
        if (state.phase() == Phase.DONE) {
            outcome = StateFile.SUCCEEDED;
            result = state.result() == null ? null : state.result().toMap();
        } else if (state.phase() == Phase.FAILED) {
            outcome = StateFile.FAILED;
            result = new LinkedHashMap<>();
            result.put("category", String.valueOf(state.failureCategory()));
            result.put("message", state.failureMessage());
        }
        return new StateFile(StateFile.FORMAT, context.clock().instant().truncatedTo(ChronoUnit.MILLIS).toString(),
                command, connection.toState(), summary(state), outcome, result, EngineStateCodec.encode(state));
    }

    /** A readable digest of the engine state (the engine state itself is authoritative). */
    public static Map<String, Object> summary(OperationState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operation", s.type().cliName());
        m.put("target", s.target());
        m.put("phase", s.phase().name());
        if (s.jobId() != null) {
            m.put("jobId", s.jobId());
        }
        if (!s.jobIds().isEmpty()) {
            m.put("jobIds", s.jobIds());
        }
        if (s.submitAttempts() > 0) {
            m.put("submitAttempts", s.submitAttempts());
        }
        if (s.targetStatus() != null) {
            m.put("targetStatus", s.targetStatus());
        }
        if (s.lastPvolStatus() != null) {
            m.put("pvolStatus", s.lastPvolStatus());
            m.put("svolStatus", s.lastSvolStatus());
        }
        if (s.lastProgress() != null) {
            m.put("copyProgressRate", s.lastProgress());
        }
        m.put("startedAt", s.startedAt().toString());
        m.put("deadline", s.deadline().toString());
        return m;
    }

    /**
     * The CLI's client options. A command logs in once and keeps that session from step to step: a step leaves
     * it idle for the next one for up to {@link #SESSION_KEPT_BETWEEN_STEPS} (a quarter of aliveTime when that is
     * shorter), so a wait longer than that releases it and the next step logs in again. Closing the access at
     * the end (success, failure, Ctrl-C, SIGTERM) discards it, and so does core's shutdown hook at any other exit.
     * One request is retried in place as long as core's default allows ({@code status} has no other retry);
     * operations use {@link #operationClientOptions}.
     */
    public static ClientOptions clientOptions(Duration sessionAliveTime) {
        return build(ClientOptions.defaults().toBuilder(), sessionAliveTime);
    }

    /**
     * {@link #clientOptions} for an engine operation. A request that keeps being refused (lock, busy, 503) is
     * retried in place for at most {@link #MAX_IN_CALL_RETRY}, then handed back to the engine, which ends the
     * step (discarding its session) and tries again after the delay. Ctrl-C cuts that delay short but lets a
     * running step finish; a short in-place retry keeps every step well inside the time the Ctrl-C handler
     * waits for it. The class budgets (10 min for lock, busy and 503) span steps, so the command retries as long
     * as before.
     */
    public static ClientOptions operationClientOptions(Duration sessionAliveTime) {
        return build(ClientOptions.defaults().toBuilder()
                .retryPolicy(RetryPolicy.builder().maxInCallWait(MAX_IN_CALL_RETRY).build()), sessionAliveTime);
    }

    private static ClientOptions build(ClientOptions.Builder co, Duration sessionAliveTime) {
        Duration aliveTime = sessionAliveTime != null ? sessionAliveTime : ClientOptions.DEFAULT_ALIVE_TIME;
        co.aliveTime(aliveTime);
        Duration quarter = aliveTime.dividedBy(4);
        co.sessionLinger(quarter.compareTo(SESSION_KEPT_BETWEEN_STEPS) < 0 ? quarter : SESSION_KEPT_BETWEEN_STEPS);
        try {
            return co.build();
        } catch (IllegalArgumentException e) {
            throw io.jenkins.plugins.shadowimage.cli.CliException.usage("--session-alive-time: " + e.getMessage());
        }
    }

    /** For tests and resume: where the state is kept. */
    public Path stateFile() {
        return store == null ? null : store.file();
    }
}
