package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.engine.DryRunPlan;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A dry run's plan in words and as data, the same on every surface. */
public final class DryRunReport {

    /** The line a dry run ends with. */
    public static final String NOTHING_CHANGED = "dry run: nothing was changed";

    private DryRunReport() {}

    /**
     * The plan as a map; without a plan (nothing to do) decision {@code NOTHING}.
     *
     * @param plan the plan, or null when the real run would send nothing
     * @param result how the dry run ended
     */
    public static Map<String, Object> plan(DryRunPlan plan, PairInfo result) {
        if (plan != null) {
            return plan.toMap();
        }
        Map<String, Object> nothing = new LinkedHashMap<>();
        nothing.put("decision", "NOTHING");
        nothing.put("description", "would send nothing: " + result.outcome());
        return nothing;
    }

    /** The plan in words, one line each (the surface adds {@link #NOTHING_CHANGED} after its own details). */
    public static List<String> lines(String command, DryRunPlan plan, PairInfo result) {
        List<String> lines = new ArrayList<>();
        if (plan == null) {
            lines.add("dry run: " + command + " would send nothing: " + result);
        } else {
            lines.add("dry run: " + command + " " + result.target() + " " + plan.describe());
            for (String why : plan.refusedIf()) {
                lines.add("  the array could still refuse it if " + why);
            }
        }
        return lines;
    }
}
