package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.Advance;
import java.util.function.Supplier;

/**
 * How one operation reaches its array, supplied by the surface: it resolves settings and credentials at each step
 * (they may change while an operation waits) and may share one access among operations.
 */
public interface ArrayConnector {

    /** The access for the next step. */
    ArrayAccess connect() throws SetupException;

    /** Runs one engine step on the runtime's thread; a surface that hands credentials to the client per thread wraps it. */
    default Advance call(Supplier<Advance> step) {
        return step.get();
    }

    /** The operation is over and its last step has ended: let go of the access (its idle sessions are discarded). */
    void disconnect();

    /**
     * One access that its owner shares among operations and closes itself, after them: disconnecting leaves it
     * open.
     */
    static ArrayConnector shared(ArrayAccess access) {
        return new ArrayConnector() {
            @Override
            public ArrayAccess connect() {
                return access;
            }

            @Override
            public void disconnect() {
                // the owner closes the access
            }
        };
    }
}
