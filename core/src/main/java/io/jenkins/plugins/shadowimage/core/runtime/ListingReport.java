package io.jenkins.plugins.shadowimage.core.runtime;

import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroupId;
import io.jenkins.plugins.shadowimage.core.config.StorageSystemSettings;
import io.jenkins.plugins.shadowimage.core.engine.ArrayAccess;
import io.jenkins.plugins.shadowimage.core.engine.PairInfo;
import io.jenkins.plugins.shadowimage.core.engine.PairListing;
import io.jenkins.plugins.shadowimage.core.engine.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The status of a copy group, or of every copy group, read over a {@link SharedConnector} and reported as log lines and
 * as data: one map per pair ({@link PairInfo#toMap()} plus {@code storage}). One short read; no lock, no wait.
 */
public final class ListingReport {

    private ListingReport() {}

    /** A listing that could not be read, with its complete message: the connection could not be set up, or the array refused. */
    public static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }

    /**
     * A step's listing of what {@code parameters} name ({@link PairParameters#listedGroup}): refused before anything
     * is sent when they are invalid; then the warning of a system used without TLS verification, then {@link #read}.
     *
     * @param surface the name a failure starts with (the step's function name)
     * @throws Failed every failure to validate, set up or read, in words ({@link OperationWords#listingFailure})
     */
    public static List<Map<String, Object>> read(String surface, StorageSystemSettings system, SharedConnector connector,
            PairParameters parameters, Consumer<String> line) throws Exception {
        CopyGroupId group;
        try {
            group = parameters.listedGroup();
        } catch (ValidationException e) {
            throw new Failed(surface + ": " + e.getMessage());
        }
        if (system.skipTlsVerification()) {
            line.accept(system.insecureNotice());
        }
        try {
            return read(connector, group, system.name(), system.url(), line);
        } catch (SetupException e) {
            throw new Failed(e.getMessage());
        } catch (VspApiException e) {
            throw new Failed(OperationWords.listingFailure(surface, group, e));
        }
    }

    /**
     * @param group the copy group, or null for every copy group ({@link PairParameters#listedGroup()})
     * @throws io.jenkins.plugins.shadowimage.core.client.VspApiException when the array refuses or fails the read
     *     ({@link OperationWords#listingFailure})
     */
    public static List<Map<String, Object>> read(SharedConnector connector, CopyGroupId group, String storageName,
            String url, Consumer<String> line) throws Exception {
        line.accept(OperationWords.listingLine(group, storageName, url));
        PairListing.Result result;
        try {
            ArrayAccess access = connector.connect();
            result = connector.run(() -> PairListing.read(access, group, false, e -> line.accept(e.message())));
        } finally {
            connector.disconnect();
        }
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (PairInfo p : result.pairs()) {
            Map<String, Object> m = new LinkedHashMap<>(p.toMap());
            m.put("storage", storageName);
            pairs.add(m);
        }
        line.accept(OperationWords.listingSummary(result));
        return pairs;
    }
}
