package io.jenkins.plugins.shadowimage.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The OS's one-minute load average, sampled every few seconds while the benchmark runs: on a machine shared with
 * other work, wall times and delays are those of a loaded machine, and the report says how loaded.
 */
public final class MachineLoad implements AutoCloseable {
    private final List<Double> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    public MachineLoad(long periodMillis) {
        sampler = new Thread(() -> {
            while (running) {
                double load = read();
                if (load >= 0) {
                    synchronized (samples) {
                        samples.add(load);
                    }
                }
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-machine-load");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static double read() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** One sentence on the load while measuring, or null where the OS does not say. */
    public String describe(int cores) {
        Stats s;
        synchronized (samples) {
            s = Stats.of(samples);
        }
        if (s.n() == 0) {
            return null;
        }
        return String.format(Locale.ROOT, "Load while measuring: one-minute load average median %.1f, %.1f to %.1f "
                + "(%d samples) on %d cores.%s", s.median(), s.min(), s.max(), s.n(), cores,
                s.median() > cores ? " The machine was shared with other builds (other engineers' Maven runs) while "
                        + "this was measured: wall times and delays are those of a loaded machine, not of an idle one."
                        : "");
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
