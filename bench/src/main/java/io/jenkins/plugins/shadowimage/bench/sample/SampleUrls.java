package io.jenkins.plugins.shadowimage.bench.sample;

import java.net.URI;

/**
 * The URLs the sample builds with its {@code BlockStorageAPI} helper, in the REST-server form
 * (storage-scoped object URLs), which the sample's model and serial-number parameters point to.
 */
public final class SampleUrls {

    private final String server;
    private final String objects;

    /**
     * @param baseUrl         scheme, host and port of the REST API, e.g. {@code https://127.0.0.1:23451}
     * @param storageDeviceId the 12-character storage ID
     */
    public SampleUrls(URI baseUrl, String storageDeviceId) {
        String text = baseUrl.toString();
        this.server = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.objects = server + "/ConfigurationManager/v1/objects/storages/" + storageDeviceId;
    }

    public URI apiVersion() {
        return URI.create(server + "/ConfigurationManager/configuration/version");
    }

    public URI generateSession() {
        return URI.create(objects + "/sessions");
    }

    public URI discardSession(long sessionId) {
        return URI.create(objects + "/sessions/" + sessionId);
    }

    public URI job(long jobId) {
        return URI.create(objects + "/jobs/" + jobId);
    }

    public URI localCopyPairs() {
        return URI.create(objects + "/local-clone-copypairs");
    }

    /** A pair in a copy group with the default device-group names ({@code <group>P_}, {@code <group>S_}). */
    public URI localCopyPair(String copyGroupName, String copyPairName) {
        return URI.create(objects + "/local-clone-copypairs/" + copyGroupName + "," + copyGroupName + "P_,"
                + copyGroupName + "S_," + copyPairName);
    }

    /** The URL of a resource named by a job's {@code affectedResources} entry (a path). */
    public URI affectedResource(String path) {
        return URI.create(server + path);
    }

    public URI splitLocalCopyPairTemplate(URI pairUrl) {
        return URI.create(pairUrl + "/actions/split");
    }

    public URI splitLocalCopyPair(URI pairUrl) {
        return URI.create(pairUrl + "/actions/split/invoke");
    }
}
