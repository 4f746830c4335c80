package io.jenkins.plugins.shadowimage.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one JUnit 5 extension of every module's tests: a simulator per test class (registered on a static field) or
 * per test (on an instance field), over HTTPS (or HTTP), reset before each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimulatorConfig.builder().timeScale(100));
 *
 * @Test void test() { URI base = SIM.baseUrl(); Path pem = SIM.certificateFile(); ... }
 * }</pre>
 *
 * A {@link SimulatorSetup} on the test class replaces the registered configuration (so that a base class can register
 * the extension and each subclass shape its simulator); one on a test method gives that test a simulator of its own.
 * Test methods may also declare a {@link VspSimulator} or {@link SimulatorAdmin} parameter.
 */
public final class VspSimulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private SimulatorConfig config;
    private boolean resetBeforeEach = true;
    private boolean perClass;
    /** The simulator of the class (per-class registration) or of the test (per-test registration). */
    private Running shared;
    /** The simulator of the test now running when its method has a {@link SimulatorSetup}. */
    private Running own;

    private VspSimulatorExtension(SimulatorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public static VspSimulatorExtension create() {
        return new VspSimulatorExtension(SimulatorConfig.defaults());
    }

    public static VspSimulatorExtension create(SimulatorConfig config) {
        return new VspSimulatorExtension(config);
    }

    public static VspSimulatorExtension create(SimulatorConfig.Builder config) {
        return new VspSimulatorExtension(config.build());
    }

    /** Serve plain HTTP instead of HTTPS. */
    public VspSimulatorExtension http() {
        this.config = config.toBuilder().http().build();
        return this;
    }

    /** Keep state between the tests of a class (default: reset before each test). */
    public VspSimulatorExtension keepStateBetweenTests() {
        this.resetBeforeEach = false;
        return this;
    }

    public VspSimulator simulator() {
        Running r = own != null ? own : shared;
        if (r == null) {
            throw new IllegalStateException("the simulator runs only while tests run");
        }
        return r.simulator;
    }

    public SimulatorAdmin admin() {
        return simulator().admin();
    }

    /** {@code https://127.0.0.1:PORT} (or {@code http://...}). */
    public java.net.URI baseUrl() {
        return simulator().baseUrl();
    }

    /** The server certificate as PEM; null when serving plain HTTP. */
    public String certificatePem() {
        return simulator().certificatePem();
    }

    /** A file holding {@link #certificatePem()} (for a {@code --ca-cert} option), deleted with the simulator. */
    public Path certificateFile() {
        Running r = own != null ? own : shared;
        simulator();
        if (r.certificateFile == null) {
            throw new IllegalStateException("the simulator serves plain HTTP: it has no certificate");
        }
        return r.certificateFile;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        shared = Running.start(classConfig(context));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<SimulatorSetup> forTest = context.getTestMethod().map(m -> m.getAnnotation(SimulatorSetup.class));
        if (!perClass && forTest.isPresent()) {
            // registered per test: the test's own configuration is the only simulator it needs
            shared = Running.start(configOf(forTest.get(), context.getRequiredTestClass(), classConfig(context)));
            return;
        }
        if (shared == null) {
            shared = Running.start(classConfig(context));
        } else if (resetBeforeEach) {
            shared.simulator.admin().reset();
        }
        if (forTest.isPresent()) {
            own = Running.start(configOf(forTest.get(), context.getRequiredTestClass(), classConfig(context)));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (own != null) {
            own.close();
            own = null;
        }
        if (!perClass && shared != null) {
            shared.close();
            shared = null;
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

    private SimulatorConfig classConfig(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        SimulatorSetup setup = annotation(testClass);
        return setup == null ? config : configOf(setup, testClass, config);
    }

    private static SimulatorSetup annotation(AnnotatedElement element) {
        return element.getAnnotation(SimulatorSetup.class); // @Inherited: the nearest class's
    }

    /** The configuration a {@link SimulatorSetup} names, or {@code fallback} shaped by its flags. */
    static SimulatorConfig configOf(SimulatorSetup setup, Class<?> testClass, SimulatorConfig fallback) {
        SimulatorConfig c = setup.value().isEmpty() ? fallback : invoke(testClass, setup.value());
        return setup.http() ? c.toBuilder().http().build() : c;
    }

    private static SimulatorConfig invoke(Class<?> testClass, String name) {
        for (Class<?> c = testClass; c != null; c = c.getSuperclass()) {
            Method m;
            try {
                m = c.getDeclaredMethod(name);
            } catch (NoSuchMethodException e) {
                continue;
            }
            if (!Modifier.isStatic(m.getModifiers())) {
                throw new ExtensionConfigurationException("@SimulatorSetup(\"" + name + "\"): " + c.getName() + "."
                        + name + "() must be static");
            }
            Object value;
            try {
                m.setAccessible(true);
                value = m.invoke(null);
            } catch (InvocationTargetException e) {
                throw new ExtensionConfigurationException("@SimulatorSetup(\"" + name + "\") failed: " + e.getCause(),
                        e.getCause());
            } catch (IllegalAccessException e) {
                throw new ExtensionConfigurationException("@SimulatorSetup(\"" + name + "\"): " + e.getMessage(), e);
            }
            if (value instanceof SimulatorConfig sc) {
                return sc;
            }
            if (value instanceof SimulatorConfig.Builder b) {
                return b.build();
            }
            throw new ExtensionConfigurationException("@SimulatorSetup(\"" + name + "\"): " + c.getName() + "." + name
                    + "() returns neither a SimulatorConfig nor a SimulatorConfig.Builder");
        }
        throw new ExtensionConfigurationException("@SimulatorSetup(\"" + name + "\"): no static method " + name
                + "() in " + testClass.getName() + " or its superclasses");
    }

    /** A started simulator and the file of its certificate. */
    private static final class Running {
        final VspSimulator simulator;
        final Path certificateFile;

        private Running(VspSimulator simulator, Path certificateFile) {
            this.simulator = simulator;
            this.certificateFile = certificateFile;
        }

        static Running start(SimulatorConfig config) {
            VspSimulator sim = VspSimulator.start(config);
            if (sim.certificatePem() == null) {
                return new Running(sim, null);
            }
            try {
                Path pem = Files.createTempFile("vsp-simulator-", ".pem");
                Files.writeString(pem, sim.certificatePem(), StandardCharsets.US_ASCII);
                return new Running(sim, pem);
            } catch (IOException e) {
                sim.close();
                throw new UncheckedIOException("cannot write the simulator's certificate", e);
            }
        }

        void close() {
            simulator.close();
            if (certificateFile != null) {
                try {
                    Files.deleteIfExists(certificateFile);
                } catch (IOException e) {
                    // a temporary file: the OS cleans it up
                }
            }
        }
    }
}
