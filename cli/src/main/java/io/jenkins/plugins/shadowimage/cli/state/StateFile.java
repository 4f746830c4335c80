package io.jenkins.plugins.shadowimage.cli.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What {@code --state-file} holds: enough to finish an interrupted operation with
 * {@code shadowimage resume}, and nothing secret (no password, no session token).
 *
 * @param format       {@link #FORMAT}; a reader refuses other formats
 * @param savedAt      when this content was written (ISO-8601 UTC)
 * @param command      the subcommand that started the operation (create, split, ...)
 * @param connection   how to reach the array again
 * @param summary      a readable digest for humans and scripts (operation, pair, phase, job, status)
 * @param outcome      null while the operation is unfinished; otherwise SUCCEEDED or FAILED
 * @param result       the final pair information (SUCCEEDED) or the error (FAILED)
 * @param engineState  the engine's operation state, Java-serialized and Base64-encoded; authoritative
 * @param withSplit    for {@code with-split}: where the pipeline is; the engine state is its current operation.
 *                     Absent in the files of the other commands (and in files written before it existed)
 * @param frozenCopy   for {@code with-split}: the core's whole state of the block (FrozenCopyState), which a
 *                     resume continues from; absent in files written before it was kept (withSplit is read then)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StateFile(
        String format,
        String savedAt,
        String command,
        Connection connection,
        Map<String, Object> summary,
        String outcome,
        Map<String, Object> result,
        String engineState,
        WithSplit withSplit,
        com.fasterxml.jackson.databind.JsonNode frozenCopy) {

    /** The state of a single operation or a pipeline without the core's block state. */
    public StateFile(String format, String savedAt, String command, Connection connection, Map<String, Object> summary,
            String outcome, Map<String, Object> result, String engineState, WithSplit withSplit) {
        this(format, savedAt, command, connection, summary, outcome, result, engineState, withSplit, null);
    }

    /** The state of a single operation (no pipeline). */
    public StateFile(String format, String savedAt, String command, Connection connection, Map<String, Object> summary,
            String outcome, Map<String, Object> result, String engineState) {
        this(format, savedAt, command, connection, summary, outcome, result, engineState, null);
    }

    /**
     * This state as a step of a with-split pipeline: while the pipeline goes on, the file is unfinished even
     * when its current operation has ended.
     */
    public StateFile inPipeline(WithSplit pipeline) {
        boolean done = pipeline.step() == WithSplit.Step.DONE;
        return new StateFile(format, savedAt, command, connection, summary, done ? outcome : null,
                done ? result : null, engineState, pipeline, frozenCopy);
    }

    /** This state with the core's state of the with-split block. */
    public StateFile withFrozenCopy(com.fasterxml.jackson.databind.JsonNode block) {
        return new StateFile(format, savedAt, command, connection, summary, outcome, result, engineState, withSplit, block);
    }

    /**
     * Where a with-split pipeline is. The command line of COMMAND is not kept: a resume never runs it again.
     *
     * @param step             the current step
     * @param after            what is done when COMMAND ends: resync, keep or delete
     * @param members          the pairs the pipeline acts on (one for a pair, each member for a copy group)
     * @param commandStartedAt when COMMAND was started, once it was
     * @param commandExitCode  its exit code, once it ended by itself
     * @param signal           INT or TERM when a signal ended it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WithSplit(Step step, String after, java.util.List<String> members, String commandStartedAt,
            Integer commandExitCode, String signal) {

        /** The steps, in order. */
        public enum Step { RESYNC_FIRST, SPLIT, COMMAND, AFTER, DONE }

        public WithSplit at(Step next) {
            return new WithSplit(next, after, members, commandStartedAt, commandExitCode, signal);
        }
    }

    public static final String FORMAT_PREFIX = "shadowimage-state/";
    public static final String FORMAT = FORMAT_PREFIX + "1";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";

    public boolean finished() {
        return outcome != null;
    }

    /**
     * The array to reconnect to, with every connection option the command had, so that {@code resume} behaves
     * like it. The CA certificate is stored as PEM text (a certificate is public) so that resume does not depend
     * on a file that may have moved. The durations are ISO-8601 and absent when the option was not given (files
     * written before they were kept have none: the defaults then apply, as they did).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Connection(
            String url,
            String urlForm,
            String storageDeviceId,
            String user,
            String caCertPem,
            boolean insecure,
            String sessionAliveTime,
            String connectTimeout,
            String readTimeout) {

        public Connection(String url, String urlForm, String storageDeviceId, String user, String caCertPem,
                boolean insecure) {
            this(url, urlForm, storageDeviceId, user, caCertPem, insecure, null, null, null);
        }
    }
}
