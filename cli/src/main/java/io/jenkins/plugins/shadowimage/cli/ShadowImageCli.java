package io.jenkins.plugins.shadowimage.cli;

import io.jenkins.plugins.shadowimage.cli.commands.CreateCommand;
import io.jenkins.plugins.shadowimage.cli.commands.DeleteCommand;
import io.jenkins.plugins.shadowimage.cli.commands.DemoCommand;
import io.jenkins.plugins.shadowimage.cli.commands.RestoreCommand;
import io.jenkins.plugins.shadowimage.cli.commands.ResumeCommand;
import io.jenkins.plugins.shadowimage.cli.commands.ResyncCommand;
import io.jenkins.plugins.shadowimage.cli.commands.SimulatorCommand;
import io.jenkins.plugins.shadowimage.cli.commands.SplitCommand;
import io.jenkins.plugins.shadowimage.cli.commands.StatusCommand;
import io.jenkins.plugins.shadowimage.cli.commands.WaitCommand;
import io.jenkins.plugins.shadowimage.cli.commands.WithSplitCommand;
import io.jenkins.plugins.shadowimage.cli.options.DecimalIntegerConverter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code shadowimage}: ShadowImage pair operations from the command line, on the same engine as the Jenkins steps. */
@Command(name = "shadowimage",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Operate Hitachi VSP ShadowImage pairs through the Configuration Manager REST API.",
            "",
            "Options may also be written with the pipeline step parameter names, e.g. --copyGroupName.",
        },
        subcommands = {
            CreateCommand.class, SplitCommand.class, ResyncCommand.class, RestoreCommand.class,
            DeleteCommand.class, StatusCommand.class, WaitCommand.class, WithSplitCommand.class, ResumeCommand.class, DemoCommand.class,
            SimulatorCommand.class, CommandLine.HelpCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:internal error (a bug; the state file stays resumable)",
            "2:usage or validation error (nothing was sent to the array)",
            "3:rejected by the array, including a wrong user or password (KART message id and SSB codes are "
                    + "printed)",
            "4:timeout (the target status was not reached in time)",
            "5:connection or TLS failure (the array could not be reached or its certificate is not trusted)",
            "6:busy (--fail-fast: another shadowimage process works on the same pair, S-VOL or copy group; nothing "
                    + "was sent)",
            "130:interrupted (Ctrl-C; the session was discarded, the state file is resumable)",
        })
public final class ShadowImageCli implements Runnable {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    public ShadowImageCli(CliContext context) {
        this.context = context;
    }

    public CliContext context() {
        return context;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand; see shadowimage --help");
    }

    public static void main(String[] args) {
        preloadShutdownHooks();
        Interruption interruption = Interruption.installForCurrentThread(System.err);
        int code;
        try {
            code = execute(CliContext.system(interruption), args);
        } finally {
            interruption.finished();
        }
        // During a Ctrl-C shutdown the JVM is already exiting (status 130); System.exit would block.
        if (interruption.uninstall()) {
            System.exit(code);
        }
    }

    /**
     * Initialises, at start-up, core classes that register a JVM shutdown hook when first used. Registering
     * one fails once a Ctrl-C shutdown has begun, which would break the first engine step of a command that
     * is being stopped (it must still finish cleanly and discard its session).
     */
    private static void preloadShutdownHooks() {
        try {
            Class.forName("io.jenkins.plugins.shadowimage.core.client.SharedSessions");
        } catch (ClassNotFoundException | LinkageError e) {
            // Not present in this version of core, or it failed to initialise: nothing to do here.
        }
    }

    /** Runs one command line in this JVM and returns its exit code. */
    public static int execute(CliContext context, String... args) {
        CommandLine cli = commandLine(context);
        boolean simulator = args.length > 0 && "simulator".equals(args[0]);
        return cli.execute(simulator ? args : normalizeOptionNames(args));
    }

    /** The configured command tree (also used by tests that only parse). */
    public static CommandLine commandLine(CliContext context) {
        CommandLine cli = new CommandLine(new ShadowImageCli(context));
        cli.setOut(new PrintWriter(context.out(), true));
        cli.setErr(new PrintWriter(context.err(), true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(Integer.class, new DecimalIntegerConverter());
        cli.registerConverter(int.class, new DecimalIntegerConverter());
        cli.setExecutionExceptionHandler(new FailureHandler(context));
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        // The simulator parses its own options; hand them over untouched and in order.
        cli.getSubcommands().get("simulator").setUnmatchedOptionsArePositionalParams(true);
        return cli;
    }

    /**
     * Accepts the pipeline steps' camelCase parameter names ({@code --copyGroupName}) as spellings of the
     * kebab-case options ({@code --copy-group-name}), so a step's parameters can be copied to a command
     * line unchanged.
     */
    static String[] normalizeOptionNames(String[] args) {
        List<String> out = new ArrayList<>(args.length);
        boolean endOfOptions = false;
        for (String a : args) {
            if (endOfOptions || !a.startsWith("--") || a.length() < 4 || !Character.isLowerCase(a.charAt(2))) {
                out.add(a);
                endOfOptions |= "--".equals(a);
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
            String rest = eq < 0 ? "" : a.substring(eq);
            out.add("--" + kebab(name) + rest);
        }
        return out.toArray(String[]::new);
    }

    static String kebab(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                char prev = i > 0 ? camel.charAt(i - 1) : '-';
                if (Character.isLowerCase(prev) || Character.isDigit(prev)) {
                    sb.append('-');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
