package io.jenkins.plugins.shadowimage.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar vsp-simulator.jar [options]}: runs one simulated storage system until interrupted and prints
 * its URL and storageDeviceId. {@code --help} lists every option.
 */
public final class SimulatorMain {
    static final int DEFAULT_PORT = 23451;

    static final String USAGE = String.join("\n",
            "Usage: java -jar vsp-simulator.jar [options]",
            "",
            "Serves a simulated Hitachi VSP Configuration Manager REST API (ShadowImage subset) on loopback.",
            "",
            "Network and TLS:",
            "  --port N                   listen port (default 23451; 0 = any free port)",
            "  --bind ADDRESS             bind address (default 127.0.0.1)",
            "  --http                     plain HTTP instead of HTTPS",
            "  --key-algorithm EC|RSA     key type of the generated self-signed certificate (default EC)",
            "  --tls-pkcs12 FILE          use this PKCS#12 key store instead of a generated certificate",
            "  --tls-password-env VAR     environment variable holding the PKCS#12 password (default VSP_SIM_TLS_PASSWORD)",
            "  --tls-cert FILE --tls-key FILE",
            "                             use a PEM certificate (chain) and an unencrypted PKCS#8 PEM key",
            "  --export-cert FILE         write the server certificate as PEM to FILE (to trust it explicitly)",
            "",
            "Storage system:",
            "  --model NAME               model (default \"VSP E590H\")",
            "  --serial N                 serial number (default 400123)",
            "  --storage-device-id ID     override the 12-character id computed from model and serial",
            "  --api-version V            apiVersion of GET /ConfigurationManager/configuration/version (default 1.31.0)",
            "  --users LIST               replace the users: name:password[:admin],...",
            "                             (default user1:pass1 and admin:admin-pass:admin)",
            "  --ldevs LIST               replace the LDEVs: ID[-ID]:BLOCKS[:cs|-[:EMULATION]],...",
            "                             (cs = capacity saving on, - = off; EMULATION default OPEN-V-CVS)",
            "                             (default 347,348,100-131 of 1 GiB; 200-203 1 GiB cs; 400 of 2 GiB)",
            "  --add-ldevs LIST           add LDEVs to the list, same syntax",
            "",
            "Time and copy speed:",
            "  --time-scale X             simulated seconds per real second (default 1)",
            "  --job-duration MS[-MS]     simulated job duration, fixed or a random range (default 100-300)",
            "  --copy-rate MIB            copy throughput per copyPace unit in MiB/s (default 512)",
            "  --default-copy-pace N      copyPace when a create omits it, 1-15 (default 3)",
            "  --resync-diff-percent P    share of a volume a resync/restore copies (default 10)",
            "  --split-diff-percent P     share of a volume a steady split from PAIR flushes (default 1)",
            "  --latency MS[-MS]          real-time delay of every REST request, fixed or a random range (default 0)",
            "",
            "Sessions and jobs:",
            "  --session-limit N          concurrent sessions (default 64; the next gets 503)",
            "  --session-grace S          extra seconds before an idle session expires (default 0)",
            "  --max-response-wait S      cap on Response-Job-Status waits in seconds (default 300)",
            "  --job-retention N          jobs kept for GET .../jobs (default 3000)",
            "  --no-basic-auth            accept Basic auth only on POST .../sessions",
            "  --basic-auth-not-counted   Basic-auth requests do not take a session slot while they run",
            "",
            "Behaviour where the real API is UNCONFIRMED:",
            "  --rejection failed-job|http-412",
            "                             how a forbidden pair operation is reported (default failed-job)",
            "  --si-job-completion on-accept|on-target-status",
            "                             when an SI job completes (default on-accept)",
            "  --psue-split no-op|reject  split of a PSUE pair (default no-op)",
            "  --keep-empty-groups        do not delete a copy group with its last pair",
            "  --delete-duration S        simulated seconds a deleted pair stays listed as deleting (default 0: gone at once)",
            "  --deleting-status SMPP|SMPL",
            "                             status of a pair being deleted (default SMPP)",
            "  --no-put-invoke            accept only POST (not PUT) on .../invoke",
            "  --report-psup              report PSUP/SSUP during a quick split's background copy",
            "  --name-characters CLASS    allowed name characters as a regex class body (default A-Za-z0-9._:@-)",
            "  --ignore-no-wait           with on-target-status, SI jobs stay Running for the whole copy even when",
            "                             the request sends Job-Mode-Wait-Configuration-Change: NoWait",
            "  --svol-status-lag MS       simulated ms the S-VOL stays COPY/RCPY after the P-VOL reached PSUS/PAIR (default 0)",
            "  --group-list-degraded-entry",
            "                             list one entry without LDEV ids in every copy group's pair list",
            "  --request-rate N           REST requests served per second; beyond it 503 KART00003-E with",
            "                             Retry-After (default 0 = no limit)",
            "  --login-latency MS         real-time delay of every POST .../sessions (default 0)",
            "  --pair-list-lag MS         simulated ms a new pair is left out of its group's pair list unless",
            "                             refresh=true (default 0)",
            "  --ignore-response-job-status",
            "                             answer at once even when a request sends Response-Job-Status: Completed",
            "                             (an array that holds no answer for a job; default: held)",
            "  --login-answer-delay MS    real-time wait of a login's answer after its session is created",
            "                             (default 0)",
            "  --logout-latency MS        real-time delay of every DELETE .../sessions/{id} (default 0)",
            "",
            "Faults armed at start (and again by every reset):",
            "  --fault KIND:COUNT:METHOD:PATH_REGEX",
            "                             the next COUNT requests matching METHOD (* = any) and the regex get KIND:",
            "                             HTTP_503, HTTP_503_PLAIN, HTTP_401, HTTP_500, LOCK, BUSY, DROP_CONNECTION,",
            "                             DROP_AFTER_PROCESSING or KART_ERROR (see --kart-error)",
            "                             (repeatable), e.g. --fault HTTP_503:2:POST:/local-clone-copypairs$",
            "  --fail-jobs COUNT:MESSAGE_ID[:SSB1:SSB2]",
            "                             the first COUNT jobs fail with these codes, e.g. 1:KART40050-E:2E11:2205",
            "  --slow-jobs MS             every job takes MS more simulated milliseconds",
            "  --lock-jobs N              the first N jobs fail as a resource lock (KART30000-E, SSB 2E11/2205, RETRY)",
            "  --unknown-jobs N           the first N jobs end Completed/Unknown without an error (operation applied)",
            "  --foreign-affected-resources N",
            "                             the first N successful jobs name another object in affectedResources",
            "  --kart-error COUNT:STATUS:MESSAGE_ID:SSB1:SSB2:METHOD:PATH_REGEX",
            "                             the next COUNT matching requests get HTTP STATUS (e.g. 500) with this KART",
            "                             error body and are not applied, e.g. 1:500:KART70000-E:2E11:8303:POST:/split/",
            "  --retry-after-date         send Retry-After as an HTTP date instead of seconds",
            "  --certificate-validity valid|expired|not-yet-valid",
            "                             validity window of the generated certificate (default valid)",
            "",
            "Admin API (/simulator/...):",
            "  --admin-token-env VAR      require the token in this environment variable on every admin call",
            "                             (needed when binding to a non-loopback address)",
            "",
            "  --max-threads N            request threads, made on demand and reused (default 4096)",
            "  --help                     this text");

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        SimulatorConfig config;
        String exportCert;
        try {
            Parsed parsed = parse(args);
            if (parsed == null) {
                System.out.println(USAGE);
                return;
            }
            config = parsed.config;
            exportCert = parsed.exportCert;
        } catch (IllegalArgumentException e) {
            System.err.println("vsp-simulator: " + e.getMessage());
            System.err.println("Try --help.");
            System.exit(2);
            return;
        }
        VspSimulator sim;
        try {
            sim = VspSimulator.start(config);
        } catch (RuntimeException e) {
            System.err.println("vsp-simulator: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (exportCert != null && sim.certificatePem() != null) {
            try {
                Files.writeString(Path.of(exportCert), sim.certificatePem(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                System.err.println("vsp-simulator: cannot write " + exportCert + ": " + e.getMessage());
            }
        }
        printBanner(System.out, sim);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }, "vsp-simulator-shutdown"));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void printBanner(PrintStream out, VspSimulator sim) {
        SimulatorConfig c = sim.config();
        out.println("VSP simulator listening on " + sim.baseUrl());
        out.println("storageDeviceId " + sim.storageDeviceId() + " (model " + c.model() + ", serial " + c.serialNumber() + ")");
        out.println("REST API: " + sim.baseUrl() + "/ConfigurationManager/v1/objects/...");
        out.println("admin API: " + sim.baseUrl() + "/simulator/...");
        List<String> users = new ArrayList<>();
        for (SimulatorConfig.User u : c.users()) {
            users.add(u.name() + (u.administrator() ? " (administrator)" : ""));
        }
        out.println("users: " + String.join(", ", users) + "; LDEVs: " + c.ldevs().size() + "; time scale: " + c.timeScale());
        out.flush();
    }

