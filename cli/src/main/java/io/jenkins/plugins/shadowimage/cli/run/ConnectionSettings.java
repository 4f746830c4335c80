package io.jenkins.plugins.shadowimage.cli.run;

import io.jenkins.plugins.shadowimage.cli.CliException;
import io.jenkins.plugins.shadowimage.cli.options.ConnectionOptions;
import io.jenkins.plugins.shadowimage.cli.state.StateFile;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.client.UrlForm;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The array connection of one command, checked before any REST call. Holds no secret: the password is
 * obtained separately, at use.
 */
public record ConnectionSettings(URI url, UrlForm urlForm, String storageDeviceId, String user, String caCertPem,
        boolean insecure, Duration connectTimeout, Duration readTimeout) {

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
                user.trim(), o.caCert == null ? null : readPem(o.caCert), o.insecure, o.connectTimeout, o.readTimeout);
    }

    /** From a state file, with the options given to {@code resume} taking precedence where present. */
    public static ConnectionSettings fromState(StateFile.Connection c, ConnectionOptions o, Map<String, String> env) {
        if (c == null || c.url() == null || c.user() == null) {
            throw CliException.usage("the state file holds no connection; it cannot be resumed");
        }
        String url = o.url != null ? o.url : c.url();
        String user = o.user != null ? o.user : c.user();
        String pem = o.caCert != null ? readPem(o.caCert) : c.caCertPem();
        boolean insecure = o.insecure || (o.caCert == null && c.insecure());
        String sdid = o.storageDeviceId != null ? o.storageDeviceId : c.storageDeviceId();
        UrlForm form = c.urlForm() == null ? parseUrlForm(o.urlForm) : UrlForm.valueOf(c.urlForm());
        return new ConnectionSettings(parseUrl(url), form, blankToNull(sdid), user, insecure ? null : pem, insecure,
                o.connectTimeout, o.readTimeout);
    }

    public StateFile.Connection toState() {
        return new StateFile.Connection(url.toString(), urlForm.name(), storageDeviceId, user, caCertPem, insecure);
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

    static URI parseUrl(String text) {
        URI u;
        try {
            u = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw CliException.usage("--url " + text + " is not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw CliException.usage("--url must start with https:// (or http:// for a lab): " + text);
        }
        if (u.getHost() == null) {
            throw CliException.usage("--url has no host: " + text);
        }
        if (u.getUserInfo() != null) {
            throw CliException.usage("--url must not contain a user or password; use --user and --password-file");
        }
        return u;
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
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw CliException.usage("--ca-cert " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        if (pem.contains("PRIVATE KEY")) {
            throw CliException.usage("--ca-cert " + file + " contains a private key; give the certificate only");
        }
        return pem;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
