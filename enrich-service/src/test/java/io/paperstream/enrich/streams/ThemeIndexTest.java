package io.paperstream.enrich.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ThemeIndexTest {

    private final ThemeIndex index = new ThemeIndex();

    @Test
    void countsDistinctPapersPerTheme() {
        index.put("a", List.of(), List.of("rl", "agents"));
        index.put("b", List.of(), List.of("rl"));
        index.put("c", List.of(), List.of());

        assertThat(index.paperCount("rl")).isEqualTo(2);
        assertThat(index.paperCount("agents")).isEqualTo(1);
        assertThat(index.paperCount("unknown")).isZero();
    }

    @Test
    void aDuplicateWithTheSameThemesChangesNothing() {
        index.put("a", List.of(), List.of("rl"));
        index.put("a", List.of("rl"), List.of("rl"));
        index.put("a", List.of("rl"), List.of("rl"));

        assertThat(index.paperCount("rl")).isEqualTo(1);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void aChangedPaperMovesBetweenThemes() {
        index.put("a", List.of(), List.of("rl", "agents"));
        index.put("a", List.of("rl", "agents"), List.of("agents", "vision"));

        assertThat(index.paperCount("rl")).isZero();
        assertThat(index.paperCount("agents")).isEqualTo(1);
        assertThat(index.paperCount("vision")).isEqualTo(1);
    }

    @Test
    void relatedPapersAreTheOtherPapersSharingAnyTheme() {
        index.put("a", List.of(), List.of("rl", "agents"));
        index.put("b", List.of(), List.of("rl"));
        index.put("c", List.of(), List.of("agents", "rl"));
        index.put("d", List.of(), List.of("vision"));
        index.put("e", List.of(), List.of());

        assertThat(index.relatedPapers("a", List.of("rl", "agents"))).isEqualTo(2); // b and c, each once
        assertThat(index.relatedPapers("d", List.of("vision"))).isZero();
        assertThat(index.relatedPapers("e", List.of())).isZero();
    }

    @Test
    void aRemovedPaperLeavesItsThemesAndItsNumberIsReused() {
        index.put("a", List.of(), List.of("rl"));
        index.put("b", List.of(), List.of("rl"));
        index.remove("a", List.of("rl"));
        index.put("c", List.of(), List.of("agents"));

        assertThat(index.paperCount("rl")).isEqualTo(1);
        assertThat(index.paperCount("agents")).isEqualTo(1);
        assertThat(index.relatedPapers("b", List.of("rl"))).isZero();
        assertThat(index.size()).isEqualTo(2);
    }
}
