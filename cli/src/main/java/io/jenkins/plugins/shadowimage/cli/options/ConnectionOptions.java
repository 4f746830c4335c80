package io.jenkins.plugins.shadowimage.cli.options;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How to reach the array. The password is never an option: see {@code --password-file},
 * {@code SHADOWIMAGE_PASSWORD} or the prompt.
 */
public final class ConnectionOptions {
    @Option(names = "--url", paramLabel = "URL",
            description = "Base URL of the REST API: the SVP/controller (https://array) or the Configuration "
                    + "Manager REST server (https://rest-server:23451).")
    public String url;

    // No picocli default: resume must tell "not given" (keep the state file's) from an explicit value.
    @Option(names = "--url-form", paramLabel = "FORM",
            description = "URL layout: embedded (SVP/GUM, unscoped object URLs) or rest-server (storage-scoped "
                    + "URLs). Default: embedded.")
    public String urlForm;

    @Option(names = "--storage-device-id", paramLabel = "ID",
            description = "12-character storage device id (e.g. 934000400123). Default: discovered with GET "
                    + ".../storages when the REST API serves exactly one storage.")
    public String storageDeviceId;

    @Option(names = "--user", paramLabel = "USER", description = "REST API user (needs the Storage Administrator "
            + "(Local Copy) role). Default: $SHADOWIMAGE_USER.")
    public String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from the first line of FILE (- for standard input). Otherwise "
                    + "$SHADOWIMAGE_PASSWORD is used, or you are prompted on the terminal.")
    public Path passwordFile;

    @Option(names = "--ca-cert", paramLabel = "PEM",
            description = "PEM file with the CA certificate (or the array's self-signed certificate) to trust "
                    + "in addition to the Java trust store.")
    public Path caCert;

    @Option(names = "--insecure",
            description = "Do not verify the array's TLS certificate or host name. Anyone on the network path "
                    + "can then read the password. Use --ca-cert instead.")
    public boolean insecure;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "TCP/TLS connect timeout (e.g. 30s; 1s-5m). Default: 30s.")
    public Duration connectTimeout;

    @Option(names = "--read-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Read timeout of one request (e.g. 120s; 1s-1h). Default: 120s.")
    public Duration readTimeout;

    @Option(names = "--session-alive-time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Idle timeout requested for each REST session (aliveTime, 1s-300s). A session left by a "
                    + "killed process frees its slot of the array's 64 after this time. Default: 120s.")
    public Duration sessionAliveTime;
}
