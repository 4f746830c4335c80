package io.jenkins.plugins.shadowimage.jenkins.steps;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.client.UserCredentials;
import io.jenkins.plugins.shadowimage.core.config.StepSetupWords;
import io.jenkins.plugins.shadowimage.core.runtime.SetupException;
import io.jenkins.plugins.shadowimage.core.runtime.SharedAccesses;
import io.jenkins.plugins.shadowimage.core.runtime.SharedConnector;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
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

    /** The configured storage system of this name, or core's error that lists the configured ones. */
    static StorageSystem requireSystem(String functionName, String storageName) throws AbortException {
        StorageSystemsConfiguration all = StorageSystemsConfiguration.get();
        StorageSystem s = all.findSystem(storageName);
        if (s == null) {
            throw new AbortException(StepSetupWords.missingSystem(functionName, storageName,
                    all.getStorageSystems().stream().map(StorageSystem::getName).toList()));
        }
        return s;
    }

    /** {@link #requireSystem}, and refused before any request unless the system allows the job of this run. */
    static StorageSystem requireSystemFor(String functionName, String storageName, Run<?, ?> run) throws AbortException {
        StorageSystem s = requireSystem(functionName, storageName);
        String refusal = s.settings().refusal(run.getParent().getFullName());
        if (refusal != null) {
            throw new AbortException(StepSetupWords.jobRefused(functionName, refusal));
        }
        return s;
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
                StorageSystem system = requireSystem(functionName, storageName);
                String cid = credentialsIdOverride != null ? credentialsIdOverride : system.getCredentialsId();
                if (cid == null) {
                    throw new AbortException(StepSetupWords.noDefaultCredentials(functionName, system.getName()));
                }
                Run<?, ?> run = context.get(Run.class);
                boolean track = !tracked.getAndSet(true);
                Trust trust = CredentialLookups.trustForRun(system, run, track);
                StandardUsernamePasswordCredentials c = CredentialLookups.resolveForRun(run, cid, system.getUrl(),
                        StandardUsernamePasswordCredentials.class, "REST API user for storage system '" + system.getName() + "'", track);
                SharedAccesses.Key key = new SharedAccesses.Key(storageName, system.endpoint(trust),
                        system.getSessionAliveTime(), system.getSessionBudget(), cid);
                return new SharedConnector.Resolved(key, system.settings().clientOptions(),
                        new UserCredentials(c.getUsername(), c.getPassword().getPlainText().toCharArray()));
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
