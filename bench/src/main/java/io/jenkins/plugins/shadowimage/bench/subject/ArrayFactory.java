package io.jenkins.plugins.shadowimage.bench.subject;

/** Starts simulated arrays. */
@FunctionalInterface
public interface ArrayFactory {

    ArrayUnderTest start(ArraySettings settings, ServerLimits limits);

    /** An array whose REST server has no limits but the session cap. */
    default ArrayUnderTest start(ArraySettings settings) {
        return start(settings, ServerLimits.NONE);
    }
}
