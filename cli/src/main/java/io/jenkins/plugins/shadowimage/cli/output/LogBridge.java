package io.jenkins.plugins.shadowimage.cli.output;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Shows what the engine logs through java.util.logging (retries, sessions that could not be discarded,
 * and with --verbose the opening and discarding of every REST session) as the CLI's own progress lines,
 * instead of the JDK's two-line console format on standard error. Installed for one command, removed after.
 */
final class LogBridge extends Handler {
    static final String ENGINE_LOGGERS = "io.jenkins.plugins.shadowimage.core";

    private final Logger logger = Logger.getLogger(ENGINE_LOGGERS);
    private final ProgressRenderer renderer;
    private final Output.Warn warn;
    private final Level previousLevel;
    private final boolean previousUseParent;
    private final Deque<String> recent = new ArrayDeque<>();

    LogBridge(ProgressRenderer renderer, Output.Warn warn, boolean verbose) {
        this.renderer = renderer;
        this.warn = warn;
        this.previousLevel = logger.getLevel();
        this.previousUseParent = logger.getUseParentHandlers();
        setLevel(verbose ? Level.FINE : Level.INFO);
        logger.setLevel(verbose ? Level.FINE : Level.INFO);
        logger.setUseParentHandlers(false);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord r) {
        if (!isLoggable(r)) {
            return;
        }
        String msg = r.getMessage();
        if (r.getParameters() != null && msg != null && msg.contains("{0")) {
            msg = java.text.MessageFormat.format(msg, r.getParameters());
        }
        if (msg == null) {
            return;
        }
        if (r.getLevel().intValue() >= Level.WARNING.intValue() && alreadyShown(msg)) {
            return; // e.g. the insecure-TLS warning, logged once per connection: once is loud enough
        }
        remember(msg);
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
            warn.warn(msg.startsWith("WARNING: ") ? msg.substring("WARNING: ".length()) : msg);
        } else {
            renderer.message(msg);
        }
    }

    /** Whether {@code eventMessage} repeats a line this bridge has just shown (the engine reports retries twice). */
    synchronized boolean alreadyShown(String eventMessage) {
        for (String m : recent) {
            if (eventMessage.contains(m)) {
                return true;
            }
        }
        return false;
    }

    private synchronized void remember(String msg) {
        recent.addLast(msg);
        while (recent.size() > 16) {
            recent.removeFirst();
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
        logger.setUseParentHandlers(previousUseParent);
    }
}
