package io.jenkins.plugins.shadowimage.cli.run;

import io.jenkins.plugins.shadowimage.cli.output.Output;
import io.jenkins.plugins.shadowimage.cli.password.PasswordSource;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.CredentialsSource;
import io.jenkins.plugins.shadowimage.core.client.UserCredentials;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * A command's REST access to the array: the password asked for before anything is sent, read anew (and wiped) at
 * each login, and the sessions discarded at the end.
 */
final class CommandAccess {

    private CommandAccess() {}

    /**
     * Asks for the password now, before anything is sent or any progress is drawn, and warns when TLS verification is
     * off.
     */
    static void askFirst(ConnectionSettings connection, PasswordSource passwords, PrintStream err) {
        char[] probe = passwords.password(connection.user(), connection.url().toString());
        Arrays.fill(probe, '\0');
        connection.warnIfInsecure(err);
    }

    /** The access; each login reads the password from {@code passwords} and wipes its copy. */
    static ArrayAccess open(ConnectionSettings connection, PasswordSource passwords, ClientOptions options) {
        CredentialsSource credentials = () -> {
            char[] pw = passwords.password(connection.user(), connection.url().toString());
            try {
                return new UserCredentials(connection.user(), pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
        };
        return new ArrayAccess(connection.endpoint(), credentials, options);
    }

    /** Closes {@code access}, discarding its sessions; a failure is a warning, since the array drops them later. */
    static void close(ArrayAccess access, Output output) {
        // Closing discards sessions with a REST call; an interrupt flag from Ctrl-C must not abort it.
        boolean interrupted = Thread.interrupted();
        try {
            access.close();
        } catch (RuntimeException | LinkageError e) {
            output.warn("could not discard the REST session cleanly (" + e.getMessage() + "); the array drops it "
                    + "after its idle timeout");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
