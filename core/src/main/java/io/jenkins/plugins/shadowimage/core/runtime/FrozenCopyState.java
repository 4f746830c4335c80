package io.jenkins.plugins.shadowimage.core.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a frozen copy (resync first, split, body, after) is: the one value a surface persists, as JSON ({@link #toJson},
 * {@link #fromJson}). No secret, no session token. A field added later must be absent-safe: absent means the old
 * behaviour, and unknown fields are ignored, so a state written by another version still loads.
 *
 * @param format           {@link #FORMAT}
 * @param id               the block's lock owner (unique per block)
 * @param step             the current step
 * @param after            what is done to the copy once the body has ended
 * @param group            whether the block covers a whole copy group (no pair name)
 * @param locks            the resources the block holds for its whole length ({@link LockKeys})
 * @param lockDescription  what another operation prints while it waits for them
 * @param holdsLock        whether the block holds them (it re-claims them when resumed)
 * @param operation        the engine state of the current operation ({@link OperationState#toJson()})
 * @param split            the engine state of the finished split, once it is done: the frozen copy's facts
 * @param members          the pairs the after step acts on, once the split is done
 * @param bodyStartedAt    when the body was started (ISO-8601), once it was
 * @param bodyEnd          how the body ended, once it did
 * @param failure          why the block stopped before its end, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FrozenCopyState(int format, String id, Step step, After after, boolean group, List<String> locks,
        String lockDescription, boolean holdsLock, String operation, String split, List<String> members,
        String bodyStartedAt, BodyEnd bodyEnd, String failure) implements Serializable {

    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The steps, in order. */
    public enum Step { RESYNC_FIRST, SPLIT, BODY, AFTER, DONE }

    /** What is done to the copy once the body has ended, however it ended. */
    public enum After {
        /** Resynchronise (back to PAIR), the default: the S-VOL follows the P-VOL again. */
        RESYNC,
        /** Leave it split: the frozen copy stays. */
        KEEP,
        /** Delete the pair (each pair of the group): the S-VOL keeps the frozen data as a plain volume. */
        DELETE;

        /** The lower-case word surfaces use (--after resync, after: 'resync'). */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code word} (case-insensitive), {@link #RESYNC} when absent; a clear error when it names none. */
        public static After parse(String word) throws ValidationException {
            After a = word == null || word.isBlank() ? RESYNC : of(word);
            if (a == null) {
                throw new ValidationException("after must be resync, keep or delete (got '" + word + "')");
            }
            return a;
        }

        /** The value of {@code word}, case-insensitive; null when it names none. */
        public static After of(String word) {
            for (After a : values()) {
                if (word != null && a.word().equalsIgnoreCase(word.trim())) {
                    return a;
                }
            }
            return null;
        }
    }

    /**
     * How the body ended.
     *
     * @param exitCode the command's exit code (a CLI command), or null
     * @param signal   the signal that stopped it (INT, TERM), or null
     * @param message  the body's error in words, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BodyEnd(Kind kind, Integer exitCode, String signal, String message) implements Serializable {

        public enum Kind {
            SUCCEEDED,
            FAILED,
            ABORTED,
            /** It was not run: the block resumed after its process died before the body started. */
            NOT_RUN,
            /** It was running when its process died: its result is unknown. */
            UNKNOWN
        }

        public BodyEnd {
            Objects.requireNonNull(kind, "kind");
        }

        public static BodyEnd succeeded() {
            return new BodyEnd(Kind.SUCCEEDED, null, null, null);
        }

        public static BodyEnd failed(String message) {
            return new BodyEnd(Kind.FAILED, null, null, message);
        }

        public static BodyEnd aborted(String message) {
            return new BodyEnd(Kind.ABORTED, null, null, message);
        }
    }

    public FrozenCopyState {
        Objects.requireNonNull(step, "step");
        after = after == null ? After.RESYNC : after;
        locks = locks == null ? List.of() : List.copyOf(locks);
        members = members == null ? null : List.copyOf(members);
    }

    /** The current operation, or null. */
    public OperationState currentOperation() {
        return operation == null ? null : OperationState.fromJson(operation);
    }

    /** The frozen copy (the split's result), once the split is done. */
    public PairInfo frozen() {
        return split == null ? null : OperationState.fromJson(split).result();
    }

    /** What the body gets in its environment: the frozen copy's facts (empty before the split is done). */
    public Map<String, String> environment() {
        PairInfo f = frozen();
        return f == null ? Map.of() : FrozenCopyEnvironment.of(f);
    }

    /** Why the block fails because of its body (failed or aborted), or null: the body's failure comes first. */
    public String bodyFailure() {
        if (bodyEnd == null || bodyEnd.kind() == BodyEnd.Kind.SUCCEEDED || bodyEnd.kind() == BodyEnd.Kind.NOT_RUN
                || bodyEnd.kind() == BodyEnd.Kind.UNKNOWN) {
            return null;
        }
        return "the body " + (bodyEnd.kind() == BodyEnd.Kind.ABORTED ? "was aborted" : "failed")
                + (bodyEnd.message() == null ? "" : ": " + bodyEnd.message()) + " (after: " + after.word() + ")";
    }

    FrozenCopyState at(Step next) {
        return new FrozenCopyState(format, id, next, after, group, locks, lockDescription, holdsLock, operation, split,
                members, bodyStartedAt, bodyEnd, failure);
    }

    FrozenCopyState holding(boolean held) {
        return new FrozenCopyState(format, id, step, after, group, locks, lockDescription, held, operation, split,
                members, bodyStartedAt, bodyEnd, failure);
    }

    /** This state with {@code op} as its current operation (a resume that continues it with a new deadline). */
    public FrozenCopyState withOperation(OperationState op) {
        return new FrozenCopyState(format, id, step, after, group, locks, lockDescription, holdsLock,
                op == null ? null : op.toJson(), split, members, bodyStartedAt, bodyEnd, failure);
    }

    FrozenCopyState frozenBy(OperationState done, List<String> pairs, String startedAt) {
        return new FrozenCopyState(format, id, Step.BODY, after, group, locks, lockDescription, holdsLock, operation,
                done.toJson(), pairs, startedAt, bodyEnd, failure);
    }

    FrozenCopyState bodyEnded(BodyEnd end) {
        return new FrozenCopyState(format, id, step, after, group, locks, lockDescription, holdsLock, operation, split,
                members, bodyStartedAt, end, failure);
    }

    FrozenCopyState failedWith(String why) {
        return new FrozenCopyState(format, id, step, after, group, locks, lockDescription, holdsLock, operation, split,
                members, bodyStartedAt, bodyEnd, why);
    }

    /** The state as JSON (no secrets: there are none to write). */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the frozen copy's state", e);
        }
    }

    /** Reads a state written by {@link #toJson()} of this or an earlier version. */
    public static FrozenCopyState fromJson(String json) {
        try {
            FrozenCopyState s = JSON.readValue(json, FrozenCopyState.class);
            if (s.format() > FORMAT) {
                throw new IllegalArgumentException("the frozen copy's state has format " + s.format()
                        + ", newer than this version reads (" + FORMAT + ")");
            }
            return s;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a frozen copy's state: " + e.getOriginalMessage(), e);
        }
    }
}
