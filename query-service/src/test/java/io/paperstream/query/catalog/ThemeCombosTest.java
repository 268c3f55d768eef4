package io.paperstream.query.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ThemeCombosTest {

    @Test
    void relatedPapersEqualsCountingEveryOtherPaperThatSharesATheme() {
        Random random = new Random(20261126);
        List<Long> papers = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            long mask = 0;
            int themes = random.nextInt(4); // 0..3 themes of 12
            for (int t = 0; t < themes; t++) {
                mask |= 1L << random.nextInt(12);
            }
            papers.add(mask);
        }
        Map<Long, Long> byMask = new HashMap<>();
        papers.forEach(mask -> byMask.merge(mask, 1L, Long::sum));
        ThemeCombos combos = new ThemeCombos(byMask);

        assertThat(combos.totalPapers()).isEqualTo(papers.size());
        for (int i = 0; i < papers.size(); i += 37) {
            long mask = papers.get(i);
            long expected = 0;
            for (int j = 0; j < papers.size(); j++) {
                if (j != i && (papers.get(j) & mask) != 0) {
                    expected++;
                }
            }
            assertThat(combos.relatedPapers(mask)).as("paper %d, mask %s", i, Long.toBinaryString(mask))
                    .isEqualTo(expected);
        }
        for (int bit = 0; bit < 12; bit++) {
            long flag = 1L << bit;
            assertThat(combos.papersWithBit(bit)).isEqualTo(papers.stream().filter(m -> (m & flag) != 0).count());
        }
    }

    @Test
    void aPaperWithoutThemesHasNoRelatedPapers() {
        ThemeCombos combos = new ThemeCombos(Map.of(0L, 5L, 1L, 3L));
        assertThat(combos.relatedPapers(0)).isZero();
        assertThat(combos.relatedPapers(1)).isEqualTo(2);
        assertThat(combos.totalPapers()).isEqualTo(8);
    }

    @Test
    void emptyCombinationsAreIgnored() {
        ThemeCombos combos = new ThemeCombos(Map.of(1L, 0L, 2L, 1L));
        assertThat(combos.masks(mask -> true)).containsExactly(2L);
        assertThat(combos.masksWithRelatedAtLeast(1)).isEmpty();
        assertThat(combos.relatedPapers(3L)).isZero();
    }
}
