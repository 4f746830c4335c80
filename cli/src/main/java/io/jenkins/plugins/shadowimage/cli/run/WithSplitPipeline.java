package io.jenkins.plugins.shadowimage.cli.run;

import io.jenkins.plugins.shadowimage.cli.CliContext;
import io.jenkins.plugins.shadowimage.cli.ExitCodes;
import io.jenkins.plugins.shadowimage.cli.output.Output;
import io.jenkins.plugins.shadowimage.cli.password.PasswordSource;
import io.jenkins.plugins.shadowimage.cli.state.StateFile;
import io.jenkins.plugins.shadowimage.cli.state.StateFile.WithSplit;
import io.jenkins.plugins.shadowimage.cli.state.StateFile.WithSplit.Step;
import io.jenkins.plugins.shadowimage.cli.state.StateFileStore;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import io.jenkins.plugins.shadowimage.core.engine.Phase;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code with-split}: a frozen copy for the length of a command. Resync first (optional), split and wait for
 * PSUS/SSUS, run COMMAND with the split's facts in its environment, then do the --after step however COMMAND
 * ended (by itself, or stopped after SIGINT/SIGTERM to us), and end with COMMAND's exit code (128 + signal
 * after a signal). Every step is written to the state file; a resume after kill -9 finishes the operation that
 * was under way and then the after step, and never runs COMMAND again.
 */
public final class WithSplitPipeline {
    /** What is done to the pair once COMMAND has ended. */
    public enum After {
        /** Resynchronise (back to PAIR), the default: the S-VOL follows the P-VOL again. */
        RESYNC,
        /** Leave it split: the frozen copy stays. */
        KEEP,
        /** Delete the pair (each pair of the group): the S-VOL keeps the frozen data as a plain volume. */
        DELETE;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String COMMAND = "with-split";

    private final CliContext ctx;
    private final Output output;
    private final ConnectionSettings connection;
    private final PasswordSource passwords;
    private final StateFileStore store;
    private WithSplit progress;
    /** The operation run last: the state file holds it. */
    private OperationState last;
    private ShadowImageException lastFailure;
    private int lastCode = ExitCodes.INTERNAL;

    private WithSplitPipeline(CliContext ctx, Output output, ConnectionSettings connection, PasswordSource passwords,
            StateFileStore store, WithSplit progress) {
        this.ctx = ctx;
        this.output = output;
        this.connection = connection;
        this.passwords = passwords;
        this.store = store;
        this.progress = progress;
    }

    /** The operations a with-split of {@code request} runs, validated before anything is sent. */
    public record Plan(PairRequest request, After after, boolean resyncFirst, List<String> commandLine) {
        public Plan {
            commandLine = List.copyOf(commandLine);
        }

        boolean group() {
            return request.copyPairName() == null;
        }

        /** Checks every request this plan will send. */
        public void validate(Instant now) throws ValidationException {
            if (resyncFirst) {
                resync(request, now);
            }
            split(request, now);
            if (after == After.RESYNC) {
                resync(request, now);
            } else if (after == After.DELETE) {
                delete(request, group() ? "member" : request.copyPairName(), now);
            }
        }
    }

    /** Runs {@code plan} and returns the exit code. */
    public static int run(CliContext ctx, Output output, ConnectionSettings connection, PasswordSource passwords,
            StateFileStore store, Plan plan) {
        Step first = plan.resyncFirst() ? Step.RESYNC_FIRST : Step.SPLIT;
        WithSplitPipeline p = new WithSplitPipeline(ctx, output, connection, passwords, store,
                new WithSplit(first, plan.after().cliName(), null, null, null, null));
        try {
            return p.runPlan(plan);
        } finally {
            passwords.wipe();
        }
    }

    /** Finishes a with-split saved in {@code saved} (after kill -9 or a failure that can go on). */
    public static int resume(CliContext ctx, Output output, ConnectionSettings connection, PasswordSource passwords,
            StateFileStore store, StateFile saved, OperationState current) {
        WithSplitPipeline p = new WithSplitPipeline(ctx, output, connection, passwords, store, saved.withSplit());
        try {
            return p.resumeFrom(current);
        } finally {
            passwords.wipe();
        }
    }

