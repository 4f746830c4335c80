package io.jenkins.plugins.shadowimage.bench.measure;

/** Serialized size of the state of waiting operations of one type. */
public record StateSizeResult(String operationType, int samples, double meanBytes, long maxBytes, String format) {

    public static final long TARGET_BYTES = 2048;

    /** Met when no waiting state was larger than the target; an operation that never waited has nothing to hold. */
    public boolean met() {
        return maxBytes <= TARGET_BYTES;
    }
}
