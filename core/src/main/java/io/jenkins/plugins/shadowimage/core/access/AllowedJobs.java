package io.jenkins.plugins.shadowimage.core.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which jobs may use a storage system, by their full names ({@code folder/sub/job}). One rule per line (or
 * comma-separated): a folder or job name allows it and everything under it ({@code team-a} allows
 * {@code team-a/deploy} and {@code team-a/x/y}, never {@code team-ab}); a pattern with {@code *} (any characters
 * within one name) or {@code **} (any depth) must match the whole full name. No rule means every job.
 *
 * <p>Jenkins-free, so every surface applies the same matching.
 */
public final class AllowedJobs {

    private static final Pattern SEPARATORS = Pattern.compile("[\\r\\n,]+");
    private static final AllowedJobs EVERYONE = new AllowedJobs(List.of());

    private final List<String> rules;
    private final List<Pattern> patterns;

    private AllowedJobs(List<String> rules) {
        this.rules = List.copyOf(rules);
        List<Pattern> p = new ArrayList<>();
        for (String rule : rules) {
            p.add(toPattern(rule));
        }
        this.patterns = List.copyOf(p);
    }

    /** The rules of {@code text}; blank entries are skipped; {@code null} or blank means every job. */
    public static AllowedJobs parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYONE;
        }
        List<String> rules = new ArrayList<>();
        for (String entry : SEPARATORS.split(text)) {
            String rule = normalize(entry);
            if (!rule.isEmpty() && !rules.contains(rule)) {
                rules.add(rule);
            }
        }
        return rules.isEmpty() ? EVERYONE : new AllowedJobs(rules);
    }

    /** Why {@code text} holds an unusable rule (naming it), or {@code null} when every rule is usable. */
    public static String problem(String text) {
        if (text == null) {
            return null;
        }
        for (String entry : SEPARATORS.split(text)) {
            String rule = normalize(entry);
            if (rule.isEmpty()) {
                continue;
            }
            for (String segment : rule.split("/", -1)) {
                if (segment.isEmpty()) {
                    return "'" + rule + "' has an empty name between two '/'";
                }
                if (segment.contains("**") && !segment.equals("**")) {
                    return "'" + rule + "': '**' stands for whole names only (like 'team-a/**'); use '*' inside a name";
                }
            }
        }
        return null;
    }

    /** Whether any job may use the storage system (no rule given). */
    public boolean everyone() {
        return rules.isEmpty();
    }

    /** The rules as given (normalized), in order. */
    public List<String> rules() {
        return rules;
    }

    /** The first rule that lets {@code jobFullName} in; empty when none does (always a rule when {@link #everyone()} is false). */
    public Optional<String> ruleFor(String jobFullName) {
        String job = normalize(jobFullName == null ? "" : jobFullName);
        for (int i = 0; i < rules.size(); i++) {
            if (patterns.get(i).matcher(job).matches()) {
                return Optional.of(rules.get(i));
            }
        }
        return Optional.empty();
    }

    public boolean allows(String jobFullName) {
        return everyone() || ruleFor(jobFullName).isPresent();
    }

    /**
     * The refusal of a job, naming the rules it does not meet, or {@code null} when the job is allowed.
     *
     * @param what the storage system, as the user knows it (e.g. "storage system 'vsp1'")
     */
    public String refusal(String jobFullName, String what) {
        if (allows(jobFullName)) {
            return null;
        }
        return "job '" + jobFullName + "' may not use " + what + ": its allowed jobs are " + String.join(", ", quoted())
                + " (a folder allows every job inside it)";
    }

    private List<String> quoted() {
        List<String> q = new ArrayList<>();
        for (String r : rules) {
            q.add("'" + r + "'");
        }
        return q;
    }

    /** Surrounding blanks and slashes carry no meaning: "/team-a/" is the folder "team-a". */
    private static String normalize(String entry) {
        String s = entry.strip();
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '/') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '/') {
            to--;
        }
        return s.substring(from, to);
    }

    private static Pattern toPattern(String rule) {
        if (!rule.contains("*")) {
            // A folder or a job: itself and everything under it.
            return Pattern.compile(Pattern.quote(rule) + "(?:/.*)?", Pattern.DOTALL);
        }
        if (rule.equals("**")) {
            return Pattern.compile(".+", Pattern.DOTALL);
        }
        String[] segments = rule.split("/", -1);
        StringBuilder re = new StringBuilder();
        boolean slashWritten = false;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals("**") && last) {
                re.append("(?:/[^/]+)+"); // "team-a/**": everything inside team-a, not team-a itself
                continue;
            }
            if (i > 0 && !slashWritten) {
                re.append('/');
            }
            slashWritten = false;
            if (segment.equals("**")) {
                re.append("(?:[^/]+/)*"); // any number of names, none included: "a/**/b" matches "a/b"
                slashWritten = true;
                continue;
            }
            re.append(Pattern.quote(segment).replace("*", "\\E[^/]*\\Q"));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    @Override
    public String toString() {
        return everyone() ? "AllowedJobs[everyone]" : "AllowedJobs" + rules;
    }
}
