package io.jenkins.plugins.shadowimage.core.engine;

import io.jenkins.plugins.shadowimage.core.client.model.Job;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a succeeded job says it changed another object than the operation's. A job names the objects it
 * changed in {@code affectedResources} (spec §3.2); the list may be empty, and entries of kinds we do not know
 * are no evidence either way, so only a pair, copy group or LDEV that is certainly not ours counts.
 */
final class AffectedResources {
    private static final Pattern PAIR = Pattern.compile("/local-clone-copypairs/([^/?]+)");
    private static final Pattern GROUP = Pattern.compile("/local-clone-copygroups/([^/?]+)");
    private static final Pattern LDEV = Pattern.compile("/ldevs/(\\d+)(?:[/?]|$)");

    private AffectedResources() {
    }

    /** The first entry of the job's {@code affectedResources} that names an object other than ours, if any. */
    static Optional<String> foreign(WorkingState st, Job job) {
        List<String> affected = job.affectedResources();
        if (affected == null) {
            return Optional.empty();
        }
        for (String a : affected) {
            if (a != null && !ours(st, a)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static boolean ours(WorkingState st, String resource) {
        PairRequest r = st.request();
        String group = r.groupId().toString();
        Matcher m = PAIR.matcher(resource);
        if (m.find()) {
            String id = decode(m.group(1));
            // A group action may list its pairs; a pair operation must name its own pair.
            return st.type().isPairLevel() ? id.equals(r.pairId().toString()) : id.startsWith(group + ",");
        }
        m = GROUP.matcher(resource);
        if (m.find()) {
            return decode(m.group(1)).equals(group);
        }
        m = LDEV.matcher(resource);
        if (m.find()) {
            String id = m.group(1).replaceFirst("^0+(?=\\d)", "");
            // Known only when the request names the volumes (always for a create).
            return (r.pvolLdevId() == null && r.svolLdevId() == null)
                    || id.equals(String.valueOf(r.pvolLdevId())) || id.equals(String.valueOf(r.svolLdevId()));
        }
        return true;
    }

    private static String decode(String id) {
        try {
            return URLDecoder.decode(id.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return id;
        }
    }
}
