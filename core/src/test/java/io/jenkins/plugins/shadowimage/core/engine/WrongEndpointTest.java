package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.client.Endpoint;
import io.jenkins.plugins.shadowimage.core.client.Trust;
import io.jenkins.plugins.shadowimage.core.client.UrlForm;
import io.jenkins.plugins.shadowimage.core.client.VspSession;
import io.jenkins.plugins.shadowimage.core.client.WrongEndpointException;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException.Category;
import org.junit.jupiter.api.Test;

/**
 * A wrong storage device id (REST-server form) makes the array answer 404 to the login. That is a
 * configuration error, never "pair not found": a delete must not report success while the pair stays.
 */
class WrongEndpointTest extends EngineTestBase {
    private static final String WRONG_ID = "934000999999";

    private ArrayAccess wrongIdAccess() {
        Endpoint e = SimSupport.restServerEndpoint(sim, WRONG_ID);
        return new ArrayAccess(e, SimSupport.credentials(), SimSupport.clientOptions().build());
    }

    private PairInfo runOn(ArrayAccess a, OperationType type, PairRequest r) throws ShadowImageException {
        try (a) {
            return SimSupport.run(a, events, type, r);
        }
    }

    @Test
    void simulatorAnswers404ToALoginUnderAnUnknownStorage() throws Exception {
        try (ArrayAccess a = wrongIdAccess(); VspSession s = a.client().openSession(null)) {
            assertThatThrownBy(s::login).isInstanceOf(WrongEndpointException.class)
                    .hasMessageContaining("the array answered 404 (KART20009-E) for POST")
                    .hasMessageContaining("/storages/" + WRONG_ID + "/sessions")
                    .hasMessageContaining("wrong URL form (--url-form) or storage device id?");
        }
        assertThat(admin.requestCount("POST", "/storages/" + WRONG_ID + "/sessions$")).isEqualTo(1);
    }

    @Test
    void deleteWithAWrongStorageIdFailsAndLeavesThePair() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.clearRequestLog();
        assertThatThrownBy(() -> runOn(wrongIdAccess(), OperationType.DELETE, ref("CG1", "p1")))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.CONNECTION);
                    assertThat(e).hasMessageContaining("wrong URL form (--url-form) or storage device id?")
                            .hasMessageNotContaining("NOT_FOUND");
                    assertThat(e.getCause()).isInstanceOf(WrongEndpointException.class);
                });
        assertThat(simPair("p1")).isNotNull();
        assertThat(admin.requestCount("DELETE", "/local-clone-copypairs")).isZero();
    }

    @Test
    void statusWithAWrongStorageIdFailsInsteadOfNotFound() throws Exception {
        create("CG1", "p1", 100, 101);
        assertThatThrownBy(() -> runOn(wrongIdAccess(), OperationType.STATUS, ref("CG1", "p1")))
                .isInstanceOfSatisfying(ShadowImageException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.CONNECTION);
                    assertThat(e).hasMessageContaining("storage device id " + WRONG_ID);
                });
    }

    @Test
    void theRightStorageIdStillFindsAndMissesPairs() throws Exception {
        create("CG1", "p1", 100, 101);
        Endpoint right = SimSupport.restServerEndpoint(sim, sim.storageDeviceId());
        try (ArrayAccess a = new ArrayAccess(right, SimSupport.credentials(), SimSupport.clientOptions().build())) {
            assertThat(SimSupport.run(a, events, OperationType.STATUS, ref("CG1", "p1")).outcome()).isEqualTo("STATUS");
            assertThat(SimSupport.run(a, events, OperationType.STATUS, ref("CG1", "nope")).outcome()).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void aStorageListThatAnswers404IsAWrongEndpointToo() throws Exception {
        Endpoint e = SimSupport.restServerEndpoint(sim, null);
        admin.injectFault(new io.jenkins.plugins.shadowimage.simulator.Fault("GET", "/v1/objects/storages$",
                io.jenkins.plugins.shadowimage.simulator.FaultKind.HTTP_500, 1, 404, 0));
        try (ArrayAccess a = new ArrayAccess(e, SimSupport.credentials(), SimSupport.clientOptions().build())) {
            assertThatThrownBy(() -> a.client().storageDeviceId()).isInstanceOf(WrongEndpointException.class)
                    .hasMessageContaining("the storage list itself is missing");
        }
    }

    @Test
    void embeddedFormLoginThatAnswers404IsAWrongUrlForm() throws Exception {
        // The unscoped login path behind a base URL that does not serve the API: the same 404 classification.
        Endpoint e = Endpoint.builder(sim.baseUrl()).urlForm(UrlForm.EMBEDDED).trust(Trust.pem(sim.certificatePem())).build();
        admin.injectFault(new io.jenkins.plugins.shadowimage.simulator.Fault("POST", "/v1/objects/sessions$",
                io.jenkins.plugins.shadowimage.simulator.FaultKind.HTTP_500, 1, 404, 0));
        try (ArrayAccess a = new ArrayAccess(e, SimSupport.credentials(), SimSupport.clientOptions().build())) {
            assertThatThrownBy(() -> SimSupport.run(a, events, OperationType.STATUS, ref("CG1", "p1")))
                    .isInstanceOfSatisfying(ShadowImageException.class, x -> assertThat(x)
                            .hasMessageContaining("the URL form is embedded"));
        }
    }
}
