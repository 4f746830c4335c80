package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.client.ErrorCatalogue;
import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroupId;
import io.jenkins.plugins.shadowimage.core.engine.OperationState;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairListing;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException;
import io.jenkins.plugins.shadowimage.core.engine.WaitFor;
import java.time.Duration;
import java.util.Map;

/**
 * What a surface that runs many operations (a build log) says about one: its first line, what others read while it
 * holds the pair, its result, its failure with what to do next, and the status it found before it changed anything.
 * The surface's own words (its status step, where its connection check is) come in as {@link Terms}.
 */
public final class OperationWords {

    /**
     * @param statusCommand how the user reads a pair's status there (e.g. {@code siPairStatus})
     * @param connectionCheck where the user checks the connection settings there, or an empty string
     */
    public record Terms(String statusCommand, String connectionCheck) {
        /** A Pipeline step's. */
        public static final Terms PIPELINE = new Terms("siPairStatus", " (Manage Jenkins » VSP storage systems » Test connection)");
    }

    private OperationWords() {}

    /** A step's arguments in a list of steps ("storage: group / pair"); null without a copy group. */
    public static String arguments(Object storage, Object copyGroupName, Object copyPairName) {
        if (copyGroupName == null) {
            return null;
        }
        return (storage == null ? "" : storage + ": ") + copyGroupName + (copyPairName == null ? "" : " / " + copyPairName);
    }

    /** The first line: what, where, until when it waits; a wait names its target, a dry run says it only reads. */
    public static String startLine(OperationState st, String storageName, String url, String storageDeviceId) {
        String where = " on storage system '" + storageName + "' (" + url + (storageDeviceId == null ? "" : ", " + storageDeviceId) + ")";
        String timeout = "; timeout " + Durations.words(Duration.between(st.startedAt(), st.deadline()));
        if (st.type().isReadOnly() && st.targetStatus() != null) {
            String what = st.type().isPairLevel() ? "pair " + st.target() : "every pair of copy group " + st.target();
            return "waiting until " + what + " is " + waitTarget(st.targetStatus()) + where + " (reads only)" + timeout;
        }
        String head = (st.isDryRun() ? "dry run of " : "") + st.type().cliName() + " " + st.target() + where;
        if (st.isDryRun()) {
            return head + ": only reads and checks, changes nothing; the plan follows";
        }
        return head + (st.request().waitFor() == WaitFor.ACCEPTED ? "; waits until the array accepts it" : "; waits until it completes")
                + timeout;
    }

    private static String waitTarget(String targetStatus) {
        return switch (targetStatus) {
            case "PSUS" -> "SPLIT (PSUS/SSUS)";
            case "COPYING" -> "COPY (copying or restoring)";
            case "GONE" -> "GONE (deleted or SMPL)";
            default -> targetStatus + " (" + targetStatus + "/" + targetStatus + ")";
        };
    }

    /**
     * A running step's status in a list of what runs (e.g. the controller's "threads"): its operation, and what it does
     * now ({@link RunningOperation#status()}), or that it has finished or is not running (not yet, or no longer).
     */
    public static String executionStatus(String surface, OperationState st, boolean completed, RunningOperation running) {
        return surface + ' ' + st.target() + ": " + (completed ? "finished" : running == null ? "not running" : running.status());
    }

    /** What other operations print while they wait for this one's lock. */
    public static String lockDescription(OperationState st, String owner) {
        String verb = switch (st.type()) {
            case CREATE -> "created";
            case SPLIT, GROUP_SPLIT -> "split";
            case RESYNC, GROUP_RESYNC -> "resynchronised";
            case RESTORE -> "restored";
            case DELETE -> "deleted";
            case STATUS -> "read";
            case WAIT, GROUP_WAIT -> "waited for";
        };
        return (st.type().isPairLevel() ? "pair " : "copy group ") + st.target() + " is being " + verb + " by " + owner;
    }

    /** The last line of a success. */
    public static String resultLine(PairInfo r) {
        return r.outcome() + ": " + r.target() + (r.pvolStatus() == null ? "" : " is " + r.pvolStatus()
                + (r.copyProgressRate() == null ? "" : " (" + r.copyProgressRate() + " %)"))
                + (r.jobIds().isEmpty() ? "" : "; job(s) " + r.jobIds());
    }

    /**
     * The status found before anything was sent, once the first step has read the pair (or group) and before a job
     * was accepted; null until then (and for a state that is past that point: it is not known any more).
     */
    public static String statusBefore(OperationState st) {
        if (st.jobId() != null || st.phase() == io.jenkins.plugins.shadowimage.core.engine.Phase.CHECK) {
            return null;
        }
        if (st.type().isPairLevel()) {
            return st.lastPvolStatus() == null ? "NONE" : st.lastPvolStatus();
        }
        if (st.memberStatus().isEmpty()) {
            return "NONE";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : st.memberStatus().entrySet()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /** The engine's message (KART id, SSB codes, cause, solution), the catalogue's explanation and what to do next. */
    public static String failure(String surface, ShadowImageException e, String lastPvolStatus, Terms terms) {
        String hint = switch (e.category()) {
            case VALIDATION -> "Fix the step parameters; nothing was sent to the array.";
            case REJECTED_BY_ARRAY -> "The array refused the request. The KART message id and SSB1/SSB2 codes above identify "
                    + "the reason; see 'KART and SSB codes' in the troubleshooting guide.";
            case TIMEOUT -> "The operation may still be running on the array (pair last seen "
                    + (lastPvolStatus == null ? "in an unknown state" : lastPvolStatus) + "). Check it with "
                    + terms.statusCommand() + " before retrying, or raise 'timeout'.";
            case CONNECTION -> "The array could not be reached or kept answering errors that are worth retrying. Check the URL, "
                    + "the network path and TLS trust" + terms.connectionCheck() + ".";
            case INTERRUPTED -> "Interrupted.";
            case INTERNAL -> "This looks like a bug or an unexpected answer from the array; please report it with this log.";
        };
        String explained = e.explanation();
        String nl = System.lineSeparator();
        return surface + " failed: " + e.getMessage() + nl + (explained == null ? "" : explained + nl) + hint;
    }

    /** The first line of a listing. */
    public static String listingLine(CopyGroupId group, String storageName, String url) {
        return "status of " + listed(group) + " on storage system '" + storageName + "' (" + url + ")";
    }

    /** A listing that the array refused or failed, with the catalogue's explanation. */
    public static String listingFailure(String surface, CopyGroupId group, VspApiException e) {
        String explained = ErrorCatalogue.explain(e);
        return surface + " failed: reading " + listed(group) + ": " + e.getMessage()
                + (explained == null ? "" : System.lineSeparator() + explained);
    }

    /** What a listing reads, in words. */
    public static String listed(CopyGroupId group) {
        return group == null ? "every copy group" : "copy group " + group.copyGroupName();
    }

    /** The last line of a listing. */
    public static String listingSummary(PairListing.Result result) {
        return "STATUS: " + result.pairs().size() + " pair(s) in " + result.copyGroups().size() + " copy group(s)";
    }
}
