package io.jenkins.plugins.shadowimage.cli.password;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where the array password comes from, in order: {@code --password-file} (a path, or {@code -} for
 * standard input), the environment variable {@value #ENV_VAR}, or an interactive prompt on the
 * terminal. There is deliberately no {@code --password} option: arguments are visible to every
 * user of the machine through the process list and end up in shell history.
 *
 * <p>The password is read once per command and handed out as a fresh {@code char[]} copy, so
 * callers can wipe what they were given.
 */
public final class PasswordSource {
    public static final String ENV_VAR = "SHADOWIMAGE_PASSWORD";

    private final Path passwordFile;
    private final Map<String, String> env;
    private final Supplier<Console> console;
    private final InputStream stdin;
    private final Warnings warnings;
    private char[] cached;

    /** Receives warnings (e.g. a password file others can read). */
    @FunctionalInterface
    public interface Warnings {
        void warn(String message);
    }

    public PasswordSource(Path passwordFile, Map<String, String> env, Supplier<Console> console,
            InputStream stdin, Warnings warnings) {
        this.passwordFile = passwordFile;
        this.env = env;
        this.console = console;
        this.stdin = stdin;
        this.warnings = warnings;
    }

    public static PasswordSource system(Path passwordFile, Warnings warnings) {
        return new PasswordSource(passwordFile, System.getenv(), System::console, System.in, warnings);
    }

    /**
     * The password for {@code user} at {@code where}. Reads it on the first call only.
     *
     * @throws PasswordUnavailableException when no source can supply one (before any REST call)
     */
    public synchronized char[] password(String user, String where) {
        if (cached == null) {
            cached = read(user, where);
        }
        return cached.clone();
    }

    /** Overwrites the cached password. */
    public synchronized void wipe() {
        if (cached != null) {
            Arrays.fill(cached, '\0');
            cached = null;
        }
    }

    private char[] read(String user, String where) {
        if (passwordFile != null) {
            return "-".equals(passwordFile.toString()) ? fromStdin() : fromFile(passwordFile);
        }
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        Console c = console.get();
        if (c == null) {
            throw new PasswordUnavailableException("no password for user '" + user + "': use --password-file FILE "
                    + "(or - for standard input), set " + ENV_VAR + ", or run on a terminal to be prompted");
        }
        char[] typed = c.readPassword("Password for %s at %s: ", user, where);
        if (typed == null || typed.length == 0) {
            throw new PasswordUnavailableException("no password was entered for user '" + user + "'");
        }
        return typed;
    }

    private char[] fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PasswordUnavailableException("password file " + file + " does not exist or is not a file");
        }
        warnIfOthersCanRead(file);
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return firstLine(r, "password file " + file);
        } catch (IOException e) {
            // The exception text carries the path and the I/O reason, never file content.
            throw new PasswordUnavailableException("cannot read password file " + file + ": " + e.getMessage());
        }
    }

    private char[] fromStdin() {
        try {
            return firstLine(new InputStreamReader(stdin, StandardCharsets.UTF_8), "standard input");
        } catch (IOException e) {
            throw new PasswordUnavailableException("cannot read the password from standard input: " + e.getMessage());
        }
    }

    /** The first line, without its line terminator; the rest is ignored. */
    static char[] firstLine(Reader r, String what) throws IOException {
        char[] buf = new char[256];
        int n = 0;
        int ch;
        while ((ch = r.read()) != -1 && ch != '\n') {
            if (n == buf.length) {
                char[] bigger = Arrays.copyOf(buf, buf.length * 2);
                Arrays.fill(buf, '\0');
                buf = bigger;
            }
            buf[n++] = (char) ch;
        }
        if (n > 0 && buf[n - 1] == '\r') {
            n--;
        }
        char[] out = Arrays.copyOf(buf, n);
        Arrays.fill(buf, '\0');
        if (out.length == 0) {
            throw new PasswordUnavailableException(what + " holds no password (its first line is empty)");
        }
        return out;
    }

    private void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                warnings.warn("password file " + file + " can be read by other users; chmod 600 it");
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
    }
}
