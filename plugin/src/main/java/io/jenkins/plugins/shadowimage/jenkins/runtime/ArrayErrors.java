package io.jenkins.plugins.shadowimage.jenkins.runtime;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.util.Locale;
import java.util.Map;

/**
 * Plain-language explanations of the array's message ids and SSB codes that pair operations meet, printed
 * under the array's own message. The full table is in the plugin's troubleshooting guide.
 */
public final class ArrayErrors {

    private static final Map<String, String> MESSAGES = Map.of(
            "KART30000-E", "The array's copy layer refused the operation: usually the pair is not in a status that "
                    + "allows it (e.g. restore of a pair in PAIR, split during COPY), the S-VOL is in another pair, the "
                    + "LDEV sizes differ or the MU number is in use. Check the pair with siPairStatus.",
            "KART30013-E", "The object does not exist: check the copy group, pair and device group names.",
            "KART40038-E", "The array does not support an attribute of the request: an option may be too new for "
                    + "this microcode / REST API version; leave it out or update the array.",
            "KART40041-E", "The copy group cannot be operated (for example it has just lost its last pair).",
            "KART40046-E", "A required attribute is missing: please report this as a plugin bug with this log.",
            "KART40047-E", "The array rejected the user name or password: check the credentials (and that the "
                    + "user is not locked out on the array).",
            "KART00003-E", "The REST API server is busy; retried for a while. If it persists, the SVP is overloaded.",
            "KART40050-E", "A resource-group lock is held by another session (another tool or user); retried for a while.",
            "KART40051-E", "A resource-group lock is held by another session (another tool or user); retried for a while.",
            "KART40052-E", "A resource-group lock is held by another session (another tool or user); retried for a while.");

    private ArrayErrors() {}

    /** An explanation for the message id and SSB codes, or {@code null} when there is nothing to add. */
    @CheckForNull
    public static String explain(@CheckForNull String messageId, @CheckForNull String ssb1, @CheckForNull String ssb2) {
        String s1 = ssb1 == null ? "" : ssb1.trim().toUpperCase(Locale.ROOT);
        String s2 = ssb2 == null ? "" : ssb2.trim().toUpperCase(Locale.ROOT);
        if (s1.equals("2E11") && (s2.equals("2205") || s2.equals("2207"))) {
            return "SSB " + s1 + "/" + s2 + ": the resource is locked by another session; retried for a while.";
        }
        String m = messageId == null ? null : MESSAGES.get(messageId.trim().toUpperCase(Locale.ROOT));
        if (m == null) {
            return null;
        }
        return s1.isEmpty() ? m : m + " Quote SSB1=" + s1 + " SSB2=" + s2 + " (the array's sense codes) to Hitachi support.";
    }
}
