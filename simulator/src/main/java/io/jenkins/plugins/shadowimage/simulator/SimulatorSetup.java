package io.jenkins.plugins.shadowimage.simulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How {@link VspSimulatorExtension} sets up the simulator of a test class or of one test, in place of the
 * configuration the extension was registered with.
 *
 * <pre>{@code
 * @SimulatorSetup("slowCopies")            // every test of the class (and of its subclasses)
 * class MyTest extends TestsWithASimulator {   // which registers the extension on a static field
 *     static SimulatorConfig.Builder slowCopies() { return SimulatorConfig.builder().copyRateMiBPerSecondPerPace(150); }
 *
 *     @Test
 *     @SimulatorSetup(value = "rateLimited", http = true)   // a simulator of its own for this test only
 *     void test() { ... }
 * }
 * }</pre>
 *
 * On a class it replaces the configuration for every test of the class; on a test method it starts a simulator of
 * its own for that test (stopped after it), and the extension hands out that one while the test runs.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface SimulatorSetup {

    /**
     * The name of a static method without parameters of the test class (or of a superclass) that returns a
     * {@link SimulatorConfig} or a {@link SimulatorConfig.Builder}; empty: the configuration the class would
     * otherwise get (on a class: the registered one).
     */
    String value() default "";

    /** Serve plain HTTP instead of HTTPS. */
    boolean http() default false;
}