    record Parsed(SimulatorConfig config, String exportCert) {
    }

    /** Parses the command line; null means --help. */
    static Parsed parse(String[] args) {
        SimulatorConfig.Builder b = SimulatorConfig.builder().port(DEFAULT_PORT);
        String exportCert = null;
        String pkcs12 = null;
        String pkcs12PasswordEnv = "VSP_SIM_TLS_PASSWORD";
        String pemCert = null;
        String pemKey = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String opt = a;
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                opt = a.substring(0, eq);
                inline = a.substring(eq + 1);
            }
            if (opt.equals("--help") || opt.equals("-h")) {
                return null;
            }
            boolean flag = switch (opt) {
                case "--http", "--no-basic-auth", "--basic-auth-not-counted", "--keep-empty-groups", "--no-put-invoke",
                        "--report-psup", "--ignore-no-wait", "--retry-after-date", "--group-list-degraded-entry",
                        "--ignore-response-job-status" -> true;
                default -> false;
            };
            String v = null;
            if (!flag) {
                if (inline != null) {
                    v = inline;
                } else if (i + 1 < args.length) {
                    v = args[++i];
                } else {
                    throw new IllegalArgumentException(opt + " needs a value");
                }
            }
            switch (opt) {
                case "--port" -> b.port(intValue(opt, v));
                case "--bind" -> {
                    try {
                        b.bindAddress(InetAddress.getByName(v));
                    } catch (IOException e) {
                        throw new IllegalArgumentException("unknown address " + v);
                    }
                }
                case "--http" -> b.http();
                case "--key-algorithm" -> b.tls(new SimulatorConfig.Tls.Generated(v.toUpperCase(Locale.ROOT)));
                case "--tls-pkcs12" -> pkcs12 = v;
                case "--tls-password-env" -> pkcs12PasswordEnv = v;
                case "--tls-cert" -> pemCert = v;
                case "--tls-key" -> pemKey = v;
                case "--export-cert" -> exportCert = v;
                case "--model" -> b.model(v);
                case "--serial" -> b.serialNumber(longValue(opt, v));
                case "--storage-device-id" -> b.storageDeviceId(v);
                case "--api-version" -> b.apiVersion(v);
                case "--users" -> b.users(users(v));
                case "--ldevs" -> b.ldevs(ldevs(v));
                case "--add-ldevs" -> ldevs(v).forEach(b::addLdev);
                case "--time-scale" -> b.timeScale(doubleValue(opt, v));
                case "--job-duration" -> {
                    String[] r = v.split("-", 2);
                    b.jobDuration(Duration.ofMillis(longValue(opt, r[0])),
                            Duration.ofMillis(longValue(opt, r.length > 1 ? r[1] : r[0])));
                }
                case "--copy-rate" -> b.copyRateMiBPerSecondPerPace(doubleValue(opt, v));
                case "--latency" -> {
                    String[] r = v.split("-", 2);
                    b.requestLatency(Duration.ofMillis(longValue(opt, r[0])),
                            Duration.ofMillis(longValue(opt, r.length > 1 ? r[1] : r[0])));
                }
                case "--default-copy-pace" -> b.defaultCopyPace(intValue(opt, v));
                case "--resync-diff-percent" -> b.resyncDifferentialPercent(intValue(opt, v));
                case "--split-diff-percent" -> b.splitDifferentialPercent(intValue(opt, v));
                case "--session-limit" -> b.sessionLimit(intValue(opt, v));
                case "--session-grace" -> b.sessionExpiryGraceSeconds(intValue(opt, v));
                case "--max-response-wait" -> b.maxResponseWait(Duration.ofSeconds(longValue(opt, v)));
                case "--job-retention" -> b.jobRetention(intValue(opt, v));
                case "--no-basic-auth" -> b.basicAuthOnEveryEndpoint(false);
                case "--basic-auth-not-counted" -> b.basicAuthCountsAgainstSessionLimit(false);
                case "--rejection" -> b.rejectionMode(switch (v.toLowerCase(Locale.ROOT)) {
                    case "failed-job" -> SimulatorConfig.RejectionMode.FAILED_JOB;
                    case "http-412" -> SimulatorConfig.RejectionMode.HTTP_412;
                    default -> throw new IllegalArgumentException("--rejection: failed-job or http-412");
                });
                case "--si-job-completion" -> b.siJobCompletion(switch (v.toLowerCase(Locale.ROOT)) {
                    case "on-accept" -> SimulatorConfig.SiJobCompletion.ON_ACCEPT;
                    case "on-target-status" -> SimulatorConfig.SiJobCompletion.ON_TARGET_STATUS;
                    default -> throw new IllegalArgumentException("--si-job-completion: on-accept or on-target-status");
                });
                case "--psue-split" -> b.psueSplitRule(switch (v.toLowerCase(Locale.ROOT)) {
                    case "no-op" -> SimulatorConfig.PsueSplitRule.NO_OP;
                    case "reject" -> SimulatorConfig.PsueSplitRule.REJECT;
                    default -> throw new IllegalArgumentException("--psue-split: no-op or reject");
                });
                case "--keep-empty-groups" -> b.deleteEmptyGroup(false);
                case "--delete-duration" -> b.deleteDuration(Duration.ofSeconds(longValue(opt, v)));
                case "--deleting-status" -> b.deletingStatus(v.toUpperCase(Locale.ROOT));
                case "--no-put-invoke" -> b.putOnInvoke(false);
                case "--report-psup" -> b.reportPsupDuringQuickSplit(true);
                case "--name-characters" -> b.nameCharacters(v);
                case "--svol-status-lag" -> b.svolStatusLag(Duration.ofMillis(longValue(opt, v)));
                case "--group-list-degraded-entry" -> b.groupListDegradedEntry(true);
                case "--request-rate" -> b.requestRateLimit(intValue(opt, v));
                case "--login-latency" -> b.loginLatency(Duration.ofMillis(longValue(opt, v)));
                case "--pair-list-lag" -> b.pairListLag(Duration.ofMillis(longValue(opt, v)));
                case "--ignore-response-job-status" -> b.responseJobStatusHonoured(false);
                case "--login-answer-delay" -> b.loginAnswerDelay(Duration.ofMillis(longValue(opt, v)));
                case "--logout-latency" -> b.logoutLatency(Duration.ofMillis(longValue(opt, v)));
                case "--admin-token-env" -> {
                    String token = System.getenv(v);
                    if (token == null || token.isEmpty()) {
                        throw new IllegalArgumentException("environment variable " + v + " is not set");
                    }
                    b.adminToken(token);
                }
                case "--max-threads" -> b.maxThreads(intValue(opt, v));
                case "--fault" -> b.addFault(fault(v));
                case "--fail-jobs" -> {
                    String[] p = v.split(":");
                    if (p.length != 2 && p.length != 4) {
                        throw new IllegalArgumentException("--fail-jobs: expected COUNT:MESSAGE_ID[:SSB1:SSB2]");
                    }
                    b.failFirstJobs(intValue(opt, p[0]), p[1], p.length == 4 ? p[2] : "", p.length == 4 ? p[3] : "");
                }
                case "--slow-jobs" -> b.slowJobs(Duration.ofMillis(longValue(opt, v)));
                case "--ignore-no-wait" -> b.noWaitHonoured(false);
                case "--lock-jobs" -> b.lockFirstJobs(intValue(opt, v));
                case "--unknown-jobs" -> b.unknownFirstJobs(intValue(opt, v));
                case "--foreign-affected-resources" -> b.foreignAffectedFirstJobs(intValue(opt, v));
                case "--kart-error" -> b.addFault(kartError(v));
                case "--retry-after-date" -> b.retryAfterAsHttpDate(true);
                case "--certificate-validity" -> b.certificateValidity(switch (v.toLowerCase(Locale.ROOT)) {
                    case "valid" -> SimulatorConfig.CertificateValidity.VALID;
                    case "expired" -> SimulatorConfig.CertificateValidity.EXPIRED;
                    case "not-yet-valid" -> SimulatorConfig.CertificateValidity.NOT_YET_VALID;
                    default -> throw new IllegalArgumentException("--certificate-validity: valid, expired or not-yet-valid");
                });
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (pkcs12 != null && (pemCert != null || pemKey != null)) {
            throw new IllegalArgumentException("use either --tls-pkcs12 or --tls-cert/--tls-key");
        }
        if (pkcs12 != null) {
            String pw = System.getenv(pkcs12PasswordEnv);
            b.tls(new SimulatorConfig.Tls.Pkcs12(Path.of(pkcs12), pw == null ? new char[0] : pw.toCharArray()));
        } else if (pemCert != null || pemKey != null) {
            if (pemCert == null || pemKey == null) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            }
            b.tls(new SimulatorConfig.Tls.Pem(Path.of(pemCert), Path.of(pemKey)));
        }
        SimulatorConfig config = b.build();
        if (config.adminToken() == null && !config.bindAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("binding to " + config.bindAddress().getHostAddress()
                    + " needs --admin-token-env (the admin API must not be open to the network)");
        }
        return new Parsed(config, exportCert);
    }

    static Fault fault(String v) {
        String[] p = v.split(":", 4);
        if (p.length != 4) {
            throw new IllegalArgumentException("--fault: expected KIND:COUNT:METHOD:PATH_REGEX, got " + v);
        }
        FaultKind kind;
        try {
            kind = FaultKind.valueOf(p[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fault: unknown kind " + p[0]);
        }
        try {
            return new Fault(p[2], p[3], kind, intValue("--fault", p[1]), 0, 1);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("--fault: bad regular expression " + p[3]);
        }
    }

    static Fault kartError(String v) {
        String[] p = v.split(":", 7);
        if (p.length != 7) {
            throw new IllegalArgumentException(
                    "--kart-error: expected COUNT:STATUS:MESSAGE_ID:SSB1:SSB2:METHOD:PATH_REGEX, got " + v);
        }
        try {
            return Fault.kartError(p[5], p[6], intValue("--kart-error", p[0]), intValue("--kart-error", p[1]), p[2],
                    p[3], p[4]);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("--kart-error: bad regular expression " + p[6]);
        }
    }

    static List<SimulatorConfig.User> users(String v) {
        List<SimulatorConfig.User> list = new ArrayList<>();
        for (String item : v.split(",")) {
            String[] p = item.split(":", -1);
            if (p.length < 2 || p.length > 3 || p[0].isEmpty() || (p.length == 3 && !p[2].equals("admin"))) {
                throw new IllegalArgumentException("--users: expected name:password[:admin], got an invalid entry");
            }
            list.add(new SimulatorConfig.User(p[0], p[1], p.length == 3));
        }
        return list;
    }

    static List<SimulatorConfig.Ldev> ldevs(String v) {
        List<SimulatorConfig.Ldev> list = new ArrayList<>();
        for (String item : v.split(",")) {
            String[] p = item.trim().split(":");
            if (p.length < 2 || p.length > 4 || (p.length >= 3 && !p[2].equalsIgnoreCase("cs") && !p[2].equals("-"))) {
                throw new IllegalArgumentException("--ldevs: expected ID[-ID]:BLOCKS[:cs|-[:EMULATION]], got " + item);
            }
            String[] range = p[0].split("-", 2);
            int first = intValue("--ldevs", range[0]);
            int last = range.length > 1 ? intValue("--ldevs", range[1]) : first;
            long blocks = longValue("--ldevs", p[1]);
            boolean cs = p.length >= 3 && p[2].equalsIgnoreCase("cs");
            String emulation = p.length == 4 ? p[3] : "OPEN-V-CVS";
            for (int id = first; id <= last; id++) {
                list.add(new SimulatorConfig.Ldev(id, blocks, emulation, cs ? "compression_deduplication" : "disabled"));
            }
        }
        return list;
    }

    private static int intValue(String opt, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + ": not an integer: " + v);
        }
    }

    private static long longValue(String opt, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + ": not an integer: " + v);
        }
    }

    private static double doubleValue(String opt, String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + ": not a number: " + v);
        }
    }
}
