package io.jenkins.plugins.shadowimage.core.config;

import io.jenkins.plugins.shadowimage.core.access.AllowedJobs;
import io.jenkins.plugins.shadowimage.core.client.BaseUrl;
import io.jenkins.plugins.shadowimage.core.client.ClientOptions;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a storage system's settings may hold and what each field's form says about a value. The surfaces
 * only store and show: a value the form refuses is refused the same way when it arrives by script or by a
 * configuration file ({@link #listProblem}).
 */
public final class StorageSystemRules {

    /** The array's maximum idle time of a session, in seconds. */
    public static final int MAX_SESSION_ALIVE_TIME = 300;
    /** Below this idle time the session linger is shortened to a quarter of it (the client's rule). */
    static final int MIN_SHARING_ALIVE_TIME = 8;
    /** The client's longest retry pause inside one request: a shorter idle time may expire a session in it. */
    static final int MIN_RETRY_ALIVE_TIME = 30;
    /** A week: a copy of the largest LDEV at the slowest pace ends well within it. */
    public static final int MAX_TIMEOUT_MINUTES = 7 * 24 * 60;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private StorageSystemRules() {}

    /** Why a storage system cannot have this name (pipelines quote it), or {@code null}. */
    public static String nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "A name is required; pipelines refer to the storage system by it.";
        }
        if (!NAME.matcher(name.strip()).matches()) {
            return "Use letters, digits, '.', '_' and '-' only (at most 64 characters), so the name is easy to quote in a Jenkinsfile.";
        }
        return null;
    }

    /** Why this list of systems cannot be saved (the first unusable one, named, and why; never its URL), or {@code null}. */
    public static String listProblem(List<StorageSystemSettings> systems) {
        Set<String> names = new HashSet<>();
        for (StorageSystemSettings s : systems) {
            String error = nameProblem(s.name());
            if (error == null && s.urlProblem() != null) {
                error = "REST API URL refused: " + s.urlProblem() + ".";
            }
            if (error == null && !names.add(s.name())) {
                error = "two storage systems have this name; names must be unique.";
            }
            if (error != null) {
                return "Storage system '" + s.name() + "': " + error;
            }
        }
        return null;
    }

    /**
     * Refuses a list of systems that cannot be saved, by a form, a script or a configuration file alike.
     *
     * @throws IllegalArgumentException {@link #listProblem}
     */
    public static void requireSavable(List<StorageSystemSettings> systems) {
        String problem = listProblem(systems);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** What is logged when a URL saved before the check (or by hand) was refused on loading, and so removed. */
    public static String urlRefusedOnLoad(String name, String problem) {
        return "Storage system '" + name + "': its saved REST API URL was refused and removed (" + problem
                + "); enter it again in Manage Jenkins » VSP storage systems";
    }

    /** Empty, 0 or negative: the client's default ({@code null}); more than the array allows: its maximum. */
    public static Integer sessionBudget(Integer value) {
        return value == null || value <= 0 ? null : Math.min(value, ClientOptions.MAX_SESSIONS);
    }

    /** Seconds; empty, 0 or negative: the client's default ({@code null}); more than the array allows: its maximum. */
    public static Integer sessionAliveTime(Integer seconds) {
        return seconds == null || seconds <= 0 ? null : Math.min(seconds, MAX_SESSION_ALIVE_TIME);
    }

    /** Minutes; empty, 0 or negative: each operation's own default ({@code null}). */
    public static Integer timeoutMinutes(Integer minutes) {
        return minutes == null || minutes <= 0 ? null : minutes;
    }

    /** A form's number field: its whole number, or {@code null} when empty or not a number (the field's check says so). */
    public static Integer wholeNumber(String text) {
        try {
            return text == null || text.isBlank() ? null : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Line ends as {@code \n}: a browser submits a text area's lines with {@code \r\n}; blank is {@code null}. */
    public static String lines(String text) {
        return text == null || text.isBlank() ? null : text.strip().replace("\r\n", "\n").replace('\r', '\n');
    }

    public static FieldCheck name(String value) {
        String problem = nameProblem(value);
        return problem == null ? FieldCheck.ok() : FieldCheck.error(problem);
    }

    public static FieldCheck url(String value) {
        String problem = BaseUrl.problem(value);
        if (problem != null) {
            return FieldCheck.error("Refused: " + problem + ".");
        }
        return BaseUrl.isPlainHttp(value)
                ? FieldCheck.warning("Plain HTTP sends the REST password and session token unencrypted.")
                : FieldCheck.ok();
    }

    public static FieldCheck storageDeviceId(String value) {
        if (value == null || value.isBlank()) {
            return FieldCheck.ok("Discovered at each connection; the array must then report exactly one storage system.");
        }
        String problem = Endpoint.storageDeviceIdProblem(value);
        return problem == null ? FieldCheck.ok() : FieldCheck.error("Refused: " + problem + ".");
    }

    public static FieldCheck credentialsId(String value) {
        return value == null || value.isBlank()
                ? FieldCheck.warning("Without default credentials every step must name its own credentialsId.")
                : FieldCheck.ok();
    }

    public static FieldCheck skipTlsVerification(boolean skip) {
        return skip
                ? FieldCheck.warning("Certificate and host name verification will be skipped. Every build that uses "
                        + "this storage system prints a warning. Prefer trusting the array's certificate.")
                : FieldCheck.ok();
    }

    public static FieldCheck sessionBudget(String value) {
        return range(value, 1, ClientOptions.MAX_SESSIONS,
                "The array allows 64 sessions shared by every client (GUI, other tools, other controllers).");
    }

    /** Idle times the array accepts but that cost logins or risk a session expiring in a retry pause warn. */
    public static FieldCheck sessionAliveTime(String value) {
        FieldCheck range = range(value, 1, MAX_SESSION_ALIVE_TIME, "The array accepts 1 to 300 seconds.");
        if (range.kind() != FieldCheck.Kind.OK || value == null || value.isBlank()) {
            return range;
        }
        int seconds = Integer.parseInt(value.strip());
        if (seconds < MIN_SHARING_ALIVE_TIME) {
            return FieldCheck.warning("Below " + MIN_SHARING_ALIVE_TIME + " s a finished step keeps its session for only "
                    + "a quarter of the idle time, so most steps log in anew, and a session may expire while a request "
                    + "waits to be retried (up to 30 s). 120 s or more is recommended.");
        }
        if (seconds < MIN_RETRY_ALIVE_TIME) {
            return FieldCheck.warning("A session may expire while a request waits to be retried (up to 30 s); "
                    + "the step then logs in again. 120 s or more is recommended.");
        }
        return FieldCheck.ok();
    }

    public static FieldCheck timeoutMinutes(String value) {
        return range(value, 1, MAX_TIMEOUT_MINUTES, "Between 1 minute and 7 days.");
    }

    public static FieldCheck pauseMessage(String value, boolean paused) {
        return paused && (value == null || value.isBlank())
                ? FieldCheck.warning("Tell pipeline owners why, and until when; builds print this message while they wait.")
                : FieldCheck.ok();
    }

    public static FieldCheck allowedJobs(String value) {
        String problem = AllowedJobs.problem(value);
        if (problem != null) {
            return FieldCheck.error("Unusable rule: " + problem + ". It lets no job in.");
        }
        return AllowedJobs.parse(value).everyone()
                ? FieldCheck.ok("Every job of this controller may use this storage system.")
                : FieldCheck.ok();
    }

    private static FieldCheck range(String value, int min, int max, String why) {
        if (value == null || value.isBlank()) {
            return FieldCheck.ok();
        }
        try {
            int n = Integer.parseInt(value.strip());
            return n < min || n > max ? FieldCheck.error("Must be between " + min + " and " + max + ". " + why) : FieldCheck.ok();
        } catch (NumberFormatException e) {
            return FieldCheck.error("Not a whole number.");
        }
    }
}
