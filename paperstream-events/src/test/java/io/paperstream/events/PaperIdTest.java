package io.paperstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PaperIdTest {

    @Test
    void sameTitleWithOtherCaseSpacingAndPunctuationGetsTheSameId() {
        String id = PaperId.fromTitle("Peak-Then-Collapse: RLVR Tool-Use Failures");
        assertThat(PaperId.fromTitle("  peak then collapse  rlvr tool use failures. ")).isEqualTo(id);
        assertThat(PaperId.fromTitle("PEAK—THEN—COLLAPSE: RLVR TOOL-USE FAILURES")).isEqualTo(id);
    }

    @Test
    void differentTitlesGetDifferentIds() {
        assertThat(PaperId.fromTitle("Model merging")).isNotEqualTo(PaperId.fromTitle("Model merging 2"));
    }

    @Test
    void idIsShortLowerCaseHex() {
        assertThat(PaperId.fromTitle("Ünïcödé ﬁ ligature")).matches("[0-9a-f]{32}");
        // NFKC folds the ligature, so both spellings are one paper
        assertThat(PaperId.fromTitle("ﬁsh")).isEqualTo(PaperId.fromTitle("fish"));
    }
}
