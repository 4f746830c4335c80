package io.jenkins.plugins.shadowimage.jenkins.steps;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemSettings;
import io.jenkins.plugins.shadowimage.core.runtime.SetupException;
import io.jenkins.plugins.shadowimage.core.runtime.SharedConnector;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystemsConfiguration;
import io.jenkins.plugins.shadowimage.jenkins.credentials.CredentialLookups;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** How every step execution reaches its storage system and its build log. */
final class StorageSystemAccess {

    private static final Logger LOGGER = Logger.getLogger(StorageSystemAccess.class.getName());

    private StorageSystemAccess() {}

    /** The configured storage system of this name, allowing the job of {@code run} (null: not checked): core decides. */
    static StorageSystemSettings requireSystem(String functionName, String storageName, Run<?, ?> run) throws AbortException {
        try {
            return StorageSystemSettings.require(functionName, storageName, StorageSystemsConfiguration.get().settings(),
                    run == null ? null : run.getParent().getFullName());
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }

    /**
     * The connector of a step: settings and credentials of now (they may change while a step waits), on the access
     * shared by every step with these settings and credentials id; the use of the credentials is recorded on the run at
     * the first connect only. As SYSTEM, like {@code jenkins.util.Timer}; findCredentialById still uses the job's rights.
     */
    static SharedConnector connector(String functionName, String storageName, String credentialsIdOverride, StepContext context) {
        AtomicBoolean tracked = new AtomicBoolean();
        return new SharedConnector(() -> {
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                StorageSystemSettings system = requireSystem(functionName, storageName, null);
                return SharedConnector.resolve(functionName, system, credentialsIdOverride,
                        CredentialLookups.forRun(context.get(Run.class), !tracked.getAndSet(true)));
            } catch (AbortException e) {
                throw new SetupException(e.getMessage());
            } catch (IOException | InterruptedException e) {
                throw new SetupException(functionName + ": the build is not available: " + e);
            }
        });
    }

    /** A line of the build log, prefixed with the step's name; lost (not failed) when the log is gone. */
    static void log(StepContext context, String functionName, String line) {
        try {
            context.get(TaskListener.class).getLogger().println("[" + functionName + "] " + line);
        } catch (IOException | InterruptedException e) {
            LOGGER.log(Level.FINE, "the build log of " + functionName + " is not available", e);
        }
    }
}
