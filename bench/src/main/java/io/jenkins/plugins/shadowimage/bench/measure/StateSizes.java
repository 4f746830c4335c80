package io.jenkins.plugins.shadowimage.bench.measure;

import io.jenkins.plugins.shadowimage.bench.subject.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Measurement 4, from the sizes the scale run collected. */
public final class StateSizes {

    private StateSizes() { }

    public static List<StateSizeResult> summarize(Map<Operation.Kind, List<Integer>> sizes, String format) {
        List<StateSizeResult> results = new ArrayList<>();
        for (Map.Entry<Operation.Kind, List<Integer>> e : sizes.entrySet()) {
            List<Integer> v = e.getValue();
            double mean = v.stream().mapToInt(Integer::intValue).average().orElse(0);
            long max = v.stream().mapToInt(Integer::intValue).max().orElse(0);
            results.add(new StateSizeResult(e.getKey().name().toLowerCase(Locale.ROOT), v.size(), mean, max, format));
        }
        return results;
    }
}
