package io.paperstream.query.catalog.read;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.paperstream.query.catalog.bits.ThemeMask;
import io.paperstream.query.catalog.view.FacetCounts;

/** Pure steps of facet counting: themes from combination counts, and the order and bound of a facet's values. */
public final class FacetTally {

    /** Largest count first, then the key in byte order (the catalog's "C" collation of slugs and sources). */
    static final Comparator<Map.Entry<String, Long>> ORDER = Comparator
            .<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
            .thenComparing(Map.Entry::getKey, FacetTally::compareBytes);

    private FacetTally() {
    }

    /**
     * Papers per theme, from papers per exact theme combination: each combination adds its papers to every theme
     * whose bit it holds. Only themes with a bit are counted.
     */
    public static Map<String, Long> themesFromMasks(Map<ThemeMask, Long> papersByMask,
            Iterable<CatalogTheme> themes) {
        Map<String, Long> counts = new HashMap<>();
        for (CatalogTheme theme : themes) {
            if (theme.bit() == null) {
                continue;
            }
            long papers = 0;
            for (Map.Entry<ThemeMask, Long> combo : papersByMask.entrySet()) {
                if (combo.getKey().has(theme.bit())) {
                    papers += combo.getValue();
                }
            }
            counts.put(theme.slug(), papers);
        }
        return counts;
    }

    /** The positive counts, sorted by {@link #ORDER}, at most {@code max} of them. */
    static List<Map.Entry<String, Long>> ranked(Map<String, Long> counts, int max) {
        return counts.entrySet().stream().filter(entry -> entry.getValue() > 0).sorted(ORDER).limit(max)
                .map(entry -> Map.entry(entry.getKey(), entry.getValue())).toList();
    }

    public static List<FacetCounts.ThemeCount> themeFacet(Map<String, Long> counts, int max) {
        return ranked(counts, max).stream().map(e -> new FacetCounts.ThemeCount(e.getKey(), e.getValue())).toList();
    }

    public static List<FacetCounts.SourceCount> sourceFacet(Map<String, Long> counts, int max) {
        return ranked(counts, max).stream().map(e -> new FacetCounts.SourceCount(e.getKey(), e.getValue())).toList();
    }

    private static int compareBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
