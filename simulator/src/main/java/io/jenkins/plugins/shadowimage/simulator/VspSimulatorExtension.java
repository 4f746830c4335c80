package io.jenkins.plugins.shadowimage.simulator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one simulator per test class, reset before each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static VspSimulatorExtension sim = VspSimulatorExtension.create(SimulatorConfig.builder().timeScale(100).build());
 *
 * @Test void test() { URI base = sim.simulator().baseUrl(); ... }
 * }</pre>
 *
 * Test methods may also declare a {@link VspSimulator} or {@link SimulatorAdmin} parameter. Registered on an
 * instance field instead of a static one, it starts and stops around each test.
 */
public final class VspSimulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        org.junit.jupiter.api.extension.AfterEachCallback, ParameterResolver {

    private final SimulatorConfig config;
    private boolean resetBeforeEach = true;
    private VspSimulator simulator;
    private boolean perClass;

    private VspSimulatorExtension(SimulatorConfig config) {
        this.config = config;
    }

    public static VspSimulatorExtension create() {
        return new VspSimulatorExtension(SimulatorConfig.defaults());
    }

    public static VspSimulatorExtension create(SimulatorConfig config) {
        return new VspSimulatorExtension(config);
    }

    /** Keep state between the tests of a class (default: reset before each test). */
    public VspSimulatorExtension keepStateBetweenTests() {
        this.resetBeforeEach = false;
        return this;
    }

    public VspSimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("the simulator runs only while tests run");
        }
        return simulator;
    }

    public SimulatorAdmin admin() {
        return simulator().admin();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        simulator = VspSimulator.start(config);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (simulator == null) {
            simulator = VspSimulator.start(config);
        } else if (resetBeforeEach) {
            simulator.admin().reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass && simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == VspSimulator.class || type == SimulatorAdmin.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == VspSimulator.class ? simulator() : admin();
    }
}
