package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import io.jenkins.plugins.shadowimage.core.engine.PairRequest;
import java.time.Duration;
import java.util.List;

/** The builds the restart-torture test's controllers run: who does what to which pair, and as which REST user. */
final class TortureBuilds {

    static final String PASSWORD = "Torture-Pw-41c7";

    private TortureBuilds() {}

    /** One operation of a build; its id is also the REST user it logs in as. */
    record Op(String id, OperationType type, String group, String pair, Integer pvol, Integer svol) {
        PairRequest request() {
            PairRequest.Builder b = PairRequest.builder().copyGroupName(group).copyPairName(pair)
                    .timeout(Duration.ofMinutes(3));
            if (type == OperationType.CREATE) {
                b.pvolLdevId(pvol).svolLdevId(svol).copyPace(3);
            }
            return b.build();
        }

        String pairKey() {
            return group + "/" + pair;
        }

        String target() {
            return type == OperationType.SPLIT ? "PSUS" : "PAIR";
        }
    }

    /**
     * The builds: two on pair p1 (both create it, identically), two on S-VOL 103 under two pair names (one of the
     * creates is refused), two on p3, and two on pairs of their own.
     */
    static final List<List<Op>> BUILDS = List.of(
            List.of(create("b1", 1, "CG1", "p1", 100, 101), op("b1", 2, OperationType.SPLIT, "CG1", "p1"),
                    op("b1", 3, OperationType.RESYNC, "CG1", "p1"), op("b1", 4, OperationType.SPLIT, "CG1", "p1"),
                    op("b1", 5, OperationType.RESYNC, "CG1", "p1"), op("b1", 6, OperationType.SPLIT, "CG1", "p1")),
            List.of(create("b2", 1, "CG1", "p1", 100, 101), op("b2", 2, OperationType.SPLIT, "CG1", "p1"),
                    op("b2", 3, OperationType.RESYNC, "CG1", "p1")),
            List.of(create("b3", 1, "CG1", "p2", 102, 103), op("b3", 2, OperationType.SPLIT, "CG1", "p2"),
                    op("b3", 3, OperationType.RESYNC, "CG1", "p2")),
            List.of(create("b4", 1, "CG2", "q2", 104, 103), op("b4", 2, OperationType.SPLIT, "CG2", "q2")),
            List.of(create("b5", 1, "CG1", "p3", 106, 107), op("b5", 2, OperationType.SPLIT, "CG1", "p3"),
                    op("b5", 3, OperationType.RESYNC, "CG1", "p3"), op("b5", 4, OperationType.SPLIT, "CG1", "p3")),
            List.of(create("b6", 1, "CG1", "p3", 106, 107), op("b6", 2, OperationType.RESYNC, "CG1", "p3"),
                    op("b6", 3, OperationType.SPLIT, "CG1", "p3")),
            List.of(create("b7", 1, "CG3", "r4", 108, 109), op("b7", 2, OperationType.SPLIT, "CG3", "r4")),
            List.of(create("b8", 1, "CG3", "r5", 110, 111), op("b8", 2, OperationType.SPLIT, "CG3", "r5"),
                    op("b8", 3, OperationType.RESYNC, "CG3", "r5"), op("b8", 4, OperationType.SPLIT, "CG3", "r5"),
                    op("b8", 5, OperationType.RESYNC, "CG3", "r5"), op("b8", 6, OperationType.SPLIT, "CG3", "r5")));

    static Op create(String build, int n, String group, String pair, int pvol, int svol) {
        return new Op(build + "-" + n, OperationType.CREATE, group, pair, pvol, svol);
    }

    static Op op(String build, int n, OperationType type, String group, String pair) {
        return new Op(build + "-" + n, type, group, pair, null, null);
    }

    static List<Op> allOps() {
        return BUILDS.stream().flatMap(List::stream).toList();
    }

    static Op byId(String id) {
        return allOps().stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow();
    }

    /** The build an operation belongs to. */
    static List<Op> buildOf(Op op) {
        return BUILDS.stream().filter(b -> b.contains(op)).findFirst().orElseThrow();
    }
}
