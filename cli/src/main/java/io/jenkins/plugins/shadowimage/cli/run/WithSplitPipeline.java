package io.jenkins.plugins.shadowimage.cli.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.shadowimage.cli.CliContext;
import io.jenkins.plugins.shadowimage.cli.CliException;
import io.jenkins.plugins.shadowimage.cli.ExitCodes;
import io.jenkins.plugins.shadowimage.cli.output.Output;
import io.jenkins.plugins.shadowimage.cli.password.PasswordSource;
import io.jenkins.plugins.shadowimage.cli.state.StateFile;
import io.jenkins.plugins.shadowimage.cli.state.StateFile.WithSplit;
import io.jenkins.plugins.shadowimage.cli.state.StateFileStore;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.EngineOptions;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.ProgressListener;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import io.jenkins.plugins.shadowimage.core.runtime.ArrayConnector;
import io.jenkins.plugins.shadowimage.core.runtime.FileLockStore;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopy;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyContext;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyState;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyState.After;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyState.BodyEnd;
import io.jenkins.plugins.shadowimage.core.runtime.FrozenCopyState.Step;
import io.jenkins.plugins.shadowimage.core.runtime.LockKeys;
import io.jenkins.plugins.shadowimage.core.runtime.LockStore;
import io.jenkins.plugins.shadowimage.core.runtime.MaintenancePause;
import io.jenkins.plugins.shadowimage.core.runtime.OperationFailure;
import io.jenkins.plugins.shadowimage.core.runtime.OperationRuntime;
import io.jenkins.plugins.shadowimage.core.runtime.OperationSpec;
import io.jenkins.plugins.shadowimage.core.runtime.RuntimeOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code with-split}: the core {@link FrozenCopy} driven from the command line. The core does the steps, the lock
 * (a file lock held for the whole block, so that another shadowimage process on the pair, its S-VOL or its group
 * waits) and the after step; this class runs COMMAND as the body (its signals, its exit code), writes the state file
 * at every change, and reports. A resume after kill -9 finishes the operation under way and the after step, and
 * never runs COMMAND again.
 */
public final class WithSplitPipeline {

    static final String COMMAND = "with-split";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the core hands the command thread: the body is due. */
    private static final Object BODY = new Object();

    /** The end the core reported. */
    private record Ended(FrozenCopyState state, PairInfo result, OperationFailure failure) {}

    /** The operations a with-split of {@code request} runs, validated before anything is sent. */
    public record Plan(PairRequest request, After after, boolean resyncFirst, List<String> commandLine) {
        public Plan {
            commandLine = List.copyOf(commandLine);
        }

        /** Checks every request this plan will send. */
        public void validate(Instant now) throws ValidationException {
            FrozenCopy.plan(request, after, resyncFirst, "-", "-", "-", now);
        }
    }

    private final CliContext ctx;
    private final Output output;
    private final ConnectionSettings connection;
    private final PasswordSource passwords;
    private final StateFileStore store;
    private final List<String> commandLine;
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private volatile FrozenCopyState latest;
    /** Installed when COMMAND starts and kept for the after step: a first signal stops COMMAND, a second the step. */
    private SignalWatch signals;

    private WithSplitPipeline(CliContext ctx, Output output, ConnectionSettings connection, PasswordSource passwords,
            StateFileStore store, List<String> commandLine) {
        this.ctx = ctx;
        this.output = output;
        this.connection = connection;
        this.passwords = passwords;
        this.store = store;
        this.commandLine = commandLine;
    }

    /** Runs {@code plan} and returns the exit code. */
    public static int run(CliContext ctx, Output output, ConnectionSettings connection, PasswordSource passwords,
            StateFileStore store, Plan plan) {
        WithSplitPipeline p = new WithSplitPipeline(ctx, output, connection, passwords, store, plan.commandLine());
        try {
            String holder = "shadowimage " + COMMAND + " (pid " + ProcessHandle.current().pid()
                    + (store == null ? "" : ", state file " + store.file()) + ")";
            FrozenCopyState first = FrozenCopy.plan(plan.request(), plan.after(), plan.resyncFirst(),
                    connection.endpoint().arrayKey(), UUID.randomUUID().toString(), holder, ctx.clock().instant());
            return p.drive(first, false);
        } catch (ValidationException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        } finally {
            passwords.wipe();
        }
    }

