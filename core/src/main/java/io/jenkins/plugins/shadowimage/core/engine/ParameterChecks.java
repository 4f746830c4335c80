package io.jenkins.plugins.shadowimage.core.engine;

/**
 * The rules of one parameter on its own, as {@link PairRequest#validate} applies them and as a form checks a field
 * while it is typed: each method returns the problem in words, or null.
 */
public final class ParameterChecks {

    private ParameterChecks() {}

    /** A copy group, pair or device group name. */
    public static String name(String param, String value, int max, boolean required) {
        if (value == null) {
            return required ? param + " is required" : null;
        }
        String length = value.isEmpty() || value.length() > max
                ? param + " must be 1-" + max + " characters (got " + value.length() + ")" : null;
        String chars = !value.isEmpty() && !PairRequest.NAME_CHARS.matcher(value).matches()
                ? param + " '" + value + "' may contain only letters, digits and . _ : @ - (no comma, space or slash)" : null;
        return length == null ? chars : chars == null ? length : length + "; " + chars;
    }

    public static String ldev(String param, Integer value, boolean required) {
        if (value == null) {
            return required ? param + " is required (an LDEV number, 0-" + PairRequest.MAX_LDEV_ID + ")" : null;
        }
        return range(param, value, 0, PairRequest.MAX_LDEV_ID);
    }

    public static String range(String param, Integer value, int min, int max) {
        return value != null && (value < min || value > max) ? param + " must be " + min + "-" + max + " (got " + value + ")" : null;
    }

    /**
     * Whether a step of {@code type} cannot do without {@code param}, as its start refuses it: the copy group, except for
     * a status read (it then lists every copy group); the pair name of a pair operation, except for a status read or a
     * wait (they then cover the copy group); both LDEV ids of a create (the other steps take them only as guards).
     */
    public static boolean required(OperationType type, String param) {
        return switch (param) {
            case "copyGroupName" -> type != OperationType.STATUS;
            case "copyPairName" -> type.isPairLevel() && type != OperationType.STATUS && type != OperationType.WAIT;
            case "pvolLdevId", "svolLdevId" -> type == OperationType.CREATE;
            default -> false;
        };
    }

    /** A field of the form of a step of {@code type}: {@link #check(String, String, boolean)}, required as {@link #required}. */
    public static String check(OperationType type, String param, String text) {
        return check(param, text, required(type, param));
    }

    /**
     * One parameter as a form gives it (text, blank = not given), by its name: names, LDEV ids, {@code copyPace},
     * {@code pvolMuNumber}, {@code consistencyGroupId} and {@code timeout} (minutes).
     */
    public static String check(String param, String text, boolean required) {
        String v = text == null || text.isBlank() ? null : text.trim();
        switch (param) {
            case "copyGroupName":
                return name(param, v, PairRequest.MAX_GROUP_NAME, required);
            case "copyPairName", "pvolDeviceGroupName", "svolDeviceGroupName":
                return name(param, v, PairRequest.MAX_NAME, required);
            default:
                break;
        }
        Integer n;
        try {
            n = v == null ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            return param + " must be a whole number (got '" + v + "')";
        }
        return switch (param) {
            case "pvolLdevId", "svolLdevId" -> ldev(param, n, required);
            case "copyPace" -> range(param, n, PairRequest.MIN_COPY_PACE, PairRequest.MAX_COPY_PACE);
            case "pvolMuNumber" -> range(param, n, 0, PairRequest.MAX_MU_NUMBER);
            case "consistencyGroupId" -> range(param, n, 0, PairRequest.MAX_CONSISTENCY_GROUP_ID);
            case "timeout" -> range(param, n, 1, (int) PairRequest.MAX_TIMEOUT.toMinutes());
            default -> throw new IllegalArgumentException("no such parameter: " + param);
        };
    }
}
