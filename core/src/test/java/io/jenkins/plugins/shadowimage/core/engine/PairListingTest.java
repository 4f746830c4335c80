package io.jenkins.plugins.shadowimage.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.shadowimage.core.client.ClientListener;
import io.jenkins.plugins.shadowimage.core.client.model.CopyGroupId;
import org.junit.jupiter.api.Test;

/** The status listing of a copy group or of the storage system, in the form of one pair's status. */
class PairListingTest extends EngineTestBase {

    @Test
    void aGroupListsItsPairsAndNoNameListsEveryGroup() throws Exception {
        create("LA", "a1", 120, 121);
        create("LA", "a2", 122, 123);
        create("LB", "b1", 124, 125);
        run(OperationType.SPLIT, ref("LA", "a2"));
        admin.clearRequestLog();

        PairListing.Result group = PairListing.read(access, new CopyGroupId("LA", null, null), false, ClientListener.NONE);
        assertThat(group.copyGroups()).containsExactly("LA,LAP_,LAS_");
        assertThat(group.pairs()).extracting(PairInfo::copyPairName).containsExactlyInAnyOrder("a1", "a2");
        assertThat(group.pairs()).allSatisfy(p -> {
            assertThat(p.outcome()).isEqualTo("STATUS");
            assertThat(p.exists()).isTrue();
        });
        PairInfo a2 = group.pairs().stream().filter(p -> p.copyPairName().equals("a2")).findFirst().orElseThrow();
        assertThat(a2.pvolStatus()).isEqualTo("PSUS");
        assertThat(a2.svolLdevId()).isEqualTo(123);
        assertThat(a2.toMap()).containsEntry("copyGroupName", "LA").containsEntry("pvolLdevId", 122);

        PairListing.Result all = PairListing.read(access, null, false, ClientListener.NONE);
        assertThat(all.copyGroups()).contains("LA,LAP_,LAS_", "LB,LBP_,LBS_");
        assertThat(all.pairs()).extracting(PairInfo::copyPairName).contains("a1", "a2", "b1");

        PairListing.Result none = PairListing.read(access, new CopyGroupId("NOPE", null, null), false, ClientListener.NONE);
        assertThat(none.pairs()).isEmpty();
        assertThat(admin.requests()).noneMatch(r -> !r.method().equals("GET") && r.path().contains("copypair"));
    }

    @Test
    void badNamesAreRefusedWithoutTheArray() {
        assertThatThrownBy(() -> PairListing.validate("A,B", null, null))
                .isInstanceOf(ValidationException.class).hasMessageContaining("invalid status request")
                .hasMessageContaining("copyGroupName");
        assertThatThrownBy(() -> PairListing.validate(null, "XP_", null))
                .isInstanceOf(ValidationException.class).hasMessageContaining("need copyGroupName");
        assertThatThrownBy(() -> PairListing.validate("G", "SAME", "SAME"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("must differ");
    }
}
