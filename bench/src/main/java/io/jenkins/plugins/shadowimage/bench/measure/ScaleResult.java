package io.jenkins.plugins.shadowimage.bench.measure;

/**
 * N concurrent operations against one simulated array, by one algorithm.
 *
 * @param idealSeconds       the longest single operation of the mix, run alone
 * @param sessionLimit       the array's session cap
 * @param sessionBudget      the engine's own session budget for the array
 * @param peakClientThreads  live threads that are not the simulator's (engine, scheduler, HTTP client, JVM)
 * @param baselineThreads    the same count just before the operations started
 * @param peakConnections    established TCP connections to the array, sampled every 50 ms (-1: unknown)
 */
public record ScaleResult(
        String algorithm,
        int operations,
        String mix,
        int succeeded,
        String failures,
        int peakSessions,
        int sessionLimit,
        int sessionBudget,
        int peakThreads,
        int peakClientThreads,
        int baselineThreads,
        long peakHeapBytes,
        int peakConnections,
        double wallSeconds,
        double idealSeconds,
        double restCallsPerOperation) { }
