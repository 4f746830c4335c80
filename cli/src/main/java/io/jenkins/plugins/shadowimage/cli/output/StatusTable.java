package io.jenkins.plugins.shadowimage.cli.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pair status table, with the columns of Hitachi's sample (copy group, copy pair, P-VOL and S-VOL
 * LDEV ids and statuses) plus MU number and copy progress.
 */
public final class StatusTable {
    private static final String[][] COLUMNS = {
        {"COPY GROUP", "copyGroupName"},
        {"COPY PAIR", "copyPairName"},
        {"P-VOL", "pvolLdevId"},
        {"P-VOL STATUS", "pvolStatus"},
        {"S-VOL", "svolLdevId"},
        {"S-VOL STATUS", "svolStatus"},
        {"MU", "pvolMuNumber"},
        {"COPY%", "copyProgressRate"},
    };

    /** A group operation's table: what the operation did to each pair comes after its name. */
    private static final String[][] RESULT_COLUMNS = {
        COLUMNS[0], COLUMNS[1], {"RESULT", "outcome"}, COLUMNS[2], COLUMNS[3], COLUMNS[4], COLUMNS[5], COLUMNS[6],
        COLUMNS[7],
    };

    private StatusTable() {
    }

    /** Renders pairs given as maps of pair attributes (REST attribute names). */
    public static String render(List<Map<String, Object>> pairs) {
        return render(pairs, COLUMNS);
    }

    /**
     * Renders the members of a group operation's result with their outcome (SPLIT, ALREADY_SPLIT for a pair that
     * was split before the operation, RESYNCED, FAILED, PENDING...).
     */
    public static String renderResults(List<Map<String, Object>> pairs) {
        return render(pairs, RESULT_COLUMNS);
    }

    private static String render(List<Map<String, Object>> pairs, String[][] columns) {
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            header[i] = columns[i][0];
        }
        rows.add(header);
        for (Map<String, Object> p : pairs) {
            String[] row = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                Object v = p.get(columns[i][1]);
                row[i] = v == null ? "-" : v.toString();
            }
            rows.add(row);
        }
        int[] width = new int[columns.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + width[i] + "s", row[i]));
                if (i < row.length - 1) {
                    line.append("  ");
                }
            }
            sb.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        if (pairs.isEmpty()) {
            sb.append("(no pairs)").append(System.lineSeparator());
        }
        return sb.toString();
    }
}
