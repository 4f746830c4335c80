package io.jenkins.plugins.shadowimage.bench.measure;

/** Serialized size of the state of waiting operations of one type. */
public record StateSizeResult(String operationType, int samples, double meanBytes, long maxBytes, String format) {

    public static final long TARGET_BYTES = 2048;

    public boolean met() {
        return samples > 0 && maxBytes <= TARGET_BYTES;
    }
}
