package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import java.util.ArrayList;
import java.util.List;

/** The names of lockable resources and which of them conflict. */
public final class LockKeys {

    private LockKeys() {}

    public static String pair(String arrayKey, String copyGroupName, String copyPairName) {
        return "pair|" + arrayKey + "|" + copyGroupName + "|" + copyPairName;
    }

    public static String svol(String arrayKey, int ldevId) {
        return "svol|" + arrayKey + "|" + ldevId;
    }

    public static String group(String arrayKey, String copyGroupName) {
        return "group|" + arrayKey + "|" + copyGroupName;
    }

    /**
     * What an operation locks: its copy group for a group operation, else its pair and (when named) its S-VOL;
     * nothing for a status read.
     */
    public static List<String> forOperation(String arrayKey, OperationType type, PairRequest request) {
        List<String> keys = new ArrayList<>();
        if (type == OperationType.GROUP_SPLIT || type == OperationType.GROUP_RESYNC) {
            keys.add(group(arrayKey, request.copyGroupName()));
        } else if (type != OperationType.STATUS) {
            keys.add(pair(arrayKey, request.copyGroupName(), request.copyPairName()));
            if (request.svolLdevId() != null) {
                keys.add(svol(arrayKey, request.svolLdevId()));
            }
        }
        return keys;
    }

    /** Whether two resources cannot be held by two operations at once. */
    public static boolean conflict(String a, String b) {
        return a.equals(b) || groupCovers(a, b) || groupCovers(b, a);
    }

    private static boolean groupCovers(String group, String other) {
        return group.startsWith("group|") && other.startsWith("pair|" + group.substring("group|".length()) + "|");
    }
}
