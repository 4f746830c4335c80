package io.jenkins.plugins.shadowimage.bench.sample;

/** What the sample reports on stderr and stops on: an HTTP error, a failed job or a poll timeout. */
public final class SampleFailure extends Exception {

    private static final long serialVersionUID = 1L;

    public SampleFailure(String message) {
        super(message);
    }
}
