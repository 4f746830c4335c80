package io.jenkins.plugins.shadowimage.cli.commands;

import io.jenkins.plugins.shadowimage.cli.CliContext;
import io.jenkins.plugins.shadowimage.cli.CliException;
import io.jenkins.plugins.shadowimage.cli.ExitCodes;
import io.jenkins.plugins.shadowimage.cli.ShadowImageCli;
import io.jenkins.plugins.shadowimage.cli.options.OutputOptions;
import io.jenkins.plugins.shadowimage.cli.password.PasswordSource;
import io.jenkins.plugins.shadowimage.core.client.CredentialsSource;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.client.model.ApiVersion;
import io.jenkins.plugins.shadowimage.core.client.model.StorageSystemInfo;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import io.jenkins.plugins.shadowimage.simulator.SimulatorConfig;
import io.jenkins.plugins.shadowimage.simulator.VspSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code shadowimage demo}: Hitachi's published ShadowImage sample flow (check the API version, create a
 * pair in a new copy group, split it, print its status, release the session), run with this tool's own
 * commands against an embedded simulated array over HTTPS.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Run Hitachi's sample flow on an embedded simulated array.",
            "Start a simulated VSP on a free loopback port (HTTPS, with a freshly generated certificate that is "
                    + "trusted explicitly, not --insecure) and run Hitachi's sample flow against it with the "
                    + "shadowimage commands: check the API version, create pair p_347-348 (LDEV 347 -> 348) in a "
                    + "new copy group SI_347 and follow the initial copy to PAIR, split it, print the status table, "
                    + "and show that every REST session was discarded.",
            "Needs no array and no network. Takes about 20 seconds.",
        })
public final class DemoCommand implements Callable<Integer> {
    static final String USER = "user1";
    /** The simulator's built-in demo user, as in Hitachi's sample; not a secret. */
    static final String PASSWORD = "pass1";
    static final String GROUP = "SI_347";
    static final String PAIR = "p_347-348";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    @ParentCommand
    ShadowImageCli root;

    @Option(names = "--copy-seconds", paramLabel = "N", defaultValue = "8",
            description = "About how long the simulated initial copy of the 1 GiB LDEV takes. Default: ${DEFAULT-VALUE}.")
    int copySeconds;

    @Option(names = "--progress", paramLabel = "STYLE", defaultValue = "auto",
            description = "Progress display of the commands: auto (a bar on a terminal, timestamped lines otherwise), "
                    + "bar, plain or none. Default: ${DEFAULT-VALUE}.")
    OutputOptions.ProgressStyle progress;

