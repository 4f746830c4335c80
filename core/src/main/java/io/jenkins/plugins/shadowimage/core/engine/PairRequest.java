package io.jenkins.plugins.shadowimage.core.engine;

import io.jenkins.plugins.shadowimage.core.client.model.CopyGroupId;
import io.jenkins.plugins.shadowimage.core.client.model.PairId;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the user asked for: the pair or group and the options of one operation. Immutable and
 * serializable (no secrets). The property names are the user-facing names used by CLI options and
 * pipeline step parameters. {@code null} means "not given": the array's default (or, for
 * {@code dataReductionForceCopy}, automatic). The LDEV ids are {@code Integer} for the same reason: 0 is a
 * valid LDEV, so a surface must pass {@code null}, never 0, for an id that was not given (a primitive
 * {@code int} parameter would turn a missing id into LDEV 0), and a create refuses a missing one.
 *
 * <p>{@link #validate(OperationType)} checks everything that can be checked without the array, so that
 * bad input is rejected before any REST call.
 */
public final class PairRequest implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Longest copy group name accepted on create. */
    public static final int MAX_GROUP_NAME = 29;
    /** Longest pair and device group name. */
    public static final int MAX_NAME = 31;
    /** Highest LDEV id. */
    public static final int MAX_LDEV_ID = 65279;
    public static final int MIN_COPY_PACE = 1;
    public static final int MAX_COPY_PACE = 15;
    public static final int MAX_MU_NUMBER = 2;
    public static final int MAX_CONSISTENCY_GROUP_ID = 255;
    /** Longest timeout: 100 years, far beyond any copy, and far from overflowing a deadline. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(36_500);
    /**
     * The characters allowed in names: no comma (the id separator), space (such objects cannot be read
     * back) or slash. The class Cinder uses for the names it generates.
     */
    public static final Pattern NAME_CHARS = Pattern.compile("[A-Za-z0-9._:@-]+");

    private final String copyGroupName;
    private final String copyPairName;
    private final String pvolDeviceGroupName;
    private final String svolDeviceGroupName;
    private final Integer pvolLdevId;
    private final Integer svolLdevId;
    private final Integer pvolMuNumber;
    private final Integer copyPace;
    private final Boolean quickMode;
    private final Boolean autoSplit;
    private final Integer consistencyGroupId;
    private final Boolean dataReductionForceCopy;
    private final WaitFor waitFor;
    private final Duration timeout;

    private PairRequest(Builder b) {
        this.copyGroupName = b.copyGroupName;
        this.copyPairName = b.copyPairName;
        this.pvolDeviceGroupName = b.pvolDeviceGroupName;
        this.svolDeviceGroupName = b.svolDeviceGroupName;
        this.pvolLdevId = b.pvolLdevId;
        this.svolLdevId = b.svolLdevId;
        this.pvolMuNumber = b.pvolMuNumber;
        this.copyPace = b.copyPace;
        this.quickMode = b.quickMode;
        this.autoSplit = b.autoSplit;
        this.consistencyGroupId = b.consistencyGroupId;
        this.dataReductionForceCopy = b.dataReductionForceCopy;
        this.waitFor = b.waitFor == null ? WaitFor.COMPLETION : b.waitFor;
        this.timeout = b.timeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with this request's values. */
    public Builder toBuilder() {
        return new Builder().copyGroupName(copyGroupName).copyPairName(copyPairName)
                .pvolDeviceGroupName(pvolDeviceGroupName).svolDeviceGroupName(svolDeviceGroupName)
                .pvolLdevId(pvolLdevId).svolLdevId(svolLdevId).pvolMuNumber(pvolMuNumber).copyPace(copyPace)
                .quickMode(quickMode).autoSplit(autoSplit).consistencyGroupId(consistencyGroupId)
                .dataReductionForceCopy(dataReductionForceCopy).waitFor(waitFor).timeout(timeout);
    }

    public String copyGroupName() { return copyGroupName; }
    public String copyPairName() { return copyPairName; }
    /** The P-VOL device group name as given, or {@code null} (then {@code <copyGroupName>P_}). */
    public String pvolDeviceGroupName() { return pvolDeviceGroupName; }
    /** The S-VOL device group name as given, or {@code null} (then {@code <copyGroupName>S_}). */
    public String svolDeviceGroupName() { return svolDeviceGroupName; }
    public Integer pvolLdevId() { return pvolLdevId; }
    public Integer svolLdevId() { return svolLdevId; }
    public Integer pvolMuNumber() { return pvolMuNumber; }
    public Integer copyPace() { return copyPace; }
    public Boolean quickMode() { return quickMode; }
    public Boolean autoSplit() { return autoSplit; }
    public Integer consistencyGroupId() { return consistencyGroupId; }
    /** {@code null}: set {@code isDataReductionForceCopy} when the P-VOL uses capacity saving. */
    public Boolean dataReductionForceCopy() { return dataReductionForceCopy; }
    public WaitFor waitFor() { return waitFor; }
    /** The operation's timeout, or {@code null} for the engine's default of the operation. */
    public Duration timeout() { return timeout; }

    /** The effective P-VOL device group name. */
    public String effectivePvolDeviceGroupName() {
        return pvolDeviceGroupName != null ? pvolDeviceGroupName : copyGroupName + "P_";
    }

    /** The effective S-VOL device group name. */
    public String effectiveSvolDeviceGroupName() {
        return svolDeviceGroupName != null ? svolDeviceGroupName : copyGroupName + "S_";
    }

    /** The pair id (requires a pair name). */
    public PairId pairId() {
        return new PairId(copyGroupName, effectivePvolDeviceGroupName(), effectiveSvolDeviceGroupName(), copyPairName);
    }

    /** The copy group id. */
    public CopyGroupId groupId() {
        return new CopyGroupId(copyGroupName, effectivePvolDeviceGroupName(), effectiveSvolDeviceGroupName());
    }

    /** The pair id (pair operations) or the group id (group operations), for messages. */
    public String target(OperationType type) {
        return type.isPairLevel() && copyPairName != null ? pairId().toString() : groupId().toString();
    }

    /**
     * Checks this request for {@code type} without contacting the array.
     *
     * @throws ValidationException listing every problem found, each naming the parameter and its allowed values
     */
    public void validate(OperationType type) throws ValidationException {
        List<String> problems = new ArrayList<>();
        name(problems, "copyGroupName", copyGroupName, MAX_GROUP_NAME, true);
        if (type.isPairLevel()) {
            name(problems, "copyPairName", copyPairName, MAX_NAME, true);
        } else if (copyPairName != null) {
            problems.add("copyPairName is not used by " + type.cliName() + " (it acts on every pair of the copy group)");
        }
        name(problems, "pvolDeviceGroupName", pvolDeviceGroupName, MAX_NAME, false);
        name(problems, "svolDeviceGroupName", svolDeviceGroupName, MAX_NAME, false);
        if (copyGroupName != null && effectivePvolDeviceGroupName().equals(effectiveSvolDeviceGroupName())) {
            problems.add("pvolDeviceGroupName and svolDeviceGroupName must differ (both are '"
                    + effectivePvolDeviceGroupName() + "')");
        }
        ldev(problems, "pvolLdevId", pvolLdevId, type == OperationType.CREATE);
        ldev(problems, "svolLdevId", svolLdevId, type == OperationType.CREATE);
        if (pvolLdevId != null && pvolLdevId.equals(svolLdevId)) {
            problems.add("pvolLdevId and svolLdevId must differ (both are " + pvolLdevId + ")");
        }
        if (!type.isPairLevel() && (pvolLdevId != null || svolLdevId != null)) {
            problems.add("pvolLdevId/svolLdevId are not used by " + type.cliName());
        }
        range(problems, "copyPace", copyPace, MIN_COPY_PACE, MAX_COPY_PACE);
        boolean create = type == OperationType.CREATE;
        boolean action = type == OperationType.SPLIT || type == OperationType.RESYNC || type == OperationType.RESTORE
                || type == OperationType.GROUP_SPLIT || type == OperationType.GROUP_RESYNC;
        if (create) {
            range(problems, "pvolMuNumber", pvolMuNumber, 0, MAX_MU_NUMBER);
            range(problems, "consistencyGroupId", consistencyGroupId, 0, MAX_CONSISTENCY_GROUP_ID);
            if (Boolean.TRUE.equals(quickMode) && !Boolean.TRUE.equals(autoSplit)) {
                problems.add("quickMode on create requires autoSplit=true (quick split right after creation)");
            }
            if (Boolean.TRUE.equals(autoSplit) && consistencyGroupId != null) {
                problems.add("autoSplit cannot be combined with a new consistency group (consistencyGroupId)");
            }
        } else {
            notFor(problems, type, "pvolMuNumber", pvolMuNumber);
            notFor(problems, type, "consistencyGroupId", consistencyGroupId);
            notFor(problems, type, "autoSplit", autoSplit);
            notFor(problems, type, "dataReductionForceCopy", dataReductionForceCopy);
            if (!action) {
                notFor(problems, type, "copyPace", copyPace);
                notFor(problems, type, "quickMode", quickMode);
            }
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            problems.add("timeout must be positive: " + timeout);
        } else if (timeout != null && timeout.compareTo(MAX_TIMEOUT) > 0) {
            problems.add("timeout must be at most " + MAX_TIMEOUT.toDays() + " days: " + timeout);
        }
        if (waitFor == WaitFor.ACCEPTED && (type.isReadOnly() || type == OperationType.DELETE)) {
            problems.add("waitFor=ACCEPTED is not supported by " + type.cliName());
        }
        if (!problems.isEmpty()) {
            throw new ValidationException("invalid " + type.cliName() + " request: " + String.join("; ", problems));
        }
    }

    private static void name(List<String> problems, String param, String value, int max, boolean required) {
        add(problems, ParameterChecks.name(param, value, max, required));
    }

    private static void ldev(List<String> problems, String param, Integer value, boolean required) {
        add(problems, ParameterChecks.ldev(param, value, required));
    }

    private static void range(List<String> problems, String param, Integer value, int min, int max) {
        add(problems, ParameterChecks.range(param, value, min, max));
    }

    private static void add(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    private static void notFor(List<String> problems, OperationType type, String param, Object value) {
        if (value != null) {
            problems.add(param + " is not an option of " + type.cliName());
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PairRequest[group=").append(copyGroupName);
        if (copyPairName != null) sb.append(", pair=").append(copyPairName);
        if (pvolDeviceGroupName != null) sb.append(", pvolDeviceGroup=").append(pvolDeviceGroupName);
        if (svolDeviceGroupName != null) sb.append(", svolDeviceGroup=").append(svolDeviceGroupName);
        if (pvolLdevId != null) sb.append(", pvol=").append(pvolLdevId);
        if (svolLdevId != null) sb.append(", svol=").append(svolLdevId);
        if (pvolMuNumber != null) sb.append(", mu=").append(pvolMuNumber);
        if (copyPace != null) sb.append(", copyPace=").append(copyPace);
        if (quickMode != null) sb.append(", quickMode=").append(quickMode);
        if (autoSplit != null) sb.append(", autoSplit=").append(autoSplit);
        if (consistencyGroupId != null) sb.append(", ctg=").append(consistencyGroupId);
        if (dataReductionForceCopy != null) sb.append(", dataReductionForceCopy=").append(dataReductionForceCopy);
        sb.append(", waitFor=").append(waitFor);
        if (timeout != null) sb.append(", timeout=").append(timeout);
        return sb.append(']').toString();
    }

    /** Builder of {@link PairRequest}; {@code build()} does not validate. */
    public static final class Builder {
        private String copyGroupName;
        private String copyPairName;
        private String pvolDeviceGroupName;
        private String svolDeviceGroupName;
        private Integer pvolLdevId;
        private Integer svolLdevId;
        private Integer pvolMuNumber;
        private Integer copyPace;
        private Boolean quickMode;
        private Boolean autoSplit;
        private Integer consistencyGroupId;
        private Boolean dataReductionForceCopy;
        private WaitFor waitFor = WaitFor.COMPLETION;
        private Duration timeout;

        private Builder() {
        }

        public Builder copyGroupName(String v) { this.copyGroupName = v; return this; }
        public Builder copyPairName(String v) { this.copyPairName = v; return this; }
        public Builder pvolDeviceGroupName(String v) { this.pvolDeviceGroupName = v; return this; }
        public Builder svolDeviceGroupName(String v) { this.svolDeviceGroupName = v; return this; }
        public Builder pvolLdevId(Integer v) { this.pvolLdevId = v; return this; }
        public Builder svolLdevId(Integer v) { this.svolLdevId = v; return this; }
        public Builder pvolMuNumber(Integer v) { this.pvolMuNumber = v; return this; }
        public Builder copyPace(Integer v) { this.copyPace = v; return this; }
        public Builder quickMode(Boolean v) { this.quickMode = v; return this; }
        public Builder autoSplit(Boolean v) { this.autoSplit = v; return this; }
        public Builder consistencyGroupId(Integer v) { this.consistencyGroupId = v; return this; }
        public Builder dataReductionForceCopy(Boolean v) { this.dataReductionForceCopy = v; return this; }
        public Builder waitFor(WaitFor v) { this.waitFor = v; return this; }
        public Builder timeout(Duration v) { this.timeout = v; return this; }

        public PairRequest build() {
            return new PairRequest(this);
        }
    }
}
