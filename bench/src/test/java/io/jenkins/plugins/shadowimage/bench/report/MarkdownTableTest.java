package io.jenkins.plugins.shadowimage.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {

    @Test
    void rendersHeaderAlignmentAndEscapedCells() {
        String md = new MarkdownTable("Case", "Value").row("a|b", 3).render();
        assertThat(md).isEqualTo("| Case | Value |\n|---|---:|\n| a\\|b | 3 |\n");
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        assertThatThrownBy(() -> new MarkdownTable("a", "b").row("only one"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
