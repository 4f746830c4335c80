package io.jenkins.plugins.shadowimage.bench.subject;

import java.net.URI;
import java.util.Map;

/** A running simulated array, seen from the benchmark: where it listens and what it can tell in-process. */
public interface ArrayUnderTest extends AutoCloseable {

    URI baseUrl();

    String storageDeviceId();

    /** The array's self-signed certificate (PEM), which our engine trusts explicitly. */
    String certificatePem();

    /** Model and serial number, from which the sample's support modules derive the storage ID. */
    String model();

    long serialNumber();

    String user();

    String password();

    ArrayUnderTestSettings settings();

    /**
     * Waits until the request log stops growing: the simulator logs a request after its response is
     * sent, so a count read right after the client's last call could miss that call.
     */
    void settle() throws InterruptedException;

    /** REST requests served since start (the simulator's own admin calls excluded). */
    long requestCount();

    /** Requests per endpoint template since start. */
    Map<String, Long> requestCounters();

    /** The endpoint templates of the logged requests, in order ("GET /jobs/{id}", ...). */
    java.util.List<String> requestSequence();

    int openSessions();

    /** TCP connections to the array that are established right now, or -1 where the OS does not say. */
    int establishedConnections();

    /** The sequence number of the last logged request: a mark for {@link #peakSessionsSince}. */
    long logMark();

    /**
     * The most sessions open at once after {@code mark}, replayed from the request log (successful
     * session creates minus discards), starting from {@code openAtMark}. Exact, unlike sampling, for
     * sessions that live only milliseconds.
     */
    int peakSessionsSince(long mark, int openAtMark);

    /** Job id to job status ({@code Initializing}, {@code Running}, {@code Completed}) of every retained job. */
    Map<Long, String> jobStatuses();

    /** Pair name to P-VOL status of every pair. */
    Map<String, String> pairStatuses();

    /** The requests logged after {@code mark} (see {@link #logMark}), in order. */
    java.util.List<ServedRequest> requestsAfter(long mark);

    /**
     * When each pair's REST status last changed ({@code group/pair} to the moment), the array's ground truth for
     * how late a client noticed it.
     */
    Map<String, java.time.Instant> pairStatusSince();

    /** When each retained job completed (job id to the moment), for jobs that did. */
    Map<Long, java.time.Instant> jobCompletedTimes();

    /** Requests the REST server serves per second from now on (0 = no limit). */
    void requestRate(int perSecond);

    /** Changes how fast simulated time runs from now on (for quick preparation of pairs). */
    void timeScale(double factor);

    /** True for threads that belong to the simulator (its HTTP server and timers), not to the client. */
    boolean isSimulatorThread(Thread t);

    @Override
    void close();
}
