package io.jenkins.plugins.shadowimage.core.engine;

import io.jenkins.plugins.shadowimage.core.client.ClientListener;
import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroup;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroupId;
import io.jenkins.plugins.shadowimage.core.client.model.CopyPair;
import java.util.ArrayList;
import java.util.List;

/**
 * The read-only status listing of one copy group, or of every copy group of the storage system: each pair as a
 * {@link PairInfo} with outcome {@code STATUS}, the same form the status of one pair has. One session, closed at once.
 */
public final class PairListing {

    /** The copy groups read (as {@code copyGroupName,pvol,svol}) and their pairs, in the array's order. */
    public record Result(List<String> copyGroups, List<PairInfo> pairs) {
        public Result {
            copyGroups = List.copyOf(copyGroups);
            pairs = List.copyOf(pairs);
        }
    }

    private PairListing() {}

    /**
     * Checks the names of a listing without the array: a copy group name, if given, and its device groups.
     *
     * @param copyGroupName {@code null} lists every copy group; the device group names then must be absent too
     */
    public static void validate(String copyGroupName, String pvolDeviceGroupName, String svolDeviceGroupName)
            throws ValidationException {
        if (copyGroupName == null) {
            if (pvolDeviceGroupName != null || svolDeviceGroupName != null) {
                throw new ValidationException("invalid status request: pvolDeviceGroupName/svolDeviceGroupName need "
                        + "copyGroupName");
            }
            return;
        }
        try {
            // The group-level checks of names are the same as those of a group operation.
            PairRequest.builder().copyGroupName(copyGroupName).pvolDeviceGroupName(pvolDeviceGroupName)
                    .svolDeviceGroupName(svolDeviceGroupName).build().validate(OperationType.GROUP_SPLIT);
        } catch (ValidationException e) {
            throw new ValidationException(e.getMessage().replace(OperationType.GROUP_SPLIT.cliName(), "status"));
        }
    }

    /**
     * Reads the pairs of {@code group}, or of every copy group when it is {@code null}.
     *
     * @param refresh asks the array to refresh its pair information first
     */
    public static Result read(ArrayAccess access, CopyGroupId group, boolean refresh, ClientListener listener)
            throws InterruptedException {
        List<String> groups = new ArrayList<>();
        List<PairInfo> pairs = new ArrayList<>();
        try (VspSession session = access.client().openSession(listener)) {
            List<CopyGroupId> ids = new ArrayList<>();
            if (group != null) {
                ids.add(group);
            } else {
                for (CopyGroup g : session.copyGroups()) {
                    ids.add(new CopyGroupId(g.copyGroupName(), g.pvolDeviceGroupName(), g.svolDeviceGroupName()));
                }
            }
            for (CopyGroupId id : ids) {
                groups.add(id.toString());
                for (CopyPair p : session.listPairs(id, refresh)) {
                    pairs.add(PairInfo.builder().operation(OperationType.STATUS.cliName()).outcome("STATUS").pair(p).build());
                }
            }
        }
        return new Result(groups, pairs);
    }
}
