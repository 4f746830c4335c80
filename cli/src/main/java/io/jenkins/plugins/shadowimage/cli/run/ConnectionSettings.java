package io.jenkins.plugins.shadowimage.cli.run;

import io.jenkins.plugins.shadowimage.cli.CliException;
import io.jenkins.plugins.shadowimage.cli.options.ConnectionOptions;
import io.jenkins.plugins.shadowimage.cli.state.InvalidStateFileException;
import io.jenkins.plugins.shadowimage.cli.state.StateFile;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.client.BaseUrl;
import io.jenkins.plugins.shadowimage.core.client.UrlForm;
import io.jenkins.plugins.shadowimage.core.config.TrustedCertificates;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The array connection of one command, checked before any REST call. Holds no secret: the password is
 * obtained separately, at use. A null duration means "not given": the client's default.
 */
public record ConnectionSettings(URI url, UrlForm urlForm, String storageDeviceId, String user, String caCertPem,
        boolean insecure, Duration connectTimeout, Duration readTimeout, Duration sessionAliveTime) {

    public static final String USER_ENV_VAR = "SHADOWIMAGE_USER";

    /** From the command line; every problem is a usage error (exit code 2). */
    public static ConnectionSettings fromOptions(ConnectionOptions o, Map<String, String> env) {
        if (o.url == null || o.url.isBlank()) {
            throw CliException.usage("--url is required (e.g. --url https://192.0.2.10 for the SVP/controller, or "
                    + "--url https://rest-server:23451 --url-form rest-server)");
        }
        String user = o.user != null ? o.user : env.get(USER_ENV_VAR);
        if (user == null || user.isBlank()) {
            throw CliException.usage("--user is required (or set " + USER_ENV_VAR + ")");
        }
        if (o.insecure && o.caCert != null) {
            throw CliException.usage("--insecure and --ca-cert contradict each other; keep --ca-cert");
        }
        return new ConnectionSettings(parseUrl(o.url), parseUrlForm(o.urlForm), blankToNull(o.storageDeviceId),
                user.trim(), o.caCert == null ? null : readPem(o.caCert), o.insecure, o.connectTimeout, o.readTimeout,
                o.sessionAliveTime).checked();
    }

    /**
     * From a state file: every setting the original command had, each overridden by the same option given to
     * {@code resume}.
     */
    public static ConnectionSettings fromState(StateFile.Connection c, ConnectionOptions o, Map<String, String> env) {
        if (c == null || c.url() == null || c.user() == null) {
            throw CliException.usage("the state file holds no connection; it cannot be resumed");
        }
        if (o.insecure && o.caCert != null) {
            throw CliException.usage("--insecure and --ca-cert contradict each other; keep --ca-cert");
        }
        String url = o.url != null ? o.url : c.url();
        String user = o.user != null ? o.user : c.user();
        boolean insecure = o.insecure || (o.caCert == null && c.insecure());
        String pem = o.caCert != null ? readPem(o.caCert) : insecure ? null : c.caCertPem();
        String sdid = o.storageDeviceId != null ? o.storageDeviceId : c.storageDeviceId();
        UrlForm form = o.urlForm != null || c.urlForm() == null ? parseUrlForm(o.urlForm) : savedUrlForm(c.urlForm());
        return new ConnectionSettings(parseUrl(url), form, blankToNull(sdid), user.trim(), pem, insecure,
                o.connectTimeout != null ? o.connectTimeout : savedDuration("connectTimeout", c.connectTimeout()),
                o.readTimeout != null ? o.readTimeout : savedDuration("readTimeout", c.readTimeout()),
                o.sessionAliveTime != null ? o.sessionAliveTime
                        : savedDuration("sessionAliveTime", c.sessionAliveTime())).checked();
    }

    public StateFile.Connection toState() {
        return new StateFile.Connection(url.toString(), urlForm.name(), storageDeviceId, user, caCertPem, insecure,
                iso(sessionAliveTime), iso(connectTimeout), iso(readTimeout));
    }

    /**
     * Builds the endpoint and the client options once, so that the ranges core enforces (timeouts, alive
     * time, storage device id) are usage errors here, before a password is asked for or a request is sent.
     */
    private ConnectionSettings checked() {
        try {
            endpoint();
        } catch (IllegalArgumentException e) {
            throw CliException.usage("invalid connection setting: " + e.getMessage());
        }
        OperationExecution.clientOptions(sessionAliveTime);
        return this;
    }

    private static UrlForm savedUrlForm(String text) {
        try {
            return UrlForm.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidStateFileException("the state file names an unknown URL form: " + text);
        }
    }

    private static Duration savedDuration(String name, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidStateFileException("the state file holds an unreadable " + name + ": " + text);
        }
    }

    private static String iso(Duration d) {
        return d == null ? null : d.toString();
    }

    public Trust trust() {
        if (insecure) {
            return Trust.insecure();
        }
        return caCertPem == null ? Trust.systemDefault() : Trust.pem(caCertPem);
    }

    public Endpoint endpoint() {
        return Endpoint.builder(url).urlForm(urlForm).storageDeviceId(storageDeviceId).trust(trust())
                .connectTimeout(connectTimeout).readTimeout(readTimeout).build();
    }

    /** Says loudly, once per command, that TLS verification is off. */
    public void warnIfInsecure(PrintStream err) {
        if (insecure) {
            err.println("WARNING: --insecure: the TLS certificate and host name of " + url.getHost() + " are NOT verified.");
            err.println("WARNING: anyone on the network path can impersonate the array and capture the password.");
            err.println("WARNING: trust the array's certificate with --ca-cert FILE.pem instead.");
            err.flush();
        }
    }

    /**
     * The base address of the REST API, as core's {@link BaseUrl} decides it (the plugin asks the same): scheme,
     * host and port only, and never echoed, since a pasted URL may carry a password.
     */
    static URI parseUrl(String text) {
        String problem = BaseUrl.problem(text);
        if (problem != null) {
            throw CliException.usage("--url: " + problem);
        }
        return BaseUrl.parse(text);
    }

    static UrlForm parseUrlForm(String text) {
        String t = text == null ? "embedded" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (t) {
            case "embedded" -> UrlForm.EMBEDDED;
            case "rest-server" -> UrlForm.REST_SERVER;
            default -> throw CliException.usage("--url-form must be embedded or rest-server, not " + text);
        };
    }

    static String readPem(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (java.nio.file.NoSuchFileException e) {
            throw CliException.usage("--ca-cert " + file + " does not exist");
        } catch (IOException e) {
            throw CliException.usage("cannot read --ca-cert " + file + ": " + e.getMessage());
        }
        String problem = TrustedCertificates.formatProblem(pem);
        if (problem != null) {
            throw CliException.usage("--ca-cert " + file + ": " + problem);
        }
        return pem;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
