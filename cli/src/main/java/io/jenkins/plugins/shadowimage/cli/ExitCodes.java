package io.jenkins.plugins.shadowimage.cli;

/**
 * The documented exit codes of {@code shadowimage}. Scripts branch on these, so they never change
 * meaning.
 */
public final class ExitCodes {
    /** The operation reached its target (or there was nothing to do). */
    public static final int SUCCESS = 0;
    /** Bad command line or parameters; nothing was sent to the array. */
    public static final int USAGE = 2;
    /** The array rejected the request, or the credentials (KART message id and SSB codes are printed). */
    public static final int REJECTED = 3;
    /** The pair did not reach its target status before --timeout. */
    public static final int TIMEOUT = 4;
    /** The array could not be reached, or TLS failed (e.g. its certificate is not trusted). */
    public static final int CONNECTION = 5;
    /**
     * With --fail-fast: another shadowimage process is working on the same pair, S-VOL or copy group; nothing was
     * sent to the array.
     */
    public static final int BUSY = 6;
    /** An unexpected internal error (a bug); the state file, if any, stays resumable. */
    public static final int INTERNAL = 1;
    /** Ctrl-C / SIGTERM: waiting stopped, the session was discarded, the state file is resumable. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
