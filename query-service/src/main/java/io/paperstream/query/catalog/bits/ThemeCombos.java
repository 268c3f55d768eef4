package io.paperstream.query.catalog.bits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * How many papers carry each exact theme combination ({@link ThemeMask}), as in {@code theme_combo} summed over its
 * shards, and the counts that follow from it without touching the paper table. Immutable; a few thousand
 * combinations at most.
 */
public final class ThemeCombos {

    private final ThemeMask[] masks;
    private final long[] papers;
    private final long totalPapers;
    private final Map<ThemeMask, Long> relatedByMask = new ConcurrentHashMap<>();

    public ThemeCombos(Map<ThemeMask, Long> papersByMask) {
        var present = papersByMask.entrySet().stream().filter(e -> e.getValue() > 0).toList();
        masks = new ThemeMask[present.size()];
        papers = new long[present.size()];
        long total = 0;
        for (int i = 0; i < present.size(); i++) {
            masks[i] = present.get(i).getKey();
            papers[i] = present.get(i).getValue();
            total += papers[i];
        }
        totalPapers = total;
    }

    public long totalPapers() {
        return totalPapers;
    }

    /**
     * Other papers sharing at least one theme with a paper of this mask: the papers of every combination that
     * shares a bit with it, minus the paper itself; 0 for a paper without themes.
     */
    public long relatedPapers(ThemeMask mask) {
        if (mask.isEmpty()) {
            return 0;
        }
        return relatedByMask.computeIfAbsent(mask, m -> {
            long sharing = 0;
            for (int i = 0; i < masks.length; i++) {
                if (masks[i].intersects(m)) {
                    sharing += papers[i];
                }
            }
            return Math.max(0, sharing - 1);
        });
    }

    /** Papers whose mask passes the filter. */
    public long countPapers(Predicate<ThemeMask> maskFilter) {
        long count = 0;
        for (int i = 0; i < masks.length; i++) {
            if (maskFilter.test(masks[i])) {
                count += papers[i];
            }
        }
        return count;
    }

    /** Papers carrying the theme of this bit. */
    public long papersWithBit(int bit) {
        return countPapers(mask -> mask.has(bit));
    }

    /** Every combination present (papers > 0) whose mask passes the filter. */
    public ThemeMask[] masks(Predicate<ThemeMask> maskFilter) {
        int n = 0;
        ThemeMask[] selected = new ThemeMask[masks.length];
        for (ThemeMask mask : masks) {
            if (maskFilter.test(mask)) {
                selected[n++] = mask;
            }
        }
        return java.util.Arrays.copyOf(selected, n);
    }

    /** Combinations whose papers have at least {@code minRelated} related papers. */
    public ThemeMask[] masksWithRelatedAtLeast(long minRelated) {
        return masks(mask -> relatedPapers(mask) >= minRelated);
    }
}
