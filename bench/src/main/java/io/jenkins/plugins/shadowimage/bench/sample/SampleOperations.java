package io.jenkins.plugins.shadowimage.bench.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;

/**
 * One pair operation done the sample's way, for the scale measurement: its own session (a copy of the
 * sample per operation, as independent scripts would run), the sample's requests and job back-off, and
 * for create and split the sample's back-off on GET pair until PAIR or PSUS, so that it waits for what
 * our engine waits for. The session is discarded in {@code finally}.
 */
public final class SampleOperations {

    private final SampleClient client;
    private final String user;
    private final String password;

    public SampleOperations(SampleClient client, String user, String password) {
        this.client = client;
        this.user = user;
        this.password = password;
    }

    public void create(String group, String pair, int pvol, int svol) throws SampleFailure, InterruptedException {
        create(group, pair, pvol, svol, true);
    }

    /**
     * The sample's create, into a new copy group or (with {@code newGroup} false, the one line a user of the sample
     * changes for that) into an existing one.
     */
    public void create(String group, String pair, int pvol, int svol, boolean newGroup)
            throws SampleFailure, InterruptedException {
        try {
            client.generateSession(user, password);
            com.fasterxml.jackson.databind.node.ObjectNode body =
                    SampleFlow.createBody(new SampleFlow.Parameters(user, password, group, pair, pvol, svol));
            body.put("isNewGroupCreation", newGroup);
            SampleClient.AsyncOutcome created = client.invokeAsyncCommand("post", client.urls().localCopyPairs(), body);
            client.waitForPairStatus(client.urls().affectedResource(created.affectedResource()), "PAIR");
        } finally {
            client.discardSession();
        }
    }

    public void split(String group, String pair) throws SampleFailure, InterruptedException {
        try {
            client.generateSession(user, password);
            URI pairUrl = client.urls().localCopyPair(group, pair);
            JsonNode template = client.get(client.urls().splitLocalCopyPairTemplate(pairUrl));
            ObjectNode body = template.deepCopy();
            JsonNode parameters = body.get("parameters");
            if (!(parameters instanceof ObjectNode)) {
                throw new SampleFailure("split template without parameters: " + template);
            }
            ((ObjectNode) parameters).put("copyPace", 3);
            client.invokeAsyncCommand("put", client.urls().splitLocalCopyPair(pairUrl), body);
            client.waitForPairStatus(pairUrl, "PSUS");
        } finally {
            client.discardSession();
        }
    }

    public void status(String group, String pair) throws SampleFailure, InterruptedException {
        try {
            client.generateSession(user, password);
            client.get(client.urls().localCopyPair(group, pair));
        } finally {
            client.discardSession();
        }
    }
}
