package io.jenkins.plugins.shadowimage.core.engine;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The runs behind the golden state files under {@code golden/}: each file was written in the middle of one of these
 * runs on a fresh simulator, so that a test can bring a new simulator to the same point (the same pairs, the same job
 * ids) and resume the file there.
 */
final class GoldenScenarios {
    /** Long enough that a golden file's deadline stays in the future. */
    static final Duration TIMEOUT = Duration.ofDays(3650);
    static final String GROUP = "GOLD";

    private GoldenScenarios() {
    }

    /**
     * The array a golden file resumes on. The files were written with slower jobs and copies (see
     * golden/README.md); only the order of the operations matters for their job ids, not their speed.
     */
    static SimulatorConfig config() {
        return SimSupport.config().build();
    }

    static PairRequest pair(String name, int pvol, int svol) {
        return SimSupport.pair(GROUP, name, pvol, svol).timeout(TIMEOUT).build();
    }

    static PairRequest ref(String name) {
        return SimSupport.pairRef(GROUP, name).timeout(TIMEOUT).build();
    }

    static PairRequest group(String name) {
        return PairRequest.builder().copyGroupName(name).timeout(TIMEOUT).build();
    }

    /** The first operation of each golden run: what it starts from. */
    static OperationState start(OperationType type, Instant now) throws ValidationException {
        return switch (type) {
            case CREATE -> OperationState.start(type, pair("p1", 100, 101), now);
            case SPLIT, RESYNC, RESTORE, DELETE, STATUS -> OperationState.start(type, ref("p1"), now);
            case GROUP_SPLIT, GROUP_RESYNC -> OperationState.start(type, group(GROUP), now);
            case WAIT -> OperationState.startWait(ref("p1"), WaitTarget.SPLIT, now);
            case GROUP_WAIT -> OperationState.startWait(group(GROUP), WaitTarget.SPLIT, now);
        };
    }

    /**
     * Brings a fresh array to where the golden run of {@code type} started ({@code after == false}), or to where
     * it ended: the array has done the operation ({@code after == true}), as it has when a file of a later phase
     * is resumed. The operations run in the same order as in the golden run, so job ids match.
     */
    static void prepare(OperationDriver d, OperationType type, boolean after) throws Exception {
        Instant now = Instant.now();
        switch (type) {
            case CREATE -> {
                if (after) {
                    run(d, OperationState.start(OperationType.CREATE, pair("p1", 100, 101), now));
                }
            }
            case SPLIT, DELETE, STATUS -> {
                run(d, OperationState.start(OperationType.CREATE, pair("p1", 100, 101), now));
                if (after && type != OperationType.STATUS) {
                    run(d, OperationState.start(type, ref("p1"), now));
                }
            }
            case RESYNC, RESTORE -> {
                run(d, OperationState.start(OperationType.CREATE, pair("p1", 100, 101), now));
                run(d, OperationState.start(OperationType.SPLIT, ref("p1"), now));
                if (after) {
                    run(d, OperationState.start(type, ref("p1"), now));
                }
            }
            case GROUP_SPLIT, GROUP_RESYNC -> {
                run(d, OperationState.start(OperationType.CREATE, pair("p1", 100, 101), now));
                run(d, OperationState.start(OperationType.CREATE, pair("p2", 102, 103), now));
                if (type == OperationType.GROUP_RESYNC) {
                    run(d, OperationState.start(OperationType.GROUP_SPLIT, group(GROUP), now));
                }
                if (after) {
                    run(d, OperationState.start(type, group(GROUP), now));
                }
            }
            case WAIT, GROUP_WAIT -> {
                run(d, OperationState.start(OperationType.CREATE, pair("p1", 100, 101), now));
                if (type == OperationType.GROUP_WAIT) {
                    run(d, OperationState.start(OperationType.CREATE, pair("p2", 102, 103), now));
                }
                if (after) {
                    run(d, OperationState.start(type == OperationType.WAIT ? OperationType.SPLIT : OperationType.GROUP_SPLIT,
                            type == OperationType.WAIT ? ref("p1") : group(GROUP), now));
                }
            }
        }
    }

    /** Runs an operation to its end; it must succeed. */
    static PairInfo run(OperationDriver d, OperationState st) throws ShadowImageException {
        Advance end = drive(d, st, s -> { });
        if (end instanceof Advance.Failed f) {
            throw f.error();
        }
        return ((Advance.Done) end).result();
    }

    /** Advances the state to its end, handing it to {@code saved} after every step, as a surface persists it. */
    static Advance drive(OperationDriver d, OperationState start, Consumer<OperationState> saved) {
        OperationState st = start;
        for (int i = 0; i < 100_000; i++) {
            Advance a = d.advance(st);
            st = a.state();
            saved.accept(st);
            if (!(a instanceof Advance.Again again)) {
                return a;
            }
            try {
                Thread.sleep(again.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no end");
    }
}
