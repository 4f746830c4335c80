package io.jenkins.plugins.shadowimage.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.shadowimage.core.client.ClientListener;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.client.UserCredentials;
import io.jenkins.plugins.shadowimage.core.client.ErrorCatalogue;
import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroupId;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairListing;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem;
import io.jenkins.plugins.shadowimage.jenkins.credentials.CredentialLookups;
import io.jenkins.plugins.shadowimage.jenkins.runtime.ArrayConnections;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * {@code siPairStatus} of a whole copy group, or of every copy group of the storage system: the engine's
 * {@link PairListing}, one short read with one session, off the CPS thread. It takes no lock, waits for nothing and
 * is not held back by the maintenance switch, so there is nothing to resume after a restart (the step then fails and
 * can simply run again). The result is a list with one map per pair, as {@link PairInfo#toMap()} gives it, plus
 * {@code storage}.
 */
final class PairListingExecution extends SynchronousNonBlockingStepExecution<List<Map<String, Object>>> {

    private static final long serialVersionUID = 1L;

    private final String functionName;
    private final String storageName;
    private final String credentialsIdOverride;
    private final String copyGroupName;
    private final String pvolDeviceGroupName;
    private final String svolDeviceGroupName;

    PairListingExecution(@NonNull StepContext context, @NonNull PairStatusStep step) throws AbortException {
        super(context);
        this.functionName = step.getDescriptor().getFunctionName();
        this.storageName = step.getStorage();
        this.credentialsIdOverride = step.getCredentialsId();
        this.copyGroupName = step.getCopyGroupName();
        this.pvolDeviceGroupName = step.getPvolDeviceGroupName();
        this.svolDeviceGroupName = step.getSvolDeviceGroupName();
        if (storageName == null) {
            throw new AbortException(functionName + ": 'storage' is required: the name of a storage system configured in "
                    + "Manage Jenkins » VSP storage systems.");
        }
        if (step.getPvolLdevId() != null || step.getSvolLdevId() != null) {
            throw new AbortException(functionName + ": pvolLdevId/svolLdevId check one pair: give copyPairName too");
        }
        try {
            PairListing.validate(copyGroupName, pvolDeviceGroupName, svolDeviceGroupName);
        } catch (ValidationException e) {
            throw new AbortException(functionName + ": " + e.getMessage());
        }
        PairOperationExecution.requireSystem(functionName, storageName);
    }

    @Override
    protected List<Map<String, Object>> run() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        PrintStream log = getContext().get(TaskListener.class).getLogger();
        StorageSystem system = PairOperationExecution.requireSystem(functionName, storageName);
        String credentialsId = PairOperationExecution.credentialsId(functionName, system, credentialsIdOverride);
        String what = copyGroupName == null ? "every copy group" : "copy group " + copyGroupName;
        log.println(prefix() + "status of " + what + " on storage system '" + storageName + "' (" + system.getUrl() + ")");
        if (system.isSkipTlsVerification()) {
            log.println(prefix() + system.settings().insecureNotice());
        }
        PairListing.Result result;
        // Background work of the plugin runs as SYSTEM; credentials are still looked up as the build's.
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            String trustId = system.isSkipTlsVerification() ? null : system.getTrustCredentialsId();
            Trust trust = CredentialLookups.trustForRun(system, run, trustId != null);
            UserCredentials user = PairOperationExecution.resolveCredentials(run, credentialsId, system, true);
            ArrayConnections.Key key = new ArrayConnections.Key(storageName, system.endpoint(trust),
                    system.getSessionAliveTime(), system.getSessionBudget(), credentialsId);
            ArrayAccess access = ArrayConnections.acquire(key, system.settings().clientOptions());
            try {
                result = read(access, user, e -> log.println(prefix() + e.message()));
            } finally {
                ArrayConnections.release(key, access);
            }
        } catch (VspApiException e) {
            String explained = ErrorCatalogue.explain(e);
            throw new AbortException(functionName + " failed: reading " + what + ": " + e.getMessage()
                    + (explained == null ? "" : System.lineSeparator() + explained));
        }
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (PairInfo p : result.pairs()) {
            Map<String, Object> m = new LinkedHashMap<>(p.toMap());
            m.put("storage", storageName);
            pairs.add(m);
        }
        log.println(prefix() + "STATUS: " + pairs.size() + " pair(s) in " + result.copyGroups().size() + " copy group(s)");
        return pairs;
    }

    private PairListing.Result read(ArrayAccess access, UserCredentials user, ClientListener listener)
            throws InterruptedException {
        try {
            return ArrayConnections.withCredentials(user, () -> {
                try {
                    return PairListing.read(access, groupId(), false, listener);
                } catch (InterruptedException e) {
                    throw new Interrupted(e);
                }
            });
        } catch (Interrupted e) {
            throw e.cause;
        }
    }

    private CopyGroupId groupId() {
        return copyGroupName == null ? null : new CopyGroupId(copyGroupName, pvolDeviceGroupName, svolDeviceGroupName);
    }

    private String prefix() {
        return "[" + functionName + "] ";
    }

    /** Carries an interrupt out of the credentials' supplier. */
    private static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient InterruptedException cause;

        Interrupted(InterruptedException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
