package io.jenkins.plugins.shadowimage.simulator;

/** Command-line entry point of the simulator jar. */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) {
        System.err.println("vsp-simulator: not implemented yet");
        System.exit(1);
    }
}