    private int runPlan(Plan plan) {
        PairRequest r = plan.request();
        Instant now = ctx.clock().instant();
        if (plan.resyncFirst()) {
            OperationState resync = unchecked(() -> resync(r, now));
            if (runStep(resync, "resync first") == null) {
                return finishFailed();
            }
        }
        progress = progress.at(Step.SPLIT);
        OperationState split = unchecked(() -> split(r, ctx.clock().instant()));
        PairInfo frozen = runStep(split, "split");
        if (frozen == null) {
            return finishFailed();
        }
        progress = new WithSplit(Step.COMMAND, progress.after(), members(frozen),
                ctx.clock().instant().truncatedTo(ChronoUnit.MILLIS).toString(), null, null);
        save();
        printFrozen(frozen, plan.commandLine().get(0));
        int code;
        try (SignalWatch signals = SignalWatch.install(ctx.interruption(), ctx.err())) {
            PrintStream commandOut = output.json() ? ctx.err() : ctx.out();
            ChildCommand.Ended ended;
            try {
                ended = new ChildCommand(plan.commandLine(), facts(frozen), commandOut, ctx.err()).run(signals);
            } catch (IOException e) {
                ctx.err().println("shadowimage with-split: cannot run " + plan.commandLine().get(0) + ": "
                        + e.getMessage() + "; doing the --after step");
                ended = new ChildCommand.Ended(127, null);
            }
            code = ended.signal() != null ? ended.signal().exitCode() : ended.exitCode();
            progress = new WithSplit(Step.AFTER, progress.after(), progress.members(), progress.commandStartedAt(),
                    ended.signal() == null ? ended.exitCode() : null,
                    ended.signal() == null ? null : ended.signal().name());
            save();
            output.info("the command ended " + (ended.signal() == null ? "with exit code " + ended.exitCode()
                    : "after SIG" + ended.signal() + " (exit code " + ended.exitCode() + ")") + "; after: "
                    + progress.after());
            return after(r, code, frozen);
        }
    }

    private int resumeFrom(OperationState current) {
        Step step = progress.step();
        PairRequest r = current.request();
        PairInfo frozen = null;
        if (!current.phase().isTerminal()) {
            output.info("resuming " + COMMAND + ": finishing " + current.type().cliName() + " of " + current.target()
                    + " from phase " + current.phase());
            PairInfo result = runStep(current, current.type().cliName());
            if (result == null) {
                return finishFailed();
            }
            if (current.type() == OperationType.SPLIT || current.type() == OperationType.GROUP_SPLIT) {
                frozen = result;
            }
        } else if (current.phase() == Phase.DONE && current.result() != null
                && (current.type() == OperationType.SPLIT || current.type() == OperationType.GROUP_SPLIT)) {
            frozen = current.result();
        }
        if (step != Step.AFTER) {
            output.info(COMMAND + " was stopped " + (step == Step.COMMAND ? "while its command ran" : "before its command"
                    + " ran") + "; the command is not run again. Doing the after step: " + progress.after());
        }
        List<String> members = progress.members() != null ? progress.members()
                : frozen != null ? members(frozen) : r.copyPairName() == null ? null : List.of(r.copyPairName());
        progress = new WithSplit(Step.AFTER, progress.after(), members, progress.commandStartedAt(),
                progress.commandExitCode(), progress.signal());
        int code = progress.commandExitCode() != null ? progress.commandExitCode()
                : progress.signal() != null ? SignalWatch.Received.valueOf(progress.signal()).exitCode()
                : ExitCodes.SUCCESS;
        if (progress.commandExitCode() == null && progress.signal() == null && step == Step.COMMAND) {
            output.info("the command's own result is unknown (the process running it was killed)");
        }
        return after(r, code, frozen);
    }

