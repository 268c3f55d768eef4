package io.paperstream.query.catalog.write;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When {@code term_df} is recounted: its growth threshold and its maximum age. */
class TermCountsTest {

    @Test
    void aCatalogThatGrewOrShrankByMoreThanTheShareIsRecounted() {
        assertThat(TermCounts.stale(1_100_001, 1_000_000, false, 0.1)).isTrue();
        assertThat(TermCounts.stale(899_999, 1_000_000, false, 0.1)).isTrue();
    }

    @Test
    void aCatalogWithinTheShareIsNotRecountedUntilTheCountIsOld() {
        assertThat(TermCounts.stale(1_100_000, 1_000_000, false, 0.1)).isFalse();
        assertThat(TermCounts.stale(900_000, 1_000_000, false, 0.1)).isFalse();
        assertThat(TermCounts.stale(1_000_000, 1_000_000, true, 0.1)).isTrue();
    }

    @Test
    void withNoShareAnyChangeIsRecounted() {
        assertThat(TermCounts.stale(1_000_001, 1_000_000, false, 0)).isTrue();
        assertThat(TermCounts.stale(1_000_000, 1_000_000, false, 0)).isFalse();
    }

    @Test
    void theFirstPapersAreCountedWhateverTheShare() {
        assertThat(TermCounts.stale(3, 0, false, 0.1)).isTrue();
        assertThat(TermCounts.stale(0, 0, false, 0.1)).isFalse();
    }
}
