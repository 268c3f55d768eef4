package io.paperstream.enrich.streams;

import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Which papers carry which theme, in memory: a dense int per paper id and one {@link BitSet} per theme. It answers
 * "how many papers carry theme t" (cardinality) and "how many other papers share a theme with this one"
 * (cardinality of the OR of its themes' sets) in time linear in the corpus size divided by 64, with no per-query
 * scan of the store.
 * <p>
 * It is derived state: the counting processor rebuilds it from its persistent store at every start, so it is
 * exactly as durable as that store (restored from its changelog topic after a crash or a move to another
 * instance). Not thread-safe: it belongs to the one stream task that counts.
 */
final class ThemeIndex {

    private final Map<String, Integer> paperNumbers = new HashMap<>();
    private final Map<String, BitSet> papersByTheme = new HashMap<>();
    /** Dense numbers of removed papers, reused so the bitsets do not grow with deletions. */
    private final BitSet freeNumbers = new BitSet();
    private int nextNumber;

    /**
     * Moves a paper from its previous themes to its current ones. A paper re-delivered with the same themes changes
     * nothing; a paper whose text changed leaves the themes it lost and joins the ones it gained.
     */
    void put(String paperId, Collection<String> previous, Collection<String> current) {
        int number = numberOf(paperId);
        for (String slug : previous) {
            if (!current.contains(slug)) {
                BitSet papers = papersByTheme.get(slug);
                if (papers != null) {
                    papers.clear(number);
                }
            }
        }
        for (String slug : current) {
            papersByTheme.computeIfAbsent(slug, s -> new BitSet()).set(number);
        }
    }

    /** Forgets a deleted paper. */
    void remove(String paperId, Collection<String> previous) {
        Integer number = paperNumbers.remove(paperId);
        if (number == null) {
            return;
        }
        for (String slug : previous) {
            BitSet papers = papersByTheme.get(slug);
            if (papers != null) {
                papers.clear(number);
            }
        }
        freeNumbers.set(number);
    }

    /** Distinct papers carrying the theme. */
    long paperCount(String slug) {
        BitSet papers = papersByTheme.get(slug);
        return papers == null ? 0 : papers.cardinality();
    }

    /** Distinct other papers sharing at least one of {@code slugs} with the paper; 0 when it has no theme. */
    long relatedPapers(String paperId, Collection<String> slugs) {
        if (slugs.isEmpty()) {
            return 0;
        }
        BitSet union = new BitSet();
        for (String slug : slugs) {
            BitSet papers = papersByTheme.get(slug);
            if (papers != null) {
                union.or(papers);
            }
        }
        Integer number = paperNumbers.get(paperId);
        if (number != null) {
            union.clear(number);
        }
        return union.cardinality();
    }

    /** Papers known to the index (with or without themes). */
    int size() {
        return paperNumbers.size();
    }

    private int numberOf(String paperId) {
        Integer number = paperNumbers.get(paperId);
        if (number != null) {
            return number;
        }
        int free = freeNumbers.nextSetBit(0);
        int assigned;
        if (free >= 0) {
            freeNumbers.clear(free);
            assigned = free;
        } else {
            assigned = nextNumber++;
        }
        paperNumbers.put(paperId, assigned);
        return assigned;
    }
}
