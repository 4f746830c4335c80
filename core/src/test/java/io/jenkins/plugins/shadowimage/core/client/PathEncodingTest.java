package io.jenkins.plugins.shadowimage.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.SimSupport;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroupId;
import io.jenkins.plugins.shadowimage.core.client.model.PairId;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Names are path segments, never raw text: a name cannot address another object or add a query. */
class PathEncodingTest {
    @RegisterExtension
    static final VspSimulatorExtension SIM = VspSimulatorExtension.create(SimSupport.config().build());

    @Test
    void segmentsKeepIdSeparatorsAndEncodeTheRest() {
        assertThat(PathSegment.encode("CG1,CG1P_,CG1S_,p1")).isEqualTo("CG1,CG1P_,CG1S_,p1");
        assertThat(PathSegment.encode("a:b@c.d-e~f")).isEqualTo("a:b@c.d-e~f");
        assertThat(PathSegment.encode("x/../y?z=1&w#v %")).isEqualTo("x%2F..%2Fy%3Fz%3D1%26w%23v%20%25");
        assertThat(PathSegment.encode("ä")).isEqualTo("%C3%A4");
    }

    @Test
    void aHostileNameReachesTheArrayAsOneSegment() throws Exception {
        SimulatorAdmin admin = SIM.admin();
        PairId id = new PairId("G/../ldevs", null, null, "p?x=1#f");
        try (VspClient client = new VspClient(SimSupport.endpoint(SIM.simulator()), SimSupport.credentials(),
                SimSupport.clientOptions().build()); VspSession s = client.openSession(null)) {
            admin.clearRequestLog();
            assertThat(s.findPair(id)).isEmpty();
            assertThat(s.listPairs(new CopyGroupId("G&refresh=true", null, null), false)).isEmpty();
        }
        List<RequestRecord> log = admin.requests();
        assertThat(log).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).endsWith("/local-clone-copypairs/G/../ldevs,G/../ldevsP_,G/../ldevsS_,p?x=1#f");
            assertThat(r.query()).isNull();
        });
        assertThat(log).anySatisfy(r -> assertThat(r.query())
                .isEqualTo("localCloneCopyGroupId=G%26refresh%3Dtrue,G%26refresh%3DtrueP_,G%26refresh%3DtrueS_"));
        assertThat(log).noneMatch(r -> r.path().contains("/ldevs/") || r.path().endsWith("/ldevs"));
    }
}