    private PrintStream out;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.context();
        out = ctx.out();
        if (copySeconds < 1 || copySeconds > 600) {
            throw CliException.usage("--copy-seconds must be 1-600");
        }
        Instant started = ctx.clock().instant();
        // 1 GiB at copyPace 3 in about copySeconds seconds.
        double mibPerSecondPerPace = 1024.0 / copySeconds / 3;
        // The JDK HTTP server otherwise answers keep-alive requests ~40 ms late (Nagle + delayed ACK).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        SimulatorConfig config = SimulatorConfig.builder().port(0).https(true)
                .copyRateMiBPerSecondPerPace(mibPerSecondPerPace).build();
        Path dir = Files.createTempDirectory("shadowimage-demo-");
        try (VspSimulator sim = VspSimulator.start(config)) {
            Path cert = dir.resolve("array-cert.pem");
            Files.writeString(cert, sim.certificatePem(), StandardCharsets.US_ASCII);
            Path state = dir.resolve("create.state");
            String url = sim.baseUrl().toString();

            heading("Simulated array " + config.model() + " (storageDeviceId " + sim.storageDeviceId() + ") listening on "
                    + url + ".");
            say("Its TLS certificate was generated just now; it is trusted explicitly with --ca-cert " + cert
                    + " (no --insecure).");
            say("The password of the demo user " + USER + " is passed the way a script would: "
                    + PasswordSource.ENV_VAR + "=" + PASSWORD + ".");

            heading("Step 1: check the API version (the sample requires 1.2 or newer)");
            checkVersion(ctx, sim, url);

            List<String> conn = List.of("--url", url, "--ca-cert", cert.toString(), "--user", USER);
            heading("Step 2+3: create pair " + PAIR + " (LDEV 347 -> 348) in the new copy group " + GROUP
                    + " and follow the initial copy to PAIR");
            say("(Each command logs in once and keeps its REST session from step to step - reading the pair, "
                    + "submitting, waiting for the job, every status poll - and discards it when it ends; a wait longer "
                    + "than 25 s between two steps releases it. The next steps show them with --verbose.)");
            run(ctx, false, "create", conn, "--copy-group-name", GROUP, "--copy-pair-name", PAIR, "--pvol-ldev-id", "347",
                    "--svol-ldev-id", "348", "--pvol-mu-number", "0", "--state-file", state.toString());

            heading("Step 4: split the pair (copyPace 3, as in the sample)");
            run(ctx, true, "split", conn, "--copy-group-name", GROUP, "--copy-pair-name", PAIR, "--copy-pace", "3");

            heading("Step 5: the status table");
            run(ctx, true, "status", conn, "--copy-group-name", GROUP);

            heading("Step 6: release the session");
            int sessionsOk = reportSessions(sim, started);

            Duration took = Duration.between(started, ctx.clock().instant());
            heading(String.format("Demo finished in %.1f s: created %s in %s, copied it to PAIR, split it (PSUS/SSUS), "
                    + "printed its status, and left no REST session open.", took.toMillis() / 1000.0, PAIR, GROUP));
            return sessionsOk;
        } finally {
            deleteQuietly(dir);
        }
    }

    private void checkVersion(CliContext ctx, VspSimulator sim, String url) {
        say("$ GET " + url + "/ConfigurationManager/configuration/version");
        Endpoint endpoint = Endpoint.builder(sim.baseUrl()).trust(Trust.pem(sim.certificatePem())).build();
        CredentialsSource none = () -> {
            throw new IllegalStateException("no credentials needed for the version check");
        };
        try (ArrayAccess access = new ArrayAccess(endpoint, none)) {
            ApiVersion v = access.client().apiVersion();
            say(v.productName() + " " + v.apiVersion() + ": supported (1.2 or newer required).");
            List<StorageSystemInfo> storages = access.client().storages();
            for (StorageSystemInfo s : storages) {
                say("Storage " + s.model() + ", serial " + s.serialNumber() + ", storageDeviceId " + s.storageDeviceId()
                        + ".");
            }
        }
    }

    private void run(CliContext ctx, boolean verbose, String command, List<String> conn, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(command);
        argv.addAll(conn);
        argv.addAll(List.of(args));
        if (verbose) {
            argv.add("--verbose");
        }
        if (progress != OutputOptions.ProgressStyle.auto) {
            argv.add("--progress");
            argv.add(progress.name());
        }
        say("$ shadowimage " + String.join(" ", argv));
        Map<String, String> env = new HashMap<>(ctx.env());
        env.put(PasswordSource.ENV_VAR, PASSWORD);
        CliContext sub = new CliContext(ctx.out(), ctx.err(), ctx.in(), env, ctx.console(), ctx.clock(),
                ctx.interruption());
        int code = ShadowImageCli.execute(sub, argv.toArray(String[]::new));
        if (code != ExitCodes.SUCCESS) {
            throw new CliException(code, "demo stopped: 'shadowimage " + command + "' exited with " + code);
        }
    }

    private int reportSessions(VspSimulator sim, Instant started) throws InterruptedException {
        // Discards are synchronous, but allow a moment in case one is still on the wire.
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sim.admin().openSessionCount() > 0 && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        int opened = 0;
        int discarded = 0;
        RequestRecord lastDiscard = null;
        for (RequestRecord r : sim.admin().requests()) {
            if (!r.path().endsWith("/sessions") && !r.path().matches(".*/sessions/\\d+")) {
                continue;
            }
            if ("POST".equals(r.method()) && r.status() == 200) {
                opened++;
            } else if ("DELETE".equals(r.method()) && r.status() / 100 == 2) {
                discarded++;
                lastDiscard = r;
            }
        }
        int open = sim.admin().openSessionCount();
        say("The commands opened " + opened + " REST session(s) and discarded " + discarded
                + (lastDiscard == null ? "." : "; the last one (" + lastDiscard.path().replaceAll(".*/", "session ")
                + ") was discarded at " + TIME.format(lastDiscard.time()) + " UTC, when the status command ended."));
        if (open == 0) {
            say("The array reports 0 open sessions now: nothing holds one of its 64 session slots.");
            return ExitCodes.SUCCESS;
        }
        say("The array still reports " + open + " open session(s): that is a defect; please report it.");
        return ExitCodes.INTERNAL;
    }

    private void heading(String text) {
        out.println();
        out.println("== " + text);
        out.flush();
    }

    private void say(String text) {
        out.println(text);
        out.flush();
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            });
        } catch (IOException ignored) {
            // idem
        }
    }
}
