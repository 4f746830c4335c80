package io.jenkins.plugins.shadowimage.cli.commands;

import io.jenkins.plugins.shadowimage.simulator.SimulatorMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code shadowimage simulator}: the simulated array in the foreground, for trying commands and pipelines. */
@Command(name = "simulator", sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Run the simulated array in the foreground.",
            "Serves until Ctrl-C (HTTPS on 127.0.0.1:23451 by default, "
                    + "users user1/pass1 and admin/admin-pass, LDEVs 347 and 348 among others).",
            "Use --export-cert FILE to write its certificate, then point the other commands at it with --ca-cert "
                    + "FILE. All options are the simulator's own; --help lists them.",
        })
public final class SimulatorCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "OPTION", description = "Simulator options (see --help).")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> all = new ArrayList<>(args);
        if (all.contains("--help") || all.contains("-h")) {
            System.out.println("shadowimage simulator [options]: runs the simulator below in the foreground.");
            System.out.println();
        }
        // The simulator's own entry point: it prints its URL, storageDeviceId and users, then serves until
        // the process is stopped (Ctrl-C). It exits with 2 itself on a bad option.
        // The JDK HTTP server otherwise answers keep-alive requests ~40 ms late (Nagle + delayed ACK).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        SimulatorMain.main(all.toArray(String[]::new));
        return 0;
    }
}
