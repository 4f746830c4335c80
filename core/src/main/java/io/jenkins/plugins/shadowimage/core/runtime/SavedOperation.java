package io.jenkins.plugins.shadowimage.core.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a surface persists of a running operation to resume it after a restart: no secret, no session token.
 *
 * @param state the engine state as of the end of the last step (a snapshot the runtime never mutates)
 * @param locks the resources the operation locks ({@link LockKeys})
 * @param lockDescription what other operations print while waiting for them
 * @param holdsLock whether it holds them (it re-claims them when resumed)
 * @param waitingFor why it waits, or null
 * @param waitingSince since when it waits, or null
 * @param lastReminder when it last said why it waits, or null
 */
public record SavedOperation(String id, OperationState state, List<String> locks, String lockDescription,
        boolean holdsLock, String waitingFor, Instant waitingSince, Instant lastReminder) implements Serializable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public SavedOperation {
        locks = List.copyOf(locks);
    }

    /** A new operation: nothing held, not waiting. */
    public static SavedOperation start(String id, OperationState state, List<String> locks, String lockDescription) {
        return new SavedOperation(id, state, locks, lockDescription, false, null, null, null);
    }

    /**
     * What a surface that keeps these facts as plain fields saved (a Jenkins step execution): {@code owner} holds the
     * locks, which others read as {@link OperationWords#lockDescription}; times in epoch milliseconds, 0 for none.
     */
    public static SavedOperation of(String id, OperationState state, List<String> locks, String owner, boolean holdsLock,
            String waitingFor, long waitingSinceMillis, long lastReminderMillis) {
        return new SavedOperation(id, state, locks, OperationWords.lockDescription(state, owner), holdsLock, waitingFor,
                waitingSinceMillis == 0 ? null : Instant.ofEpochMilli(waitingSinceMillis),
                lastReminderMillis == 0 ? null : Instant.ofEpochMilli(lastReminderMillis));
    }

    /** {@link #waitingSince} in epoch milliseconds, 0 for none (as {@link #of} reads it). */
    public long waitingSinceMillis() {
        return waitingSince == null ? 0 : waitingSince.toEpochMilli();
    }

    /** {@link #lastReminder} in epoch milliseconds, 0 for none (as {@link #of} reads it). */
    public long lastReminderMillis() {
        return lastReminder == null ? 0 : lastReminder.toEpochMilli();
    }

    /**
     * One JSON document: the engine state's own document under {@code state} ({@link OperationState#toJson()}, the
     * form the CLI's state file holds) and the runtime's fields beside it. Absent fields are left out.
     */
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        try {
            n.set("state", JSON.readTree(state.toJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the engine state wrote unreadable JSON", e);
        }
        locks.forEach(n.putArray("locks")::add);
        n.put("lockDescription", lockDescription);
        if (holdsLock) {
            n.put("holdsLock", true);
        }
        putIfSet(n, "waitingFor", waitingFor);
        putIfSet(n, "waitingSince", waitingSince);
        putIfSet(n, "lastReminder", lastReminder);
        return n.toString();
    }

    /**
     * Reads a document written by {@link #toJson()} by this or an earlier version: a field it lacks takes its old
     * default (no locks, not holding them, not waiting).
     *
     * @throws IllegalArgumentException when the text is not such a document
     */
    public static SavedOperation fromJson(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.hasNonNull("id") || !n.has("state")) {
                throw new IllegalArgumentException("not a saved operation (no id or state)");
            }
            OperationState state = OperationState.fromJson(n.get("state").toString());
            List<String> locks = new ArrayList<>();
            n.path("locks").forEach(l -> locks.add(l.asText()));
            return new SavedOperation(n.get("id").asText(), state, locks, n.path("lockDescription").asText(""),
                    n.path("holdsLock").asBoolean(false), text(n, "waitingFor"), instant(n, "waitingSince"),
                    instant(n, "lastReminder"));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable saved operation: " + e.getMessage(), e);
        }
    }

    private static void putIfSet(ObjectNode n, String key, Object value) {
        if (value != null) {
            n.put(key, value.toString());
        }
    }

    private static String text(JsonNode n, String key) {
        return n.hasNonNull(key) ? n.get(key).asText() : null;
    }

    private static Instant instant(JsonNode n, String key) {
        return n.hasNonNull(key) ? Instant.parse(n.get(key).asText()) : null;
    }
}
