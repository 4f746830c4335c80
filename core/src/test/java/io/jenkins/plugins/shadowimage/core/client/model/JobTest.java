package io.jenkins.plugins.shadowimage.core.client.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The job model reads every shape of {@code affectedResources} and every end state. */
class JobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAIR = "/ConfigurationManager/v1/objects/local-clone-copypairs/G,GP_,GS_,p";

    private static Job read(String affected) throws Exception {
        return JSON.readValue("{\"jobId\": 7, \"status\": \"Completed\", \"state\": \"Succeeded\""
                + (affected == null ? "" : ", \"affectedResources\": " + affected) + "}", Job.class);
    }

    @Test
    void affectedResourcesInEveryShape() throws Exception {
        assertThat(read("[\"" + PAIR + "\"]").affectedResources()).containsExactly(PAIR);
        assertThat(read("\"" + PAIR + "\"").affectedResources()).containsExactly(PAIR);
        assertThat(read("[{\"href\": \"" + PAIR + "\"}]").affectedResources()).containsExactly(PAIR);
        assertThat(read("[]").affectedResources()).isEmpty();
        assertThat(read("null").affectedResources()).isEmpty();
        assertThat(read(null).affectedResources()).isEmpty();
    }

    @Test
    void anyEndStateButSucceededIsNotASuccess() throws Exception {
        Job unknown = JSON.readValue("{\"jobId\": 8, \"status\": \"Completed\", \"state\": \"Unknown\"}", Job.class);
        assertThat(unknown.isCompleted()).isTrue();
        assertThat(unknown.isSucceeded()).isFalse();
        assertThat(unknown.isFailed()).isTrue();
        Job running = JSON.readValue("{\"jobId\": 9, \"status\": \"Running\", \"state\": \"Started\"}", Job.class);
        assertThat(running.isCompleted()).isFalse();
        assertThat(running.isFailed()).isFalse();
    }
}
