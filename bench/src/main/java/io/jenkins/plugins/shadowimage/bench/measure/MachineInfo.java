package io.jenkins.plugins.shadowimage.bench.measure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine the benchmark ran on, as the JVM and the OS report it. */
public record MachineInfo(
        int cores, long physicalMemoryBytes, long maxHeapBytes, String cpuModel, String os, String java) {

    public static MachineInfo current() {
        long physical = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                physical,
                Runtime.getRuntime().maxMemory(),
                readCpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    public String describe() {
        return String.format(Locale.ROOT, "%d cores%s, %.1f GiB memory; %s; %s; benchmark JVM heap limit %.0f MiB",
                cores,
                cpuModel.isEmpty() ? "" : " (" + cpuModel + ")",
                physicalMemoryBytes / (1024.0 * 1024 * 1024),
                os, java, maxHeapBytes / (1024.0 * 1024));
    }

    private static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not readable: the core count is what matters.
        }
        return "";
    }
}
