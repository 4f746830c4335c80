package io.jenkins.plugins.shadowimage.bench.subject;

/** Starts simulated arrays. */
@FunctionalInterface
public interface ArrayFactory {

    ArrayUnderTest start(ArrayUnderTestSettings settings);
}
