package io.jenkins.plugins.shadowimage.simulator;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running simulated storage system: the Configuration Manager REST API over HTTPS (or HTTP) on the JDK's
 * HTTP server, plus the admin API under {@code /simulator/}.
 *
 * <pre>{@code
 * try (VspSimulator sim = VspSimulator.start(SimulatorConfig.defaults())) {
 *     URI base = sim.baseUrl();               // https://127.0.0.1:PORT
 *     String pem = sim.certificatePem();      // trust exactly this certificate
 *     sim.admin().openSessionCount();
 * }
 * }</pre>
 */
public final class VspSimulator implements AutoCloseable {
    static {
        // Both properties are read once, when the first JDK HTTP server of the JVM starts.
        // The JDK server closes every keep-alive connection beyond 200 idle ones right after its response; a
        // client that reuses such a connection sees it die under it. Hundreds of parallel clients are normal
        // here, so raise the limit unless the user has set it.
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        }
        // Without TCP_NODELAY, Nagle's algorithm and the client's delayed ACK add ~40 ms to every request on a
        // kept-alive connection (measured by the bench: 44 ms instead of 1.5 ms per call with curl).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorCore core;
    private final SimulatorAdmin admin;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService holdScheduler;
    private final URI baseUrl;
    private final String certificatePem;

    private VspSimulator(SimulatorConfig config) throws IOException, GeneralSecurityException {
        this.core = new SimulatorCore(config);
        this.admin = new SimulatorAdmin(core);
        InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
        if (config.https()) {
            TlsMaterial tls = TlsMaterial.load(config.tls(), config.certificateValidity());
            HttpsServer https = HttpsServer.create(address, 1024);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
            this.server = https;
            this.certificatePem = tls.certificatePem();
        } else {
            this.server = HttpServer.create(address, 1024);
            this.certificatePem = null;
        }
        core.certificatePem = certificatePem;
        AtomicInteger n = new AtomicInteger();
        // Idle threads are reused and new ones made on demand: a request held by Response-Job-Status must never
        // keep another request waiting in a queue. Past maxThreads the server's own thread serves the request.
        this.executor = new ThreadPoolExecutor(0, config.maxThreads(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "vsp-simulator-" + server.getAddress().getPort() + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(executor);
        this.holdScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vsp-simulator-" + server.getAddress().getPort() + "-holds");
            t.setDaemon(true);
            return t;
        });
        server.createContext(RestApi.ROOT, new RestApi(core, new HeldResponses(core.clock, holdScheduler, executor, core.heldResponses)));
        server.createContext("/simulator", new AdminApi(core, admin));
        server.createContext("/", RestApi::notFound);
        server.start();
        String host = config.bindAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        this.baseUrl = URI.create((config.https() ? "https" : "http") + "://" + host + ":"
                + server.getAddress().getPort());
    }

    /** Starts a simulator; fails fast if the port is taken or the TLS material cannot be loaded. */
    public static VspSimulator start(SimulatorConfig config) {
        try {
            return new VspSimulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the VSP simulator: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the VSP simulator: " + e.getMessage(), e);
        }
    }

    /** {@code https://127.0.0.1:PORT} (or {@code http://...}); REST URLs are {@code baseUrl + "/ConfigurationManager/..."}. */
    public URI baseUrl() {
        return baseUrl;
    }

    public int port() {
        return baseUrl.getPort();
    }

    public String storageDeviceId() {
        return core.config.storageDeviceId();
    }

    public SimulatorConfig config() {
        return core.config;
    }

    /** The server certificate as PEM, to trust explicitly; null when serving plain HTTP. */
    public String certificatePem() {
        return certificatePem;
    }

    public SimulatorAdmin admin() {
        return admin;
    }

    @Override
    public void close() {
        server.stop(0);
        holdScheduler.shutdownNow();
        executor.shutdownNow();
    }
}
