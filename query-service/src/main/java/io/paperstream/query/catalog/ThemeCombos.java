package io.paperstream.query.catalog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

/**
 * How many papers carry each exact theme combination (bit mask), as in {@code theme_combo} summed over its shards, and the counts that
 * follow from it without touching the paper table. Immutable; a few thousand combinations at most.
 */
public final class ThemeCombos {

    private final long[] masks;
    private final long[] papers;
    private final long totalPapers;
    private final Map<Long, Long> relatedByMask = new ConcurrentHashMap<>();

    public ThemeCombos(Map<Long, Long> papersByMask) {
        var present = papersByMask.entrySet().stream().filter(e -> e.getValue() > 0).toList();
        masks = new long[present.size()];
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
    public long relatedPapers(long mask) {
        if (mask == 0) {
            return 0;
        }
        return relatedByMask.computeIfAbsent(mask, m -> {
            long sharing = 0;
            for (int i = 0; i < masks.length; i++) {
                if ((masks[i] & m) != 0) {
                    sharing += papers[i];
                }
            }
            return Math.max(0, sharing - 1);
        });
    }

    /** Papers whose mask passes the filter. */
    public long countPapers(LongPredicate maskFilter) {
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
        long flag = 1L << bit;
        return countPapers(mask -> (mask & flag) != 0);
    }

    /** Every combination present (papers > 0) whose mask passes the filter. */
    public long[] masks(LongPredicate maskFilter) {
        int n = 0;
        long[] selected = new long[masks.length];
        for (long mask : masks) {
            if (maskFilter.test(mask)) {
                selected[n++] = mask;
            }
        }
        return java.util.Arrays.copyOf(selected, n);
    }

    /** Combinations whose papers have at least {@code minRelated} related papers. */
    public long[] masksWithRelatedAtLeast(long minRelated) {
        return masks(mask -> relatedPapers(mask) >= minRelated);
    }
}