    /** Finishes a with-split saved in {@code saved} (after kill -9 or a failure that can go on). */
    public static int resume(CliContext ctx, Output output, ConnectionSettings connection, PasswordSource passwords,
            StateFileStore store, StateFile saved, OperationState current) {
        WithSplitPipeline p = new WithSplitPipeline(ctx, output, connection, passwords, store, null);
        try {
            FrozenCopyState block = saved.frozenCopy() != null
                    ? FrozenCopyState.fromJson(saved.frozenCopy().toString()).withOperation(current)
                    : fromFirstFormat(saved.withSplit(), current, connection.endpoint().arrayKey());
            if (!current.phase().isTerminal()) {
                output.info("resuming " + COMMAND + ": finishing " + current.type().cliName() + " of " + current.target()
                        + " from phase " + current.phase());
            }
            if (block.step() != Step.AFTER && block.step() != Step.DONE) {
                output.info(COMMAND + " was stopped " + (block.step() == Step.BODY ? "while its command ran"
                        : "before its command ran") + "; the command is not run again. Doing the after step: "
                        + block.after().word());
            }
            if (block.step() == Step.BODY && block.bodyEnd() == null) {
                output.info("the command's own result is unknown (the process running it was killed)");
            }
            return p.drive(block, true);
        } finally {
            passwords.wipe();
        }
    }

    /** A state file written before it kept the core's state: its withSplit part and its current operation. */
    static FrozenCopyState fromFirstFormat(WithSplit ws, OperationState current, String arrayKey) {
        OperationType t = current.type();
        boolean splitType = t == OperationType.SPLIT || t == OperationType.GROUP_SPLIT;
        Step step = switch (ws.step()) {
            case RESYNC_FIRST -> Step.RESYNC_FIRST;
            case SPLIT -> Step.SPLIT;
            case COMMAND -> Step.BODY;
            // the command had ended; with the split still the current operation, the after step had not begun
            case AFTER -> splitType ? Step.BODY : Step.AFTER;
            case DONE -> Step.DONE;
        };
        boolean group = t == OperationType.GROUP_SPLIT || t == OperationType.GROUP_RESYNC
                || t == OperationType.DELETE && ws.members() != null && ws.members().size() > 1;
        boolean split = splitType && current.phase() == Phase.DONE;
        BodyEnd end = ws.commandExitCode() == null && ws.signal() == null
                ? ws.step() == WithSplit.Step.AFTER ? new BodyEnd(BodyEnd.Kind.UNKNOWN, null, null, null) : null
                : new BodyEnd(ws.signal() != null ? BodyEnd.Kind.ABORTED : ws.commandExitCode() == 0
                        ? BodyEnd.Kind.SUCCEEDED : BodyEnd.Kind.FAILED, ws.commandExitCode(), ws.signal(), null);
        List<String> locks = group ? List.of(LockKeys.group(arrayKey, current.request().copyGroupName()))
                : LockKeys.forOperation(arrayKey, OperationType.SPLIT, current.request());
        return new FrozenCopyState(FrozenCopyState.FORMAT, UUID.randomUUID().toString(), step, After.of(ws.after()), group,
                locks, "shadowimage " + COMMAND + " " + current.target() + " (pid " + ProcessHandle.current().pid() + ")",
                false, current.toJson(), split ? current.toJson() : null, ws.members(), ws.commandStartedAt(), end, null);
    }

