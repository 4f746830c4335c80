package io.jenkins.plugins.shadowimage.jenkins;

import static io.jenkins.plugins.shadowimage.jenkins.SimulatedArray.STORAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.core.report.PairOperationRecord;
import io.jenkins.plugins.shadowimage.jenkins.action.ShadowImageRunAction;
import io.jenkins.plugins.shadowimage.simulator.SimulatorAdmin;
import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import java.util.List;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Each step in a real pipeline against the in-JVM simulator over HTTPS. */
@WithJenkins
class PairStepsTest {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    static final VspSimulatorExtension ARRAY = SimulatedArray.extension();

    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        SimulatedArray.configure(j, ARRAY.simulator());
    }

    @Test
    void fullLifecycleReturnsMapsAndRecordsEveryOperation() throws Exception {
        WorkflowJob p = SimulatedArray.pipeline(j, "lifecycle", """
                def c = siCreatePair storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1', pvolLdevId: 347, svolLdevId: 348
                echo "created=${c['outcome']} status=${c['pvolStatus']} svol=${c['svolLdevId']}"
                def s = siSplitPair storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1'
                echo "split=${s['outcome']} status=${s['pvolStatus']} at=${s['statusObservedAt']['PSUS'] != null}"
                def st = siPairStatus storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1'
                echo "status=${st['pvolStatus']} exists=${st['exists']}"
                siResyncPair storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1'
                siSplitPair storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1'
                def r = siRestorePair storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1'
                echo "restored=${r['pvolStatus']}"
                def d = siDeletePair storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1', pvolLdevId: 347, svolLdevId: 348
                echo "deleted=${d['outcome']}"
                """);
        WorkflowRun b = SimulatedArray.runSuccessfully(j, p);
        j.assertLogContains("created=CREATED status=PAIR svol=348", b);
        j.assertLogContains("split=SPLIT status=PSUS at=true", b);
        j.assertLogContains("status=PSUS exists=true", b);
        j.assertLogContains("restored=PAIR", b);
        j.assertLogContains("deleted=DELETED", b);
        j.assertLogNotContains(SimulatedArray.PASSWORD, b);
        assertThat(ARRAY.admin().pairs()).isEmpty();
        SimulatedArray.assertNoOpenSessions(ARRAY.simulator());

        List<PairOperationRecord> ops = b.getAction(ShadowImageRunAction.class).getOperations();
        assertThat(ops).extracting(PairOperationRecord::getOperation)
                .containsExactly("create", "split", "status", "resync", "split", "restore", "delete");
        assertThat(ops).allMatch(o -> o.getOutcome() == PairOperationRecord.Outcome.SUCCESS);
        PairOperationRecord split = ops.get(1);
        assertThat(split.getStatusBefore()).isEqualTo("PAIR");
        assertThat(split.getStatusAfter()).isEqualTo("PSUS");
        assertThat(split.getSplitTime()).isNotNull();
        assertThat(split.getPvolLdevId()).isEqualTo(347);
        assertThat(split.getSvolLdevId()).isEqualTo(348);
        assertThat(split.getJobIds()).isNotEmpty();
        assertThat(ops.get(0).getStatusBefore()).isEqualTo("NONE");
        assertThat(ops.get(0).getSplitTime()).as("create without autoSplit freezes nothing").isNull();
        assertThat(ops.get(5).getSplitTime()).as("restore freezes nothing").isNull();

        // The same facts through the REST API, for releases that must prove which frozen copy they used.
        JSONObject json = j.getJSON(b.getUrl() + "shadowimage/api/json?depth=1").getJSONObject();
        JSONArray exported = json.getJSONArray("operations");
        assertThat(exported.size()).isEqualTo(7);
        JSONObject exportedSplit = exported.getJSONObject(1);
        assertThat(exportedSplit.getString("copyPairName")).isEqualTo("p1");
        assertThat(exportedSplit.getString("statusAfter")).isEqualTo("PSUS");
        assertThat(exportedSplit.getString("storage")).isEqualTo(STORAGE);
        assertThat(exportedSplit.getString("splitTime")).isNotEmpty();
    }

    @Test
    void operationsAreIdempotent() throws Exception {
        WorkflowJob p = SimulatedArray.pipeline(j, "idempotent", """
                def a = siCreatePair storage: 'vsp1', copyGroupName: 'CG2', copyPairName: 'p1', pvolLdevId: 100, svolLdevId: 101
                def b = siCreatePair storage: 'vsp1', copyGroupName: 'CG2', copyPairName: 'p1', pvolLdevId: 100, svolLdevId: 101
                echo "first=${a['outcome']} second=${b['outcome']}"
                siSplitPair storage: 'vsp1', copyGroupName: 'CG2', copyPairName: 'p1'
                def again = siSplitPair storage: 'vsp1', copyGroupName: 'CG2', copyPairName: 'p1'
                echo "split again=${again['outcome']} bound=${again['splitNotLaterThan'] != null} freeze=${again['statusObservedAt']['PSUS']}"
                """);
        WorkflowRun b = SimulatedArray.runSuccessfully(j, p);
        j.assertLogContains("first=CREATED second=ALREADY_EXISTS", b);
        j.assertLogContains("split again=ALREADY_SPLIT bound=true freeze=null", b);
        List<PairOperationRecord> ops = b.getAction(ShadowImageRunAction.class).getOperations();
        assertThat(ops.get(ops.size() - 1).getOutcome()).isEqualTo(PairOperationRecord.Outcome.SUCCESS);
        assertThat(ops.get(ops.size() - 1).getSplitTime()).as("a pair found split has no freeze time of this run").isNull();
        assertThat(SimulatedArray.createRequests(ARRAY.simulator())).isEqualTo(1);
        SimulatedArray.assertNoOpenSessions(ARRAY.simulator());
    }

    @Test
    void createOverAnExistingPairWithOtherLdevsFails() throws Exception {
        SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, "first", """
                siCreatePair storage: 'vsp1', copyGroupName: 'CG3', copyPairName: 'p1', pvolLdevId: 102, svolLdevId: 103
                """));
        WorkflowRun b = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "second", """
                siCreatePair storage: 'vsp1', copyGroupName: 'CG3', copyPairName: 'p1', pvolLdevId: 102, svolLdevId: 104
                """));
        j.assertLogContains("CG3", b);
        j.assertLogContains("104", b);
        assertThat(SimulatedArray.createRequests(ARRAY.simulator())).isEqualTo(1);
        assertThat(b.getAction(ShadowImageRunAction.class).getOperations().get(0).getOutcome())
                .isEqualTo(PairOperationRecord.Outcome.FAILED);
    }

    @Test
    void guardsRefuseAPairWithOtherLdevs() throws Exception {
        SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, "make", """
                siCreatePair storage: 'vsp1', copyGroupName: 'CG4', copyPairName: 'p1', pvolLdevId: 105, svolLdevId: 106
                """));
        ARRAY.admin().clearRequestLog();
        WorkflowRun b = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "guarded", """
                siSplitPair storage: 'vsp1', copyGroupName: 'CG4', copyPairName: 'p1', svolLdevId: 999
                """));
        j.assertLogContains("999", b);
        assertThat(ARRAY.admin().requestCount("POST", "split")).isZero();
    }

    @Test
    void invalidParametersFailBeforeAnyRequest() throws Exception {
        ARRAY.admin().clearRequestLog();
        WorkflowRun b = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "invalid", """
                siCreatePair storage: 'vsp1', copyGroupName: 'CG,1', copyPairName: 'p1', pvolLdevId: 347, svolLdevId: 347, copyPace: 99
                """));
        j.assertLogContains("copyGroupName", b);
        j.assertLogContains("copyPace", b);
        j.assertLogContains("must differ", b);
        assertThat(ARRAY.admin().requests()).isEmpty();
    }

    @Test
    void createWithoutAnLdevIdIsRefusedInsteadOfUsingLdevZero() throws Exception {
        ARRAY.admin().clearRequestLog();
        WorkflowRun noSvol = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "no-svol", """
                siCreatePair storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1', pvolLdevId: 347
                """));
        j.assertLogContains("svolLdevId is required", noSvol);
        WorkflowRun noPvol = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "no-pvol", """
                siCreatePair storage: 'vsp1', copyGroupName: 'CG1', copyPairName: 'p1', svolLdevId: 348
                """));
        j.assertLogContains("pvolLdevId is required", noPvol);
        assertThat(ARRAY.admin().requests()).isEmpty();
    }

    @Test
    void unknownStorageSystemIsNamed() throws Exception {
        WorkflowRun b = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "unknown", """
                siPairStatus storage: 'nope', copyGroupName: 'CG1', copyPairName: 'p1'
                """));
        j.assertLogContains("no storage system named 'nope'", b);
        j.assertLogContains("known: vsp1", b);
    }

    @Test
    void statusOfAMissingPairIsNotAnError() throws Exception {
        WorkflowRun b = SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, "missing", """
                def st = siPairStatus storage: 'vsp1', copyGroupName: 'NOPE', copyPairName: 'p9'
                echo "exists=${st['exists']} outcome=${st['outcome']}"
                """));
        j.assertLogContains("exists=false outcome=NOT_FOUND", b);
    }

    @Test
    void arrayErrorsAreExplainedWithKartAndSsb() throws Exception {
        ARRAY.admin().failNextJobs(1, "KART30000-E", "2E31", "9A01");
        WorkflowRun b = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "rejected", """
                siCreatePair storage: 'vsp1', copyGroupName: 'CG5', copyPairName: 'p1', pvolLdevId: 107, svolLdevId: 108
                """));
        j.assertLogContains("KART30000-E", b);
        j.assertLogContains("2E31", b);
        j.assertLogContains("9A01", b);
        j.assertLogContains("troubleshooting", b);
        j.assertLogContains("The array's copy layer refused the operation", b);
        SimulatedArray.assertNoOpenSessions(ARRAY.simulator());
    }

    @Test
    void retriesAreLoggedWithTheirCause() throws Exception {
        ARRAY.admin().injectFault("GET", "local-clone-copypairs", io.jenkins.plugins.shadowimage.simulator.FaultKind.HTTP_503, 2);
        WorkflowRun b = SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, "retry", """
                siPairStatus storage: 'vsp1', copyGroupName: 'CG6', copyPairName: 'p1'
                """));
        // The simulator answers 503 with KART00003-E (busy); each retry is logged with its cause and delay.
        j.assertLogContains("retry: ", b);
        j.assertLogContains("KART00003-E", b);
        j.assertLogContains("retry 2", b);
    }

    @Test
    void statusWithoutAPairNameListsTheGroupAndWithoutNamesEveryPair() throws Exception {
        WorkflowRun b = SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, "listing", """
                siCreatePair storage: 'vsp1', copyGroupName: 'DB', copyPairName: 'data', pvolLdevId: 120, svolLdevId: 121
                siCreatePair storage: 'vsp1', copyGroupName: 'DB', copyPairName: 'log', pvolLdevId: 122, svolLdevId: 123
                siCreatePair storage: 'vsp1', copyGroupName: 'WEB', copyPairName: 'www', pvolLdevId: 124, svolLdevId: 125
                siSplitPair storage: 'vsp1', copyGroupName: 'DB', copyPairName: 'log'
                def g = siPairStatus storage: 'vsp1', copyGroupName: 'DB'
                echo "group size=${g.size()}"
                g.each { echo "member ${it['copyGroupName']}/${it['copyPairName']} ${it['pvolStatus']} svol=${it['svolLdevId']} outcome=${it['outcome']} storage=${it['storage']}" }
                def all = siPairStatus storage: 'vsp1'
                echo "all size=${all.size()}"
                all.each { echo "any ${it['copyGroupName']}/${it['copyPairName']}" }
                def none = siPairStatus storage: 'vsp1', copyGroupName: 'EMPTY'
                echo "empty size=${none.size()}"
                """));
        j.assertLogContains("group size=2", b);
        j.assertLogContains("member DB/data PAIR svol=121 outcome=STATUS storage=vsp1", b);
        j.assertLogContains("member DB/log PSUS svol=123 outcome=STATUS storage=vsp1", b);
        j.assertLogContains("all size=3", b);
        j.assertLogContains("any DB/data", b);
        j.assertLogContains("any DB/log", b);
        j.assertLogContains("any WEB/www", b);
        j.assertLogContains("empty size=0", b);
        assertThat(b.getAction(ShadowImageRunAction.class).getOperations())
                .as("a listing is not entered on the build page").hasSize(4);
        SimulatedArray.assertNoOpenSessions(ARRAY.simulator());
    }

    @Test
    void listingRefusesLdevChecksBeforeAnyRequest() throws Exception {
        ARRAY.admin().clearRequestLog();
        WorkflowRun b = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "listing-guard", """
                siPairStatus storage: 'vsp1', copyGroupName: 'DB', svolLdevId: 121
                """));
        j.assertLogContains("pvolLdevId/svolLdevId check one pair: give copyPairName too", b);
        WorkflowRun c = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "listing-bad-name", """
                siPairStatus storage: 'vsp1', copyGroupName: 'D,B'
                """));
        j.assertLogContains("invalid status request", c);
        j.assertLogContains("copyGroupName", c);
        assertThat(ARRAY.admin().requests()).isEmpty();
    }

    @Test
    void waitPairFollowsAPairAndAGroupReadingOnly() throws Exception {
        SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, "start-copies", """
                siCreatePair storage: 'vsp1', copyGroupName: 'W', copyPairName: 'one', pvolLdevId: 126, svolLdevId: 127, waitFor: 'ACCEPTED'
                siCreatePair storage: 'vsp1', copyGroupName: 'WG', copyPairName: 'a', pvolLdevId: 128, svolLdevId: 129
                siCreatePair storage: 'vsp1', copyGroupName: 'WG', copyPairName: 'b', pvolLdevId: 130, svolLdevId: 131
                siSplitGroup storage: 'vsp1', copyGroupName: 'WG', waitFor: 'ACCEPTED'
                """));
        ARRAY.admin().clearRequestLog();
        WorkflowRun b = SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, "waits", """
                def p = siWaitPair storage: 'vsp1', copyGroupName: 'W', copyPairName: 'one', until: 'PAIR', svolLdevId: 127
                echo "pair ${p['outcome']} ${p['pvolStatus']}"
                def g = siWaitPair storage: 'vsp1', copyGroupName: 'WG', until: 'SPLIT'
                echo "group ${g['outcome']} members=${g['pairs'].size()} split=${g['pairs'].every { it['pvolStatus'] == 'PSUS' }}"
                """));
        j.assertLogContains("pair REACHED PAIR", b);
        j.assertLogContains("group REACHED members=2 split=true", b);
        assertThat(ARRAY.admin().requests())
                .as("a wait only reads (apart from its sessions)")
                .allMatch(r -> r.method().equals("GET") || r.path().contains("sessions"));
        assertThat(b.getAction(ShadowImageRunAction.class).getOperations()).hasSize(2);
        SimulatedArray.assertNoOpenSessions(ARRAY.simulator());
    }

    @Test
    void waitPairWithoutATargetStatusFailsBeforeAnyRequest() throws Exception {
        ARRAY.admin().clearRequestLog();
        WorkflowRun b = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "wait-no-until", """
                siWaitPair storage: 'vsp1', copyGroupName: 'W', copyPairName: 'one'
                """));
        j.assertLogContains("'until' is required", b);
        assertThat(ARRAY.admin().requests()).isEmpty();
    }

    @Test
    void groupSplitAndResync() throws Exception {
        WorkflowRun b = SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, "group", """
                siCreatePair storage: 'vsp1', copyGroupName: 'DB', copyPairName: 'data', pvolLdevId: 110, svolLdevId: 111
                siCreatePair storage: 'vsp1', copyGroupName: 'DB', copyPairName: 'log', pvolLdevId: 112, svolLdevId: 113
                def g = siSplitGroup storage: 'vsp1', copyGroupName: 'DB'
                echo "pairs=${g['pairs'].size()}"
                def again = siSplitGroup storage: 'vsp1', copyGroupName: 'DB'
                echo "again=${again['outcome']} members=${again['pairs'].every { it['outcome'] == 'ALREADY_SPLIT' && it['splitNotLaterThan'] != null }}"
                siResyncGroup storage: 'vsp1', copyGroupName: 'DB'
                """));
        j.assertLogContains("pairs=2", b);
        j.assertLogContains("again=ALREADY_SPLIT members=true", b);
        PairOperationRecord splitAgain = b.getAction(ShadowImageRunAction.class).getOperations().get(3);
        assertThat(splitAgain.getSplitTime()).as("a group found split has no freeze time of this run").isNull();
        PairOperationRecord groupSplit = b.getAction(ShadowImageRunAction.class).getOperations().get(2);
        assertThat(groupSplit.getStatusBefore()).isEqualTo("data=PAIR, log=PAIR");
        assertThat(groupSplit.getStatusAfter()).isEqualTo("data=PSUS, log=PSUS");
        assertThat(groupSplit.getSplitTime()).isNotNull();
        SimulatorAdmin admin = ARRAY.admin();
        assertThat(admin.pairs()).extracting(SimulatorAdmin.PairInfo::pvolStatus).containsOnly("PAIR");
        SimulatedArray.assertNoOpenSessions(ARRAY.simulator());
    }

    @Test
    void insecureTlsIsWarnedInTheBuildLog() throws Exception {
        io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem s = SimulatedArray.configure(j, ARRAY.simulator());
        s.setTrustedCertificate(null);
        s.setSkipTlsVerification(true);
        WorkflowRun b = SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, "insecure", """
                siPairStatus storage: 'vsp1', copyGroupName: 'CG7', copyPairName: 'p1'
                """));
        j.assertLogContains("TLS certificate and host name verification is DISABLED", b);
    }

    @Test
    void untrustedCertificateFailsWithAHint() throws Exception {
        io.jenkins.plugins.shadowimage.jenkins.config.StorageSystem s = SimulatedArray.configure(j, ARRAY.simulator());
        s.setTrustedCertificate(null);
        WorkflowRun b = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "untrusted", """
                siPairStatus storage: 'vsp1', copyGroupName: 'CG7', copyPairName: 'p1'
                """));
        j.assertLogContains("TLS", b);
    }
}
