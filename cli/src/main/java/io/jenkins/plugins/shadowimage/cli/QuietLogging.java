package io.jenkins.plugins.shadowimage.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * HttpClient 5 logs through SLF4J, and SLF4J 1.7 without a binding prints a three-line warning to
 * standard error on first use. The CLI has nothing to log there (the engine reports through its progress
 * listener), so SLF4J is initialised once at start-up, with standard error muted for just that moment,
 * and stays on its no-operation logger.
 */
final class QuietLogging {
    private QuietLogging() {
    }

    /**
     * Initialises, at start-up, core classes that register a JVM shutdown hook when first used. Registering
     * one fails once a Ctrl-C shutdown has begun, which would break the first engine step of a command that
     * is being stopped (it must still finish cleanly and discard its session).
     */
    static void preloadShutdownHooks() {
        try {
            Class.forName("io.jenkins.plugins.shadowimage.core.client.SharedSessions");
        } catch (ClassNotFoundException | LinkageError e) {
            // Not present in this version of core, or it failed to initialise: nothing to do here.
        }
    }

    static void init() {
        PrintStream err = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try {
            Class.forName("org.slf4j.LoggerFactory").getMethod("getILoggerFactory").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            // No SLF4J on the class path: nothing to silence.
        } finally {
            System.setErr(err);
        }
    }
}