    /** Does the after step, saves the end of the pipeline, and reports; {@code code} is COMMAND's exit code. */
    private int after(PairRequest r, int code, PairInfo frozen) {
        After after = After.valueOf(progress.after().toUpperCase(Locale.ROOT));
        PairInfo result = frozen;
        boolean group = r.copyPairName() == null;
        switch (after) {
            case KEEP -> output.info("leaving the pair split (--after keep)");
            case RESYNC -> {
                OperationState resync = unchecked(() -> resync(r, ctx.clock().instant()));
                result = runStep(resync, "after: resync");
            }
            case DELETE -> {
                List<String> members = progress.members() == null ? List.of() : progress.members();
                if (members.isEmpty() && group) {
                    output.warn("the pairs of copy group " + r.copyGroupName() + " are not known (the split had not "
                            + "finished); nothing deleted");
                }
                for (String m : members) {
                    OperationState delete = unchecked(() -> delete(r, m, ctx.clock().instant()));
                    result = runStep(delete, "after: delete " + m);
                    if (result == null) {
                        break;
                    }
                }
            }
            default -> throw new IllegalStateException(after.name());
        }
        if (result == null && after != After.KEEP) {
            // The failure was reported with its hint; the command's own failure comes first in the exit code.
            int failed = finishFailed();
            return code != ExitCodes.SUCCESS ? code : failed;
        }
        progress = progress.at(Step.DONE);
        save();
        report(code, result, frozen);
        return code;
    }

    /** Runs one operation of the pipeline; null when it failed (the failure has been reported). */
    private PairInfo runStep(OperationState state, String label) {
        last = state;
        OperationExecution exec = execution();
        try {
            PairInfo result = exec.execute(state);
            last = exec.latest();
            output.info(label + ": " + result.outcome() + " " + summary(result));
            return result;
        } catch (ShadowImageException e) {
            last = exec.latest();
            lastFailure = e;
            lastCode = exec.failed(last, e);
            return null;
        }
    }

    /**
     * The pipeline stops at a failed operation. One that can go on (timeout, connection, Ctrl-C) leaves the
     * state file resumable; a rejection ends the pipeline.
     */
    private int finishFailed() {
        ShadowImageException.Category c = lastFailure == null ? ShadowImageException.Category.INTERNAL
                : lastFailure.category();
        boolean continuable = c == ShadowImageException.Category.TIMEOUT || c == ShadowImageException.Category.CONNECTION
                || c == ShadowImageException.Category.INTERNAL || c == ShadowImageException.Category.INTERRUPTED;
        if (!continuable) {
            progress = progress.at(Step.DONE);
            save();
        }
        return lastCode;
    }

    private OperationExecution execution() {
        return new OperationExecution(ctx, output, connection, passwords, store, COMMAND).inPipeline(() -> progress);
    }

