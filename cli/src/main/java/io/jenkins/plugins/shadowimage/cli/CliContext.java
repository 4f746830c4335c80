package io.jenkins.plugins.shadowimage.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a command needs from its surroundings: streams, environment, terminal and clock. Tests and
 * {@code shadowimage demo} run commands in-process with their own context.
 *
 * @param out          results and human progress
 * @param err          warnings and errors
 * @param in           standard input (for {@code --password-file -})
 * @param env          environment variables (the password may come from here)
 * @param console      the terminal, or null when not interactive
 * @param clock        the time shown in log lines and written to state files
 * @param interruption Ctrl-C coordination
 */
public record CliContext(PrintStream out, PrintStream err, InputStream in, Map<String, String> env,
        Supplier<Console> console, Clock clock, Interruption interruption) {

    public static CliContext system(Interruption interruption) {
        return new CliContext(System.out, System.err, System.in, System.getenv(), System::console,
                Clock.systemUTC(), interruption);
    }

    /** True when a human is watching a terminal that can redraw a line. */
    public boolean interactiveTerminal() {
        String term = env.get("TERM");
        return console.get() != null && !"dumb".equals(term);
    }
}
