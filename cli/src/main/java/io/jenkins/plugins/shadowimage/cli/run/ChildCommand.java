package io.jenkins.plugins.shadowimage.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The COMMAND of with-split: started with the split's facts in its environment (and without the password
 * variable), its output copied to ours, and ended by itself or, after a signal to us, by SIGTERM (SIGKILL when it
 * is still running {@link #TERMINATION_GRACE} later).
 */
final class ChildCommand {
    /** How long a COMMAND may take to end after SIGTERM before it is killed. */
    static final Duration TERMINATION_GRACE = Duration.ofSeconds(30);
    /** Environment variables a COMMAND never gets: the password must not reach another program. */
    static final List<String> WITHHELD = List.of("SHADOWIMAGE_PASSWORD");

    /** How COMMAND ended: its exit code, and the signal to us that stopped it, if any. */
    record Ended(int exitCode, SignalWatch.Received signal) {
    }

    private final List<String> argv;
    private final Map<String, String> facts;
    private final PrintStream out;
    private final PrintStream err;

    ChildCommand(List<String> argv, Map<String, String> facts, PrintStream out, PrintStream err) {
        this.argv = List.copyOf(argv);
        this.facts = Map.copyOf(facts);
        this.out = out;
        this.err = err;
    }

    /**
     * Runs COMMAND to its end.
     *
     * @throws IOException when it cannot be started (not found, not executable)
     */
    Ended run(SignalWatch signals) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.INHERIT);
        WITHHELD.forEach(pb.environment()::remove);
        pb.environment().putAll(facts);
        Process p = pb.start();
        Thread o = pump(p.getInputStream(), out, "command-stdout");
        Thread e = pump(p.getErrorStream(), err, "command-stderr");
        SignalWatch.Received signal = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (p.waitFor(100, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException ie) {
                    interrupted = true;
                }
                if (signal == null && signals.received() != null) {
                    signal = signals.received();
                    err.println("shadowimage with-split: SIG" + signal + " received; stopping the command (SIGTERM), "
                            + "then doing the --after step");
                    err.flush();
                    p.destroy();
                    if (!waitQuietly(p, TERMINATION_GRACE)) {
                        err.println("shadowimage with-split: the command did not end within "
                                + TERMINATION_GRACE.toSeconds() + " s of SIGTERM; killing it");
                        p.destroyForcibly();
                        waitQuietly(p, TERMINATION_GRACE);
                    }
                }
            }
            join(o);
            join(e);
            return new Ended(p.exitValue(), signal);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean waitQuietly(Process p, Duration d) {
        try {
            return p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(InputStream in, OutputStream to, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    to.write(buf, 0, n);
                    to.flush();
                }
            } catch (IOException ignored) {
                // the command closed its output
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
