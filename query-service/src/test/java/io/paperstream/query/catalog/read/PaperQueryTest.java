package io.paperstream.query.catalog.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class PaperQueryTest {

    @Test
    void theFingerprintDependsOnTheFiltersOnly() {
        PaperQuery base = query(List.of("a", "b"), "text", 20, null);
        assertThat(query(List.of("b", "a", "a"), "text", 200, PageCursor.related("x", "y", 1)).filterFingerprint())
                .isEqualTo(base.filterFingerprint());
        assertThat(query(List.of("a"), "text", 20, null).filterFingerprint()).isNotEqualTo(base.filterFingerprint());
        assertThat(query(List.of("a", "b"), null, 20, null).filterFingerprint())
                .isNotEqualTo(base.filterFingerprint());
        assertThat(query(List.of("a", "b"), "", 20, null).filterFingerprint())
                .isNotEqualTo(query(List.of("a", "b"), null, 20, null).filterFingerprint());
    }

    @Test
    void onlyThemeFiltersCanBeCountedFromTheCombinations() {
        assertThat(query(List.of("a"), null, 20, null).filtersOnlyByThemes()).isTrue();
        assertThat(query(List.of("a"), "q", 20, null).filtersOnlyByThemes()).isFalse();
        assertThat(new PaperQuery(List.of(), ThemeFilterMode.ALL, null, 3, "src", null, null, PaperSort.RECENT, 20, null)
                .filtersOnlyByThemes()).isFalse();
        assertThat(new PaperQuery(List.of(), ThemeFilterMode.ALL, null, 3, null, Instant.EPOCH, null, PaperSort.RECENT,
                20, null).filtersOnlyByThemes()).isFalse();
    }

    private static PaperQuery query(List<String> themes, String text, int limit, PageCursor after) {
        return new PaperQuery(themes, ThemeFilterMode.ANY, text, 0, null, null, null, PaperSort.RECENT, limit, after);
    }
}
