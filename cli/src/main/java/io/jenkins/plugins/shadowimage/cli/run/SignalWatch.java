package io.jenkins.plugins.shadowimage.cli.run;

import io.jenkins.plugins.shadowimage.cli.Interruption;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Takes SIGINT and SIGTERM over while with-split runs its COMMAND and its --after step, so that they do not
 * shut the JVM down (the shutdown hook waits only seconds, a resync takes longer). The first signal is recorded
 * (the command is then stopped and the after step runs); a second one asks the running engine operation to stop
 * between steps, leaving the state file resumable. The JVM's own handling is back after {@link #close()}.
 */
final class SignalWatch implements AutoCloseable {
    /** The signals taken over, with their exit status (128 + number). */
    enum Received {
        INT(130), TERM(143);

        private final int exitCode;

        Received(int exitCode) {
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    private final Interruption interruption;
    private final java.io.PrintStream diagnostics;
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile Received received;

    private SignalWatch(Interruption interruption, java.io.PrintStream diagnostics) {
        this.interruption = interruption;
        this.diagnostics = diagnostics;
    }

    /** Installs the handlers; a signal the JVM may not handle here (ignored by our parent) stays as it is. */
    static SignalWatch install(Interruption interruption, java.io.PrintStream diagnostics) {
        SignalWatch w = new SignalWatch(interruption, diagnostics);
        for (Received r : Received.values()) {
            Signal s = new Signal(r.name());
            try {
                SignalHandler old = Signal.handle(s, sig -> w.on(r));
                w.signals.add(s);
                w.previous.add(old);
            } catch (IllegalArgumentException notHandled) {
                // e.g. SIGINT ignored in a background job: it then cannot reach us anyway
            }
        }
        return w;
    }

    private void on(Received r) {
        if (received == null) {
            received = r;
        } else {
            diagnostics.println("shadowimage with-split: SIG" + r + " again; stopping the after step between two "
                    + "requests (resume the state file to finish it)");
            diagnostics.flush();
            interruption.request();
        }
    }

    /** The first signal received, or {@code null}. */
    Received received() {
        return received;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