    private void save() {
        if (store != null && last != null) {
            store.write(OperationExecution.snapshot(COMMAND, connection, last, ctx).inPipeline(progress));
        }
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

    private void report(int code, PairInfo result, PairInfo frozen) {
        output.closeProgress();
        if (output.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("command", COMMAND);
            doc.put("exitCode", code);
            if (progress.commandExitCode() != null) {
                doc.put("commandExitCode", progress.commandExitCode());
            }
            if (progress.signal() != null) {
                doc.put("signal", progress.signal());
            }
            doc.put("after", progress.after());
            if (frozen != null) {
                doc.put("split", frozen.toMap());
            }
            if (result != null && result != frozen) {
                doc.put("result", result.toMap());
            }
            if (store != null) {
                doc.put("stateFile", store.file().toString());
            }
            output.printJson(doc);
            return;
        }
        PrintStream out = ctx.out();
        out.println(COMMAND + ": done (after " + progress.after() + "); exit code " + code
                + (progress.signal() != null ? " (SIG" + progress.signal() + ")" : ""));
        if (result != null) {
            out.print(Output.table(result));
        }
        out.flush();
    }

    /** The environment COMMAND gets: the split's facts. */
    static Map<String, String> facts(PairInfo frozen) {
        Map<String, String> env = new LinkedHashMap<>();
        put(env, "SI_COPY_GROUP_NAME", frozen.copyGroupName());
        put(env, "SI_PVOL_DEVICE_GROUP_NAME", frozen.pvolDeviceGroupName());
        put(env, "SI_SVOL_DEVICE_GROUP_NAME", frozen.svolDeviceGroupName());
        put(env, "SI_SPLIT_OUTCOME", frozen.outcome());
        Instant at = frozen.statusObservedAt().get("PSUS");
        put(env, "SI_SPLIT_OBSERVED_AT", at == null ? null : at.toString());
        put(env, "SI_SPLIT_NOT_LATER_THAN", frozen.splitNotLaterThan() == null ? null : frozen.splitNotLaterThan().toString());
        if (frozen.pairs().isEmpty()) {
            put(env, "SI_COPY_PAIR_NAME", frozen.copyPairName());
            put(env, "SI_COPY_PAIR_ID", frozen.localCloneCopypairId());
            put(env, "SI_PVOL_LDEV_ID", frozen.pvolLdevId() == null ? null : frozen.pvolLdevId().toString());
            put(env, "SI_SVOL_LDEV_ID", frozen.svolLdevId() == null ? null : frozen.svolLdevId().toString());
            put(env, "SI_PVOL_STATUS", frozen.pvolStatus());
            put(env, "SI_SVOL_STATUS", frozen.svolStatus());
        } else {
            List<String> names = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            List<String> pvols = new ArrayList<>();
            List<String> svols = new ArrayList<>();
            for (PairInfo p : frozen.pairs()) {
                names.add(p.copyPairName());
                ids.add(p.localCloneCopypairId() == null ? p.target() : p.localCloneCopypairId());
                pvols.add(String.valueOf(p.pvolLdevId()));
                svols.add(String.valueOf(p.svolLdevId()));
            }
            // Space-separated, in the same order; names and ids never hold blanks.
            put(env, "SI_PAIR_COUNT", String.valueOf(names.size()));
            put(env, "SI_COPY_PAIR_NAMES", String.join(" ", names));
            put(env, "SI_COPY_PAIR_IDS", String.join(" ", ids));
            put(env, "SI_PVOL_LDEV_IDS", String.join(" ", pvols));
            put(env, "SI_SVOL_LDEV_IDS", String.join(" ", svols));
        }
        return env;
    }

    private static void put(Map<String, String> env, String k, String v) {
        if (v != null) {
            env.put(k, v);
        }
    }

    private static List<String> members(PairInfo frozen) {
        if (frozen.pairs().isEmpty()) {
            return List.of(frozen.copyPairName());
        }
        return frozen.pairs().stream().map(PairInfo::copyPairName).toList();
    }

    private static String summary(PairInfo r) {
        if (!r.pairs().isEmpty()) {
            return r.pairs().size() + " pairs";
        }
        return r.pvolStatus() == null ? "" : r.pvolStatus() + "/" + r.svolStatus();
    }

    static OperationState resync(PairRequest r, Instant now) throws ValidationException {
        return OperationState.start(r.copyPairName() == null ? OperationType.GROUP_RESYNC : OperationType.RESYNC, r, now);
    }

    static OperationState split(PairRequest r, Instant now) throws ValidationException {
        return OperationState.start(r.copyPairName() == null ? OperationType.GROUP_SPLIT : OperationType.SPLIT, r, now);
    }

    static OperationState delete(PairRequest r, String member, Instant now) throws ValidationException {
        PairRequest.Builder b = PairRequest.builder().copyGroupName(r.copyGroupName()).copyPairName(member)
                .pvolDeviceGroupName(r.pvolDeviceGroupName()).svolDeviceGroupName(r.svolDeviceGroupName())
                .timeout(r.timeout());
        if (r.copyPairName() != null) {
            b.pvolLdevId(r.pvolLdevId()).svolLdevId(r.svolLdevId());
        }
        return OperationState.start(OperationType.DELETE, b.build(), now);
    }

    @FunctionalInterface
    private interface Start {
        OperationState start() throws ValidationException;
    }

    /** The plan was validated before anything was sent, so a request here cannot be invalid. */
    private static OperationState unchecked(Start s) {
        try {
            return s.start();
        } catch (ValidationException e) {
            throw new IllegalStateException("a request of the validated plan is invalid: " + e.getMessage(), e);
        }
    }
}