    private int drive(FrozenCopyState first, boolean resuming) {
        CommandAccess.askFirst(connection, passwords, ctx.err());
        latest = first;
        save(first);
        ArrayAccess access = CommandAccess.open(connection, passwords,
                OperationExecution.operationClientOptions(connection.sessionAliveTime()));
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "shadowimage-step");
            t.setDaemon(true);
            return t;
        });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        try {
            OperationRuntime runtime = new OperationRuntime(() -> pool, locks(), MaintenancePause.NONE, ctx.clock(),
                    new RuntimeOptions(OperationLock.RECHECK, Duration.ofMinutes(5), Duration.ZERO,
                            EngineOptions.builder().clock(ctx.clock()).build()));
            FrozenCopy block = new FrozenCopy(runtime, new OperationSpec("array", ArrayConnector.shared(access), false), first,
                    new Surface());
            if (resuming) {
                block.resumeWithoutBody();
            } else {
                block.start();
            }
            while (true) {
                Object e;
                try {
                    e = ctx.interruption().requested() ? stop(runtime, pool) : events.take();
                } catch (InterruptedException x) {
                    continue; // Ctrl-C (the hook interrupts this thread, never the step's): see requested() above
                }
                if (e == BODY) {
                    block.bodyEnded(runBody(latest));
                } else if (e instanceof Ended end) {
                    return report(end);
                } else {
                    return interrupted();
                }
            }
        } finally {
            pool.shutdownNow();
            CommandAccess.close(access, output);
            if (signals != null) {
                signals.close();
            }
        }
    }

    private LockStore locks() {
        try {
            return FileLockStore.shared(OperationLock.directory(ctx.env()));
        } catch (UncheckedIOException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage() + "; set " + FileLockStore.DIRECTORY_ENV
                    + " to a writable directory shared by the shadowimage processes of this machine");
        }
    }

    /** Ctrl-C outside COMMAND: stop scheduling, let the step in flight end (its state saved), then stop. */
    private Object stop(OperationRuntime runtime, ScheduledThreadPoolExecutor pool) {
        runtime.shutdown();
        pool.shutdown();
        boolean interrupted = Thread.interrupted();
        while (!pool.isTerminated()) {
            try {
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Object last = null;
        for (Object e; (e = events.poll()) != null; ) {
            last = e instanceof Ended ? e : last;
        }
        return last != null ? last : "stopped";
    }

    /** Runs COMMAND with the frozen copy's facts in its environment; SIGINT/SIGTERM to us stop it. */
    private BodyEnd runBody(FrozenCopyState s) {
        PairInfo frozen = s.frozen();
        printFrozen(frozen, commandLine.get(0));
        signals = SignalWatch.install(ctx.interruption(), ctx.err());
        {
            PrintStream commandOut = output.json() ? ctx.err() : ctx.out();
            ChildCommand.Ended ended;
            try {
                ended = new ChildCommand(commandLine, s.environment(), commandOut, ctx.err()).run(signals);
            } catch (IOException e) {
                ctx.err().println("shadowimage with-split: cannot run " + commandLine.get(0) + ": " + e.getMessage()
                        + "; doing the --after step");
                ended = new ChildCommand.Ended(127, null);
            }
            output.info("the command ended " + (ended.signal() == null ? "with exit code " + ended.exitCode()
                    : "after SIG" + ended.signal() + " (exit code " + ended.exitCode() + ")") + "; after: "
                    + s.after().word());
            if (ended.signal() != null) {
                return new BodyEnd(BodyEnd.Kind.ABORTED, null, ended.signal().name(), null);
            }
            return new BodyEnd(ended.exitCode() == 0 ? BodyEnd.Kind.SUCCEEDED : BodyEnd.Kind.FAILED, ended.exitCode(),
                    null, null);
        }
    }

    /** COMMAND's exit code (128 + signal after a signal; 0 when it was not run or its result is unknown). */
    private static int commandCode(BodyEnd end) {
        if (end == null || end.signal() == null && end.exitCode() == null) {
            return ExitCodes.SUCCESS;
        }
        return end.signal() != null ? SignalWatch.Received.valueOf(end.signal()).exitCode() : end.exitCode();
    }

    private int report(Ended end) {
        FrozenCopyState s = end.state();
        int code = commandCode(s.bodyEnd());
        if (end.failure() != null) {
            OperationFailure f = end.failure();
            ShadowImageException e = f.engineError() != null ? f.engineError() : new ShadowImageException(
                    f.kind() == OperationFailure.Kind.TIMED_OUT_WAITING ? ShadowImageException.Category.TIMEOUT
                            : ShadowImageException.Category.INTERNAL, f.message(), f.cause());
            int failed = new OperationExecution(ctx, output, connection, passwords, store, COMMAND)
                    .failed(s.currentOperation(), e);
            // The command's own failure comes first in the exit code.
            return code != ExitCodes.SUCCESS ? code : failed;
        }
        output.closeProgress();
        PairInfo frozen = s.frozen();
        PairInfo result = end.result();
        if (output.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("command", COMMAND);
            doc.put("exitCode", code);
            BodyEnd b = s.bodyEnd();
            if (b != null && b.exitCode() != null) {
                doc.put("commandExitCode", b.exitCode());
            }
            if (b != null && b.signal() != null) {
                doc.put("signal", b.signal());
            }
            doc.put("after", s.after().word());
            if (frozen != null) {
                doc.put("split", frozen.toMap());
            }
            if (result != null && !result.equals(frozen)) {
                doc.put("result", result.toMap());
            }
            if (store != null) {
                doc.put("stateFile", store.file().toString());
            }
            output.printJson(doc);
            return code;
        }
        PrintStream out = ctx.out();
        String signal = s.bodyEnd() == null ? null : s.bodyEnd().signal();
        out.println(COMMAND + ": done (after " + s.after().word() + "); exit code " + code
                + (signal != null ? " (SIG" + signal + ")" : ""));
        if (result != null) {
            out.print(Output.table(result));
        }
        out.flush();
        return code;
    }

    private int interrupted() {
        FrozenCopyState s = latest;
        OperationState op = s.currentOperation();
        ShadowImageException e = new ShadowImageException(ShadowImageException.Category.INTERRUPTED,
                op.type().cliName() + " " + op.target() + " stopped by Ctrl-C in phase " + op.phase());
        return new OperationExecution(ctx, output, connection, passwords, store, COMMAND).failed(op, e);
    }

    /** Names the program only: its arguments may hold what the user would not want in a log. */
    private void printFrozen(PairInfo frozen, String program) {
        Instant at = frozen.statusObservedAt().get("PSUS");
        output.info("frozen copy " + (at != null ? "split at " + at : "split before this run (not later than "
                + frozen.splitNotLaterThan() + ")") + "; running " + program);
        if (!output.json()) {
            output.closeProgress();
            ctx.out().print(Output.table(frozen));
            ctx.out().flush();
        }
    }

    private void save(FrozenCopyState s) {
        latest = s;
        if (store == null) {
            return;
        }
        StateFile file = OperationExecution.snapshot(COMMAND, connection, s.currentOperation(), ctx);
        try {
            store.write(file.inPipeline(withSplit(s)).withFrozenCopy(JSON.readTree(s.toJson())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The state file's readable form of where the block is (as the first format wrote it). */
    static WithSplit withSplit(FrozenCopyState s) {
        WithSplit.Step step = switch (s.step()) {
            case RESYNC_FIRST -> WithSplit.Step.RESYNC_FIRST;
            case SPLIT -> WithSplit.Step.SPLIT;
            case BODY -> s.bodyEnd() == null ? WithSplit.Step.COMMAND : WithSplit.Step.AFTER;
            case AFTER -> WithSplit.Step.AFTER;
            case DONE -> WithSplit.Step.DONE;
        };
        BodyEnd b = s.bodyEnd();
        return new WithSplit(step, s.after().word(), s.members(), s.bodyStartedAt(), b == null ? null : b.exitCode(),
                b == null ? null : b.signal());
    }

    /** The core's calls, on its step thread. */
    private final class Surface implements FrozenCopyContext {
        @Override
        public void save(FrozenCopyState s) {
            WithSplitPipeline.this.save(s);
        }

        @Override
        public void log(String line) {
            if (line.startsWith("waiting: ")) {
                output.warn(line);
            } else {
                output.info(line);
            }
        }

        @Override
        public ProgressListener progress() {
            return output::event;
        }

        @Override
        public void startBody(FrozenCopyState s) {
            events.add(BODY);
        }

        @Override
        public void ended(FrozenCopyState s, PairInfo result, OperationFailure failure) {
            events.add(new Ended(s, result, failure));
        }
    }
}
