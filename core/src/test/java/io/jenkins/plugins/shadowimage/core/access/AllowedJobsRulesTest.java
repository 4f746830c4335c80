package io.jenkins.plugins.shadowimage.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllowedJobsRulesTest {

    @Test
    void noRuleAllowsEveryJob() {
        for (String text : new String[] {null, "", "  \n , \n"}) {
            AllowedJobs a = AllowedJobs.parse(text);
            assertThat(a.everyone()).isTrue();
            assertThat(a.allows("any/job")).isTrue();
            assertThat(a.refusal("any/job", "storage system 'vsp1'")).isNull();
        }
    }

    @Test
    void aFolderAllowsItselfAndEverythingInsideButNotANameThatStartsLikeIt() {
        AllowedJobs a = AllowedJobs.parse("team-a");
        assertThat(a.allows("team-a")).isTrue();
        assertThat(a.allows("team-a/deploy")).isTrue();
        assertThat(a.allows("team-a/x/y")).isTrue();
        assertThat(a.allows("team-ab/deploy")).isFalse();
        assertThat(a.allows("other/team-a")).isFalse();
        assertThat(a.ruleFor("team-a/deploy")).contains("team-a");
    }

    @Test
    void aJobNameAllowsThatJobAndItsBranches() {
        AllowedJobs a = AllowedJobs.parse("release/db-clone");
        assertThat(a.allows("release/db-clone")).isTrue();
        assertThat(a.allows("release/db-clone/main")).as("a multibranch job's branch").isTrue();
        assertThat(a.allows("release/db-clone-2")).isFalse();
        assertThat(a.allows("release")).isFalse();
    }

    @Test
    void oneStarStaysWithinOneName() {
        AllowedJobs a = AllowedJobs.parse("team-*/deploy");
        assertThat(a.allows("team-a/deploy")).isTrue();
        assertThat(a.allows("team-/deploy")).isTrue();
        assertThat(a.allows("team-a/x/deploy")).isFalse();
        assertThat(a.allows("team-a/deploy/main")).as("a pattern matches the whole name").isFalse();
        assertThat(AllowedJobs.parse("*").allows("top")).isTrue();
        assertThat(AllowedJobs.parse("*").allows("folder/job")).isFalse();
    }

    @Test
    void twoStarsSpanAnyDepth() {
        assertThat(AllowedJobs.parse("team-a/**").allows("team-a/x")).isTrue();
        assertThat(AllowedJobs.parse("team-a/**").allows("team-a/x/y")).isTrue();
        assertThat(AllowedJobs.parse("team-a/**").allows("team-a")).isFalse();
        assertThat(AllowedJobs.parse("**/nightly-clone").allows("nightly-clone")).isTrue();
        assertThat(AllowedJobs.parse("**/nightly-clone").allows("a/b/nightly-clone")).isTrue();
        assertThat(AllowedJobs.parse("**/nightly-clone").allows("a/b/nightly-clone-x")).isFalse();
        assertThat(AllowedJobs.parse("a/**/b").allows("a/b")).isTrue();
        assertThat(AllowedJobs.parse("a/**/b").allows("a/x/y/b")).isTrue();
        assertThat(AllowedJobs.parse("a/**/b").allows("a/x/y/c")).isFalse();
        assertThat(AllowedJobs.parse("**").allows("any/thing")).isTrue();
    }

    @Test
    void rulesAreSplitByLinesAndCommasAndSlashesAroundDoNotMatter() {
        AllowedJobs a = AllowedJobs.parse(" /team-a/ \r\n\nrelease/** ,ops/clone\n");
        assertThat(a.rules()).containsExactly("team-a", "release/**", "ops/clone");
        assertThat(a.allows("team-a/x")).isTrue();
        assertThat(a.allows("release/y")).isTrue();
        assertThat(a.allows("ops/clone")).isTrue();
        assertThat(a.allows("ops/other")).isFalse();
        assertThat(a.ruleFor("release/y")).contains("release/**");
    }

    @Test
    void theRefusalNamesTheJobTheSystemAndEveryRule() {
        AllowedJobs a = AllowedJobs.parse("team-a\nrelease/**");
        assertThat(a.refusal("team-b/deploy", "storage system 'vsp1'")).isEqualTo(
                "job 'team-b/deploy' may not use storage system 'vsp1': its allowed jobs are 'team-a', 'release/**' "
                        + "(a folder allows every job inside it)");
        assertThat(a.refusal("team-a/deploy", "storage system 'vsp1'")).isNull();
    }

    @Test
    void unusableRulesAreNamed() {
        assertThat(AllowedJobs.problem("team-a\nrelease//x")).contains("'release//x'").contains("empty name");
        assertThat(AllowedJobs.problem("team-**")).contains("'team-**'").contains("whole names");
        assertThat(AllowedJobs.problem("team-a\n**/x\nteam-*/y")).isNull();
        assertThat(AllowedJobs.problem(null)).isNull();
    }

    @Test
    void regexCharactersInNamesAreLiteral() {
        AllowedJobs a = AllowedJobs.parse("a.b+c/(x)");
        assertThat(a.allows("a.b+c/(x)")).isTrue();
        assertThat(a.allows("aXb+c/(x)")).isFalse();
        assertThat(AllowedJobs.parse("a.b*").allows("a.bcd")).isTrue();
        assertThat(AllowedJobs.parse("a.b*").allows("aXbcd")).isFalse();
    }
}
