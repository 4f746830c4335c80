package io.jenkins.plugins.shadowimage.core.engine.policy;

import io.jenkins.plugins.shadowimage.core.engine.OperationType;
import java.util.EnumMap;
import java.util.Map;

/** The policy of each operation. Policies hold no state: one instance each serves every operation. */
public final class Policies {
    private static final Map<OperationType, OperationPolicy> BY_TYPE = new EnumMap<>(OperationType.class);

    static {
        for (OperationType t : OperationType.values()) {
            BY_TYPE.put(t, switch (t) {
                case CREATE -> new CreatePolicy();
                case SPLIT -> new SplitPolicy();
                case RESYNC -> new ResyncPolicy();
                case RESTORE -> new RestorePolicy();
                case DELETE -> new DeletePolicy();
                case STATUS -> new StatusPolicy();
                case GROUP_SPLIT -> new GroupSplitPolicy();
                case GROUP_RESYNC -> new GroupResyncPolicy();
                case WAIT, GROUP_WAIT -> new WaitPolicy();
            });
        }
    }

    private Policies() {
    }

    public static OperationPolicy of(OperationType type) {
        return BY_TYPE.get(type);
    }
}
