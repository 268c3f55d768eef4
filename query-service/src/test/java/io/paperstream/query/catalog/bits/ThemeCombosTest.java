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

    /**
     * minRelated selects combinations by their related papers, all computed at once: the same as counting, paper by
     * paper, the others sharing a theme, for combinations spread over several 64-combination words and counts of
     * many bits (each combination stands for many papers here).
     */
    @Test
    void masksWithRelatedAtLeastSelectsTheCombinationsWhosePapersHaveThatManyRelated() {
        Random random = new Random(20261201);
        Map<ThemeMask, Long> byMask = new HashMap<>();
        while (byMask.size() < 300) {
            ThemeMask mask = ThemeMask.EMPTY;
            int themes = random.nextInt(5);
            for (int t = 0; t < themes; t++) {
                mask = mask.with(BITS[random.nextInt(BITS.length)]);
            }
            byMask.merge(mask, 1L + random.nextInt(random.nextBoolean() ? 3 : 5_000_000), Long::sum);
        }
        List<Map.Entry<ThemeMask, Long>> entries = new ArrayList<>(byMask.entrySet());
        Map<ThemeMask, Long> expected = new HashMap<>();
        for (Map.Entry<ThemeMask, Long> paper : entries) {
            long others = 0;
            for (Map.Entry<ThemeMask, Long> other : entries) {
                if (!other.getKey().and(paper.getKey()).isEmpty()) {
                    others += other.getValue();
                }
            }
            // the combination's own papers share its themes, minus the paper itself
            expected.put(paper.getKey(), paper.getKey().isEmpty() ? 0 : others - 1);
        }
        ThemeCombos combos = new ThemeCombos(byMask);
        List<Long> thresholds = new ArrayList<>(expected.values());
        thresholds.addAll(List.of(0L, 1L, Long.MAX_VALUE));
        for (long threshold : thresholds) {
            assertThat(combos.masksWithRelatedAtLeast(threshold)).as("minRelated %d", threshold)
                    .containsExactlyInAnyOrderElementsOf(expected.entrySet().stream()
                            .filter(e -> e.getValue() >= threshold).map(Map.Entry::getKey).toList());
        }
        // once all are computed, one mask's answer comes from them, and still agrees
        expected.forEach((mask, related) -> assertThat(combos.relatedPapers(mask)).as("%s", mask).isEqualTo(related));
        ThemeCombos.RelatedOfEach every = combos.relatedOfEveryCombination();
        for (int i = 0; i < every.masks().length; i++) {
            assertThat(every.related()[i]).as("%s", every.masks()[i]).isEqualTo(expected.get(every.masks()[i]));
        }
    }

    /**
     * A catalog version's related papers start from an earlier version's (write batches change a few combinations):
     * after counts that grow and shrink, a combination that empties and one that appears, every version, also one
     * whose predecessor never computed them, agrees with counting paper by paper.
     */
    @Test
    void relatedPapersOfALaterVersionFollowTheChangedCombinations() {
        Random random = new Random(20261202);
        Map<ThemeMask, Long> version = new HashMap<>();
        while (version.size() < 200) {
            version.merge(randomMask(random), 1L + random.nextInt(1_000), Long::sum);
        }
        ThemeCombos combos = new ThemeCombos(version);
        assertRelatedAsCounted(combos, version);
        for (int step = 0; step < 12; step++) {
            Map<ThemeMask, Long> next = new HashMap<>(version);
            List<ThemeMask> present = new ArrayList<>(next.keySet());
            for (int change = 0; change < 10; change++) {
                ThemeMask mask = present.get(random.nextInt(present.size()));
                next.computeIfPresent(mask, (m, papers) -> Math.max(0, papers + random.nextInt(21) - 10));
            }
            next.put(present.get(random.nextInt(present.size())), 0L); // emptied
            next.merge(randomMask(random), 1L + random.nextInt(50), Long::sum); // appears (or grows)
            combos = new ThemeCombos(next, combos);
            version = next;
            if (step % 3 != 1) {
                // every third version is never asked: the next starts from an older one
                assertRelatedAsCounted(combos, version);
            }
        }
    }

    private static ThemeMask randomMask(Random random) {
        ThemeMask mask = ThemeMask.EMPTY;
        int themes = random.nextInt(4);
        for (int t = 0; t < themes; t++) {
            mask = mask.with(BITS[random.nextInt(BITS.length)]);
        }
        return mask;
    }

    /** Every present combination's related papers and minRelated selections, against counting over the map. */
    private static void assertRelatedAsCounted(ThemeCombos combos, Map<ThemeMask, Long> papersByMask) {
        Map<ThemeMask, Long> expected = new HashMap<>();
        papersByMask.forEach((mask, papers) -> {
            if (papers > 0) {
                long others = papersByMask.entrySet().stream().filter(e -> !e.getKey().and(mask).isEmpty())
                        .mapToLong(Map.Entry::getValue).sum();
                expected.put(mask, mask.isEmpty() ? 0 : others - 1);
            }
        });
        for (long threshold : List.of(0L, 1L, 500L, 2_000L, 5_000L)) {
            assertThat(combos.masksWithRelatedAtLeast(threshold)).as("minRelated %d", threshold)
                    .containsExactlyInAnyOrderElementsOf(expected.entrySet().stream()
                            .filter(e -> e.getValue() >= threshold).map(Map.Entry::getKey).toList());
        }
        ThemeCombos.RelatedOfEach every = combos.relatedOfEveryCombination();
        assertThat(every.masks()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (int i = 0; i < every.masks().length; i++) {
            assertThat(every.related()[i]).as("%s", every.masks()[i]).isEqualTo(expected.get(every.masks()[i]));
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
