package io.paperstream.query.catalog.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.paperstream.query.catalog.bits.ThemeMask;
import io.paperstream.query.catalog.view.FacetCounts;

class FacetTallyTest {

    @Test
    void themeCountsFromCombinationsEqualCountingEveryPaper() {
        List<CatalogTheme> themes = List.of(theme("a", 0), theme("b", 1), theme("c", 9), theme("no-bit", null));
        Random random = new Random(14);
        Map<ThemeMask, Long> byMask = new HashMap<>();
        Map<String, Long> expected = new HashMap<>(Map.of("a", 0L, "b", 0L, "c", 0L));
        for (int paper = 0; paper < 500; paper++) {
            boolean a = random.nextBoolean();
            boolean b = random.nextInt(3) == 0;
            boolean c = random.nextInt(5) == 0;
            ThemeMask mask = ThemeMask.EMPTY;
            if (a) {
                mask = mask.with(0);
                expected.merge("a", 1L, Long::sum);
            }
            if (b) {
                mask = mask.with(1);
                expected.merge("b", 1L, Long::sum);
            }
            if (c) {
                mask = mask.with(9);
                expected.merge("c", 1L, Long::sum);
            }
            byMask.merge(mask, 1L, Long::sum);
        }
        assertThat(FacetTally.themesFromMasks(byMask, themes)).isEqualTo(expected);
    }

    @Test
    void valuesAreSortedByCountThenKeyWithoutZerosAndBounded() {
        Map<String, Long> counts = Map.of("b", 5L, "a", 5L, "c", 9L, "zero", 0L, "d", 1L);
        assertThat(FacetTally.sourceFacet(counts, 10)).containsExactly(new FacetCounts.SourceCount("c", 9),
                new FacetCounts.SourceCount("a", 5), new FacetCounts.SourceCount("b", 5),
                new FacetCounts.SourceCount("d", 1));
        assertThat(FacetTally.themeFacet(counts, 2)).containsExactly(new FacetCounts.ThemeCount("c", 9),
                new FacetCounts.ThemeCount("a", 5));
        // byte order, as the catalog's "C" collation: upper case before lower case
        assertThat(FacetTally.sourceFacet(Map.of("b", 1L, "B", 1L, "é", 1L), 10))
                .extracting(FacetCounts.SourceCount::value).containsExactly("B", "b", "é");
    }

    private static CatalogTheme theme(String slug, Integer bit) {
        return new CatalogTheme(slug, slug, null, null, bit, true, null);
    }
}
