package io.paperstream.query.catalog.bits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ThemeCombosTest {

    /** Twelve theme bits of a 100-theme taxonomy, most of them past the 64 a bigint held. */
    private static final int[] BITS = {0, 5, 63, 64, 65, 70, 77, 80, 88, 95, 98, 99};

    @Test
    void relatedPapersEqualsCountingEveryOtherPaperThatSharesATheme() {
        Random random = new Random(20261126);
        List<ThemeMask> papers = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ThemeMask mask = ThemeMask.EMPTY;
            int themes = random.nextInt(4); // 0..3 themes of 12, spread over 100 bits (most past 64)
            for (int t = 0; t < themes; t++) {
                mask = mask.with(BITS[random.nextInt(BITS.length)]);
            }
            papers.add(mask);
        }
        Map<ThemeMask, Long> byMask = new HashMap<>();
        papers.forEach(mask -> byMask.merge(mask, 1L, Long::sum));
        ThemeCombos combos = new ThemeCombos(byMask);

        assertThat(combos.totalPapers()).isEqualTo(papers.size());
        for (int i = 0; i < papers.size(); i += 37) {
            ThemeMask mask = papers.get(i);
            long expected = 0;
            for (int j = 0; j < papers.size(); j++) {
                if (j != i && !papers.get(j).and(mask).isEmpty()) {
                    expected++;
                }
            }
            assertThat(combos.relatedPapers(mask)).as("paper %d, mask %s", i, mask).isEqualTo(expected);
        }
        for (int bit : BITS) {
            assertThat(combos.papersWithBit(bit)).isEqualTo(papers.stream().filter(m -> m.has(bit)).count());
        }
    }

    @Test
    void aPaperWithoutThemesHasNoRelatedPapers() {
        ThemeCombos combos = new ThemeCombos(Map.of(ThemeMask.EMPTY, 5L, ThemeMask.of(99), 3L));
        assertThat(combos.relatedPapers(ThemeMask.EMPTY)).isZero();
        assertThat(combos.relatedPapers(ThemeMask.of(99))).isEqualTo(2);
        assertThat(combos.totalPapers()).isEqualTo(8);
    }

    @Test
    void emptyCombinationsAreIgnored() {
        ThemeCombos combos = new ThemeCombos(Map.of(ThemeMask.of(0), 0L, ThemeMask.of(1), 1L));
        assertThat(combos.masks(mask -> true)).containsExactly(ThemeMask.of(1));
        assertThat(combos.masksWithRelatedAtLeast(1)).isEmpty();
        assertThat(combos.relatedPapers(ThemeMask.of(0, 1))).isZero();
    }
}
