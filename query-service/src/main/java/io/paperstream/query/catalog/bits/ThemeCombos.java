package io.paperstream.query.catalog.bits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
    /** Position of each present combination in {@link #masks}. */
    private final Map<ThemeMask, Integer> indexOf;
    /** Related papers of masks outside the combinations, computed one at a time. */
    private final Map<ThemeMask, Long> relatedByMask = new ConcurrentHashMap<>();
    /** {@link #relatedPapers} of every combination, by position; null until a listing needs them all. */
    private volatile long[] relatedOfEach;

    /**
     * The combinations of an earlier catalog version and their related papers, when that version had computed them
     * all: this one's are then derived from them by the few combinations a write batch changed (arrays only, never
     * the earlier instance, so versions do not chain). Null once used, or when there is none.
     */
    private volatile Earlier earlier;

    private record Earlier(Map<ThemeMask, Integer> indexOf, ThemeMask[] masks, long[] papers, long[] related) {
    }

    /**
     * These combinations, with {@code previous} (an earlier catalog version, or null) as the starting point of
     * {@link #relatedOfEach} if it had computed them.
     */
    public ThemeCombos(Map<ThemeMask, Long> papersByMask, ThemeCombos previous) {
        this(papersByMask);
        if (previous != null) {
            long[] related = previous.relatedOfEach;
            // not computed there: the version it would have started from is as good a start
            earlier = related != null ? new Earlier(previous.indexOf, previous.masks, previous.papers, related)
                    : previous.earlier;
        }
    }

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
        indexOf = new HashMap<>(masks.length * 2);
        for (int i = 0; i < masks.length; i++) {
            indexOf.put(masks[i], i);
        }
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
        long[] every = relatedOfEach;
        Integer index = indexOf.get(mask);
        if (every != null && index != null) {
            return every[index];
        }
        return relatedByMask.computeIfAbsent(mask, this::countRelated);
    }

    /**
     * {@link #relatedPapers} of every combination, by position in {@link #masks}: computed once per instance (a
     * catalog version), when a listing first needs them all (minRelated, sort=related), from the earlier version's
     * when it had them (see {@link #fromEarlier}), else all counted ({@link #computeRelatedOfEach}). A new catalog
     * version comes with every write batch: counting one mask at a time cost combinations² intersections (7,411
     * combinations at 1M papers: 55M, ~290 ms of CPU), once a batch while papers stream in.
     */
    private synchronized long[] relatedOfEach() {
        if (relatedOfEach != null) {
            return relatedOfEach;
        }
        long[] related = earlier == null ? null : fromEarlier(earlier);
        earlier = null;
        relatedOfEach = related != null ? related : computeRelatedOfEach();
        return relatedOfEach;
    }

    /**
     * Related papers of every combination from an earlier version's: a combination present in both gains the change
     * in papers of each changed combination it shares a bit with (a write batch changes at most its papers'
     * combinations: combinations × changed / 64 word operations, ~3 ms CPU at 7,411 and 200 papers); a new one is
     * counted alone. Null when more than an eighth of the combinations changed (then counting them all is as cheap).
     */
    private long[] fromEarlier(Earlier before) {
        List<ThemeMask> changed = new ArrayList<>();
        List<Long> deltas = new ArrayList<>();
        for (int i = 0; i < masks.length; i++) {
            Integer was = before.indexOf().get(masks[i]);
            long delta = papers[i] - (was == null ? 0 : before.papers()[was]);
            if (delta != 0) {
                changed.add(masks[i]);
                deltas.add(delta);
            }
        }
        for (int j = 0; j < before.masks().length; j++) {
            if (!indexOf.containsKey(before.masks()[j])) {
                changed.add(before.masks()[j]);
                deltas.add(-before.papers()[j]);
            }
        }
        if (changed.size() > masks.length / 8) {
            return null;
        }
        // per theme bit, a bitset of the changed combinations carrying it: a mask's gain is the sum of the deltas of
        // the union of its bits' bitsets (a few words), not a loop over the changed combinations
        int words = wordsFor(changed.size());
        long[] delta = new long[changed.size()];
        int[][] bitsOfChanged = new int[changed.size()][];
        for (int c = 0; c < changed.size(); c++) {
            delta[c] = deltas.get(c);
            bitsOfChanged[c] = changed.get(c).bits();
        }
        Map<Integer, long[]> carrying = carrying(bitsOfChanged, words);
        long[] related = new long[masks.length];
        long[] sharing = new long[words];
        for (int i = 0; i < masks.length; i++) {
            Integer was = before.indexOf().get(masks[i]);
            if (masks[i].isEmpty()) {
                related[i] = 0;
            } else if (was == null) {
                related[i] = countRelated(masks[i]);
            } else {
                sharingAnyOf(masks[i].bits(), carrying, sharing);
                // present in both with papers, so neither count was clamped at 0
                long sum = before.related()[was];
                for (int w = 0; w < words; w++) {
                    for (long rest = sharing[w]; rest != 0; rest &= rest - 1) {
                        sum += delta[w * Long.SIZE + Long.numberOfTrailingZeros(rest)];
                    }
                }
                related[i] = sum;
            }
        }
        return related;
    }

    private long countRelated(ThemeMask mask) {
        long sharing = 0;
        for (int i = 0; i < masks.length; i++) {
            if (masks[i].intersects(mask)) {
                sharing += papers[i];
            }
        }
        return Math.max(0, sharing - 1);
    }

    /**
     * Counted: each theme bit holds a bitset of the combinations carrying it, and the paper counts are bit-sliced
     * (bitset k: combinations whose count has bit k set), so the papers of the combinations sharing a bit with a mask
     * are popcounts of (union of its bits' bitsets) AND each slice: combinations × (its bits + count bits) ×
     * combinations / 64 word operations (~20 ms for 7,411 combinations).
     */
    private long[] computeRelatedOfEach() {
        int n = masks.length;
        int words = wordsFor(n);
        int[][] bitsOf = new int[n][];
        long largest = 0;
        for (int i = 0; i < n; i++) {
            bitsOf[i] = masks[i].bits();
            largest = Math.max(largest, papers[i]);
        }
        Map<Integer, long[]> carrying = carrying(bitsOf, words);
        int slices = Long.SIZE - Long.numberOfLeadingZeros(largest);
        long[][] slice = new long[slices][words];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < slices; k++) {
                if ((papers[i] >>> k & 1) != 0) {
                    slice[k][i / Long.SIZE] |= 1L << (i % Long.SIZE);
                }
            }
        }
        long[] related = new long[n];
        long[] sharing = new long[words];
        for (int i = 0; i < n; i++) {
            if (bitsOf[i].length == 0) {
                continue;
            }
            sharingAnyOf(bitsOf[i], carrying, sharing);
            long sum = 0;
            for (int k = 0; k < slices; k++) {
                long[] weight = slice[k];
                long count = 0;
                for (int w = 0; w < words; w++) {
                    count += Long.bitCount(sharing[w] & weight[w]);
                }
                sum += count << k;
            }
            related[i] = Math.max(0, sum - 1);
        }
        return related;
    }

    private static int wordsFor(int combinations) {
        return (combinations + Long.SIZE - 1) / Long.SIZE;
    }

    /** Per theme bit, a bitset (of {@code words} longs) of the combinations, by position, whose bits carry it. */
    private static Map<Integer, long[]> carrying(int[][] bitsOf, int words) {
        Map<Integer, long[]> carrying = new HashMap<>();
        for (int c = 0; c < bitsOf.length; c++) {
            for (int bit : bitsOf[c]) {
                carrying.computeIfAbsent(bit, b -> new long[words])[c / Long.SIZE] |= 1L << (c % Long.SIZE);
            }
        }
        return carrying;
    }

    /** Into {@code sharing}: the union of the bitsets of these bits, the combinations sharing a bit with them. */
    private static void sharingAnyOf(int[] bits, Map<Integer, long[]> carrying, long[] sharing) {
        Arrays.fill(sharing, 0L);
        for (int bit : bits) {
            long[] holders = carrying.get(bit);
            if (holders != null) {
                for (int w = 0; w < sharing.length; w++) {
                    sharing[w] |= holders[w];
                }
            }
        }
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
        return Arrays.copyOf(selected, n);
    }

    /** Combinations whose papers have at least {@code minRelated} related papers. */
    public ThemeMask[] masksWithRelatedAtLeast(long minRelated) {
        long[] related = relatedOfEach();
        int n = 0;
        ThemeMask[] selected = new ThemeMask[masks.length];
        for (int i = 0; i < masks.length; i++) {
            if (related[i] >= minRelated) {
                selected[n++] = masks[i];
            }
        }
        return Arrays.copyOf(selected, n);
    }

    /** Every combination present with its {@link #relatedPapers}, position by position. */
    public RelatedOfEach relatedOfEveryCombination() {
        return new RelatedOfEach(masks.clone(), relatedOfEach().clone());
    }

    /** Combinations and their related papers, position by position. */
    public record RelatedOfEach(ThemeMask[] masks, long[] related) {
    }
}
