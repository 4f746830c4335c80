package io.jenkins.plugins.shadowimage.bench.subject;

/** Starts simulated arrays. */
@FunctionalInterface
public interface ArrayFactory {

    ArrayUnderTest start(ArrayUnderTestSettings settings, ServerLimits limits);

    /** An array whose REST server has no limits but the session cap. */
    default ArrayUnderTest start(ArrayUnderTestSettings settings) {
        return start(settings, ServerLimits.NONE);
    }
}
