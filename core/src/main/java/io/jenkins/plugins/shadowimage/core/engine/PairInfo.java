package io.jenkins.plugins.shadowimage.core.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of an operation: every field of the pair as last read, when each status was first observed
 * during the operation, and the job ids. For group operations, {@link #pairs()} holds one entry per pair
 * with its own {@link #outcome()} and {@link #error()}.
 *
 * <p>{@link #toMap()} gives a plain map (String, Number, Boolean, List, Map; instants as ISO-8601 strings)
 * for pipelines; {@link #toJson()} the same as JSON for the CLI. Immutable.
 */
public final class PairInfo implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String operation;
    private final String outcome;
    private final String target;
    private final boolean exists;
    private final String copyGroupName;
    private final String copyPairName;
    private final String pvolDeviceGroupName;
    private final String svolDeviceGroupName;
    private final String localCloneCopypairId;
    private final Integer pvolLdevId;
    private final Integer svolLdevId;
    private final Integer pvolMuNumber;
    private final String pvolStatus;
    private final String svolStatus;
    private final Integer copyProgressRate;
    private final String copyMode;
    private final String replicationType;
    private final Integer consistencyGroupId;
    private final String pvolDifferenceDataManagement;
    private final String svolDifferenceDataManagement;
    private final String pvolProcessingStatus;
    private final String svolProcessingStatus;
    private final Instant observedAt;
    private final LinkedHashMap<String, Instant> statusObservedAt;
    private final ArrayList<Long> jobIds;
    private final ArrayList<PairInfo> pairs;
    private final String error;
    private final boolean alreadySplit;
    private final Instant splitNotLaterThan;

    private PairInfo(Builder b) {
        this.operation = b.operation;
        this.outcome = b.outcome;
        this.target = b.target;
        this.exists = b.pair != null;
        CopyPair p = b.pair;
        this.copyGroupName = p != null && p.copyGroupName() != null ? p.copyGroupName() : b.copyGroupName;
        this.copyPairName = p != null && p.copyPairName() != null ? p.copyPairName() : b.copyPairName;
        this.pvolDeviceGroupName = b.pvolDeviceGroupName;
        this.svolDeviceGroupName = b.svolDeviceGroupName;
        this.localCloneCopypairId = p == null ? null : p.localCloneCopypairId();
        this.pvolLdevId = p == null ? null : p.pvolLdevId();
        this.svolLdevId = p == null ? null : p.svolLdevId();
        this.pvolMuNumber = p == null ? null : p.pvolMuNumber();
        this.pvolStatus = p == null ? null : p.pvolStatus();
        this.svolStatus = p == null ? null : p.svolStatus();
        this.copyProgressRate = p == null ? null : p.copyProgressRate();
        this.copyMode = p == null ? null : p.copyMode();
        this.replicationType = p == null ? null : p.replicationType();
        this.consistencyGroupId = p == null ? null : p.consistencyGroupId();
        this.pvolDifferenceDataManagement = p == null ? null : p.pvolDifferenceDataManagement();
        this.svolDifferenceDataManagement = p == null ? null : p.svolDifferenceDataManagement();
        this.pvolProcessingStatus = p == null ? null : p.pvolProcessingStatus();
        this.svolProcessingStatus = p == null ? null : p.svolProcessingStatus();
        this.observedAt = b.observedAt;
        this.statusObservedAt = new LinkedHashMap<>(b.statusObservedAt);
        this.jobIds = new ArrayList<>(b.jobIds);
        this.pairs = new ArrayList<>(b.pairs);
        this.error = b.error;
        this.alreadySplit = b.splitNotLaterThan != null;
        this.splitNotLaterThan = b.splitNotLaterThan;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The operation, e.g. {@code split}. */
    public String operation() { return operation; }
    /**
     * What happened: {@code CREATED}, {@code ALREADY_EXISTS}, {@code SPLIT}, {@code RESYNCED}, {@code RESTORED},
     * {@code DELETED}, {@code NO_CHANGE} (already in the target status), {@code NOT_FOUND} (delete of an
     * absent pair, status of an absent pair), {@code ACCEPTED} (waitFor=ACCEPTED), {@code STATUS},
     * {@code ALREADY_SPLIT} (a split, or a group member, that found the pair split before: see
     * {@link #splitNotLaterThan()}), {@code ALREADY_EXISTS_THEN_SPLIT} (a create with autoSplit that found its
     * pair in PAIR and split it), or for a group member {@code FAILED} or {@code PENDING}.
     */
    public String outcome() { return outcome; }
    /** The pair or group id the operation addressed. */
    public String target() { return target; }
    /** Whether the pair existed at the last read. */
    public boolean exists() { return exists; }
    public String copyGroupName() { return copyGroupName; }
    public String copyPairName() { return copyPairName; }
    public String pvolDeviceGroupName() { return pvolDeviceGroupName; }
    public String svolDeviceGroupName() { return svolDeviceGroupName; }
    public String localCloneCopypairId() { return localCloneCopypairId; }
    public Integer pvolLdevId() { return pvolLdevId; }
    public Integer svolLdevId() { return svolLdevId; }
    public Integer pvolMuNumber() { return pvolMuNumber; }
    public String pvolStatus() { return pvolStatus; }
    public String svolStatus() { return svolStatus; }
    public Integer copyProgressRate() { return copyProgressRate; }
    public String copyMode() { return copyMode; }
    public String replicationType() { return replicationType; }
    public Integer consistencyGroupId() { return consistencyGroupId; }
    public String pvolDifferenceDataManagement() { return pvolDifferenceDataManagement; }
    public String svolDifferenceDataManagement() { return svolDifferenceDataManagement; }
    public String pvolProcessingStatus() { return pvolProcessingStatus; }
    public String svolProcessingStatus() { return svolProcessingStatus; }
    /** When the pair was last read. */
    public Instant observedAt() { return observedAt; }
    /** For each status seen during the operation, when it was first seen (in order). */
    public Map<String, Instant> statusObservedAt() { return Collections.unmodifiableMap(statusObservedAt); }
    /** The ids of the jobs this operation submitted (or adopted), in order. */
    public List<Long> jobIds() { return Collections.unmodifiableList(jobIds); }
    /** Group operations: one entry per pair. Empty for pair operations. */
    public List<PairInfo> pairs() { return Collections.unmodifiableList(pairs); }
    /** Group members that failed: why. {@code null} otherwise. */
    public String error() { return error; }
    /**
     * Whether the pair (for a group: every pair) was split before this operation, so its frozen copy is older
     * than this run; {@link #splitNotLaterThan()} then bounds its age and {@link #statusObservedAt()} holds no
     * split status.
     */
    public boolean alreadySplit() { return alreadySplit; }
    /** When {@link #alreadySplit()}: the first read of this run that showed the split. {@code null} otherwise. */
    public Instant splitNotLaterThan() { return splitNotLaterThan; }

    /**
     * A plain map for pipelines: keys are the field names above, {@code null} values are left out, instants
     * are ISO-8601 strings, {@code pairs} is a list of such maps.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "operation", operation);
        put(m, "outcome", outcome);
        put(m, "target", target);
        m.put("exists", exists);
        put(m, "copyGroupName", copyGroupName);
        put(m, "copyPairName", copyPairName);
        put(m, "pvolDeviceGroupName", pvolDeviceGroupName);
        put(m, "svolDeviceGroupName", svolDeviceGroupName);
        put(m, "localCloneCopypairId", localCloneCopypairId);
        put(m, "pvolLdevId", pvolLdevId);
        put(m, "svolLdevId", svolLdevId);
        put(m, "pvolMuNumber", pvolMuNumber);
        put(m, "pvolStatus", pvolStatus);
        put(m, "svolStatus", svolStatus);
        put(m, "copyProgressRate", copyProgressRate);
        put(m, "copyMode", copyMode);
        put(m, "replicationType", replicationType);
        put(m, "consistencyGroupId", consistencyGroupId);
        put(m, "pvolDifferenceDataManagement", pvolDifferenceDataManagement);
        put(m, "svolDifferenceDataManagement", svolDifferenceDataManagement);
        put(m, "pvolProcessingStatus", pvolProcessingStatus);
        put(m, "svolProcessingStatus", svolProcessingStatus);
        put(m, "observedAt", observedAt == null ? null : observedAt.toString());
        Map<String, Object> seen = new LinkedHashMap<>();
        statusObservedAt.forEach((k, v) -> seen.put(k, v.toString()));
        m.put("statusObservedAt", seen);
        m.put("jobIds", new ArrayList<Object>(jobIds));
        if (!pairs.isEmpty()) {
            List<Object> list = new ArrayList<>();
            for (PairInfo p : pairs) {
                list.add(p.toMap());
            }
            m.put("pairs", list);
        }
        put(m, "error", error);
        if (alreadySplit) {
            m.put("alreadySplit", true);
            put(m, "splitNotLaterThan", splitNotLaterThan.toString());
        }
        return m;
    }

    /** The inverse of {@link #toMap()} (also accepts the map read back from {@link #toJson()}). */
    public static PairInfo fromMap(Map<String, ?> m) {
        Builder b = builder().operation(str(m, "operation")).outcome(str(m, "outcome")).target(str(m, "target"))
                .copyGroupName(str(m, "copyGroupName")).copyPairName(str(m, "copyPairName"))
                .pvolDeviceGroupName(str(m, "pvolDeviceGroupName")).svolDeviceGroupName(str(m, "svolDeviceGroupName"))
                .error(str(m, "error"));
        if (m.get("observedAt") != null) {
            b.observedAt(Instant.parse(str(m, "observedAt")));
        }
        if (m.get("splitNotLaterThan") != null) {
            b.splitNotLaterThan(Instant.parse(str(m, "splitNotLaterThan")));
        }
        if (Boolean.TRUE.equals(m.get("exists"))) {
            b.pair(new CopyPair(str(m, "localCloneCopypairId"), str(m, "copyGroupName"), str(m, "copyPairName"),
                    str(m, "replicationType"), str(m, "copyMode"), num(m, "copyProgressRate"), num(m, "pvolLdevId"),
                    num(m, "pvolMuNumber"), str(m, "pvolStatus"), num(m, "svolLdevId"), str(m, "svolStatus"),
                    num(m, "consistencyGroupId"), str(m, "pvolDifferenceDataManagement"),
                    str(m, "svolDifferenceDataManagement"), str(m, "pvolProcessingStatus"),
                    str(m, "svolProcessingStatus")));
        }
        if (m.get("statusObservedAt") instanceof Map<?, ?> seen) {
            Map<String, Instant> at = new LinkedHashMap<>();
            seen.forEach((k, v) -> at.put(String.valueOf(k), Instant.parse(String.valueOf(v))));
            b.statusObservedAt(at);
        }
        if (m.get("jobIds") instanceof List<?> ids) {
            List<Long> jobs = new ArrayList<>();
            ids.forEach(id -> jobs.add(((Number) id).longValue()));
            b.jobIds(jobs);
        }
        if (m.get("pairs") instanceof List<?> list) {
            for (Object o : list) {
                @SuppressWarnings("unchecked")
                Map<String, ?> pm = (Map<String, ?>) o;
                b.addPair(fromMap(pm));
            }
        }
        return b.build();
    }

    private static String str(Map<String, ?> m, String k) {
        Object v = m.get(k);
        return v == null ? null : v.toString();
    }

    private static Integer num(Map<String, ?> m, String k) {
        Object v = m.get(k);
        return v == null ? null : ((Number) v).intValue();
    }

    /** {@link #toMap()} as indented JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(target == null ? copyGroupName + "," + copyPairName : target).append(": ");
        sb.append(outcome);
        if (exists) {
            sb.append(", ").append(pvolStatus).append('/').append(svolStatus);
            if (copyProgressRate != null) {
                sb.append(' ').append(copyProgressRate).append(" %");
            }
            sb.append(", P-VOL ").append(pvolLdevId).append(" -> S-VOL ").append(svolLdevId);
            if (pvolMuNumber != null) {
                sb.append(" MU ").append(pvolMuNumber);
            }
        }
        if (alreadySplit) {
            sb.append(", split before this run (not later than ").append(splitNotLaterThan).append(')');
        }
        if (error != null) {
            sb.append(": ").append(error);
        }
        return sb.toString();
    }

    /** Builder of {@link PairInfo}. */
    public static final class Builder {
        private String operation;
        private String outcome;
        private String target;
        private CopyPair pair;
        private String copyGroupName;
        private String copyPairName;
        private String pvolDeviceGroupName;
        private String svolDeviceGroupName;
        private Instant observedAt;
        private final LinkedHashMap<String, Instant> statusObservedAt = new LinkedHashMap<>();
        private final List<Long> jobIds = new ArrayList<>();
        private final List<PairInfo> pairs = new ArrayList<>();
        private String error;
        private Instant splitNotLaterThan;

        private Builder() {
        }

        public Builder operation(String v) { this.operation = v; return this; }
        public Builder outcome(String v) { this.outcome = v; return this; }
        public Builder target(String v) { this.target = v; return this; }
        /** The pair as last read, or {@code null} when it does not exist. */
        public Builder pair(CopyPair v) { this.pair = v; return this; }
        public Builder copyGroupName(String v) { this.copyGroupName = v; return this; }
        public Builder copyPairName(String v) { this.copyPairName = v; return this; }
        public Builder pvolDeviceGroupName(String v) { this.pvolDeviceGroupName = v; return this; }
        public Builder svolDeviceGroupName(String v) { this.svolDeviceGroupName = v; return this; }
        public Builder observedAt(Instant v) { this.observedAt = v; return this; }
        public Builder statusObservedAt(Map<String, Instant> v) { this.statusObservedAt.putAll(v); return this; }
        public Builder jobIds(List<Long> v) { this.jobIds.addAll(v); return this; }
        public Builder addPair(PairInfo v) { this.pairs.add(v); return this; }
        public Builder error(String v) { this.error = v; return this; }
        /** The pair was split before this operation, first seen so at {@code v}; {@code null}: not so. */
        public Builder splitNotLaterThan(Instant v) { this.splitNotLaterThan = v; return this; }

        public PairInfo build() {
            return new PairInfo(this);
        }
    }
}
