package io.jenkins.plugins.shadowimage.bench.measure;

/**
 * One way of running the seed flow (version check, create, split, status), repeated {@code runs}
 * times on a reset simulator.
 *
 * @param restCalls    requests the simulator logged per run
 * @param wallSeconds  wall time per run
 * @param finalStatus  the P-VOL/S-VOL status the flow reported at the end of its last run
 * @param sequence     the endpoints the last run called, in order
 */
public record SeedFlowResult(
        String algorithm,
        int runs,
        int succeeded,
        Stats restCalls,
        Stats wallSeconds,
        String finalStatus,
        java.util.List<String> sequence,
        String note) { }
