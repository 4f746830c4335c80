package io.jenkins.plugins.shadowimage.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.shadowimage.simulator.VspSimulatorExtension;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** {@code dryRun: true} on the mutating steps, and what siWaitPair says first, in real pipelines against the simulator. */
@WithJenkins
class DryRunAndWaitTest {

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

    private long mutatingRequests() {
        return ARRAY.admin().requestCount("POST", "local-clone-copypairs($|/.*/actions/.*)")
                + ARRAY.admin().requestCount("DELETE", "local-clone-copypairs/.*");
    }

    @Test
    void aDryRunShowsAndReturnsThePlanAndChangesNothing() throws Exception {
        SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, "create", """
                siCreatePair storage: 'vsp1', copyGroupName: 'D1', copyPairName: 'p1', pvolLdevId: 347, svolLdevId: 348
                """));
        long before = mutatingRequests();
        WorkflowRun b = SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, "dry", """
                def s = siSplitPair storage: 'vsp1', copyGroupName: 'D1', copyPairName: 'p1', dryRun: true
                echo "dry=${s['dryRun']} outcome=${s['outcome']} decision=${s['plan']['decision']} method=${s['plan']['request']['method']}"
                def d = siDeletePair storage: 'vsp1', copyGroupName: 'D1', copyPairName: 'p1', dryRun: true
                echo "delete decision=${d['plan']['decision']}"
                def c = siCreatePair storage: 'vsp1', copyGroupName: 'D2', copyPairName: 'p1', pvolLdevId: 100, svolLdevId: 101, dryRun: true
                echo "create decision=${c['plan']['decision']}"
                """));
        j.assertLogContains("dry=true outcome=DRY_RUN decision=SEND method=POST", b);
        j.assertLogContains("delete decision=SEND", b);
        j.assertLogContains("create decision=SEND", b);
        j.assertLogContains("[siSplitPair] dry run of split D1,D1P_,D1S_,p1 on storage system 'vsp1'", b);
        j.assertLogContains("[siSplitPair] dry run: siSplitPair D1,D1P_,D1S_,p1 would send POST", b);
        j.assertLogContains("[siSplitPair] dry run: nothing was changed", b);
        assertThat(mutatingRequests()).as("mutating requests of the dry runs").isEqualTo(before);
        assertThat(ARRAY.admin().pairs()).singleElement().satisfies(p -> assertThat(p.pvolStatus()).isEqualTo("PAIR"));
        SimulatedArray.assertNoOpenSessions(ARRAY.simulator());
    }

    @Test
    void aDryRunThatTheRealRunWouldRefuseFailsTheSameWay() throws Exception {
        WorkflowRun b = SimulatedArray.runAndFail(j, SimulatedArray.pipeline(j, "refused", """
                siSplitPair storage: 'vsp1', copyGroupName: 'D3', copyPairName: 'missing', dryRun: true
                """));
        j.assertLogContains("siSplitPair failed:", b);
        assertThat(mutatingRequests()).isZero();
    }

    @Test
    void siWaitPairsFirstLineNamesItsTargetAndTheStatusItWaitsFor() throws Exception {
        WorkflowRun b = SimulatedArray.runSuccessfully(j, SimulatedArray.pipeline(j, "wait", """
                siCreatePair storage: 'vsp1', copyGroupName: 'W1', copyPairName: 'p1', pvolLdevId: 347, svolLdevId: 348
                def w = siWaitPair storage: 'vsp1', copyGroupName: 'W1', copyPairName: 'p1', until: 'PAIR'
                echo "waited=${w['pvolStatus']}"
                siWaitPair storage: 'vsp1', copyGroupName: 'W1', until: 'PAIR'
                """));
        j.assertLogContains("[siWaitPair] waiting until pair W1,W1P_,W1S_,p1 is PAIR (PAIR/PAIR) on storage system 'vsp1'", b);
        j.assertLogContains("[siWaitPair] waiting until every pair of copy group W1,W1P_,W1S_ is PAIR (PAIR/PAIR)", b);
        j.assertLogContains("waited=PAIR", b);
    }
}
