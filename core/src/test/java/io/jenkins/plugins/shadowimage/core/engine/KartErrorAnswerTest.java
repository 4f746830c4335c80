package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.client.VspApiException;
import io.jenkins.plugins.shadowimage.core.engine.ShadowImageException.Category;
import io.jenkins.plugins.shadowimage.simulator.Fault;
import io.jenkins.plugins.shadowimage.simulator.RequestRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A 5xx carrying a KART error object (a real array's 500 with KART70000-E and SSB codes) is the array's
 * answer: the request is not re-sent, the pair is read back once, and the user gets the KART error.
 */
class KartErrorAnswerTest extends EngineTestBase {
    private static final String SPLIT = "/local-clone-copypairs/CG1,CG1P_,CG1S_,p1/actions/split/invoke$";
    private static final String PAIR_PATH = "/local-clone-copypairs/CG1,CG1P_,CG1S_,p1$";

    private static void assertKartError(ShadowImageException e) {
        assertThat(e.category()).isEqualTo(Category.REJECTED_BY_ARRAY);
        assertThat(e.getMessage()).contains("KART70000-E").contains("SSB1=2E11, SSB2=8303").contains("Solution: ")
                .contains("solutionType SEE_ERROR_DETAIL").contains("detailCode 70000E-2-2E11-8303")
                .contains("HTTP 500");
        VspApiException api = e.apiError();
        assertThat(api).isNotNull();
        assertThat(api.solutionType()).isEqualTo("SEE_ERROR_DETAIL");
        assertThat(api.detailCode()).isEqualTo("70000E-2-2E11-8303");
        assertThat(api.errorSource()).isNotBlank();
    }

    @Test
    void splitAnswered500WithAKartErrorIsReportedAfterExactlyOnePost() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.clearRequestLog();
        admin.injectFault(Fault.kartError("POST", SPLIT, 1, 0, null, null, null));
        assertThatThrownBy(() -> run(OperationType.SPLIT, ref("CG1", "p1")))
                .isInstanceOfSatisfying(ShadowImageException.class, KartErrorAnswerTest::assertKartError);
        assertThat(admin.requestCount("POST", SPLIT)).isEqualTo(1);
        List<RequestRecord> log = admin.requests();
        int post = indexOf(log, "POST", SPLIT);
        assertThat(log.subList(post + 1, log.size())).as("the pair is read back after the POST")
                .anyMatch(r -> r.method().equals("GET") && r.path().matches(".*" + PAIR_PATH));
        assertThat(simPair("p1").pvolStatus()).isEqualTo("PAIR");
    }

    @Test
    void createAnswered500WithAKartErrorIsNotResent() {
        admin.injectFault(Fault.kartError("POST", "/local-clone-copypairs$", 1, 0, null, null, null));
        assertThatThrownBy(() -> create("CG1", "p1", 100, 101))
                .isInstanceOfSatisfying(ShadowImageException.class, KartErrorAnswerTest::assertKartError);
        assertThat(admin.requestCount("POST", "/local-clone-copypairs$")).isEqualTo(1);
        assertThat(admin.pairs()).isEmpty();
    }

    @Test
    void deleteAnswered500WithAKartErrorLeavesThePairAndSaysSo() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.injectFault(Fault.kartError("DELETE", PAIR_PATH, 1, 0, null, null, null));
        assertThatThrownBy(() -> run(OperationType.DELETE, ref("CG1", "p1")))
                .isInstanceOfSatisfying(ShadowImageException.class, KartErrorAnswerTest::assertKartError);
        assertThat(admin.requestCount("DELETE", PAIR_PATH)).isEqualTo(1);
        assertThat(simPair("p1")).isNotNull();
    }

    @Test
    void aLockInsideA500IsRetriedLikeAnyLock() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.injectFault(Fault.kartError("POST", SPLIT, 1, 500, "KART70000-E", "2E11", "2205"));
        assertThat(run(OperationType.SPLIT, ref("CG1", "p1")).outcome()).isEqualTo("SPLIT");
        assertThat(admin.requestCount("POST", SPLIT)).isEqualTo(2);
        assertThat(events.messages(ProgressEvent.Kind.RETRY)).anyMatch(m -> m.contains("resource locked (KART70000-E"));
    }

    @Test
    void busyInsideA500IsRetriedLikeBusy() throws Exception {
        create("CG1", "p1", 100, 101);
        admin.injectFault(Fault.kartError("POST", SPLIT, 1, 500, "KART00003-E", "", ""));
        assertThat(run(OperationType.SPLIT, ref("CG1", "p1")).outcome()).isEqualTo("SPLIT");
        assertThat(events.messages(ProgressEvent.Kind.RETRY)).anyMatch(m -> m.contains("array busy (KART00003-E"));
    }

    private static int indexOf(List<RequestRecord> log, String method, String pathRegex) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).method().equals(method) && java.util.regex.Pattern.compile(pathRegex).matcher(log.get(i).path()).find()) {
                return i;
            }
        }
        return -1;
    }
}
