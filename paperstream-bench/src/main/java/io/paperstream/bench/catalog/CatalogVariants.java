package io.paperstream.bench.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.paperstream.client.PaperRecord;

/**
 * A catalog of any size from a corpus of real papers: paper {@code i} is variant {@code k = i / n} of base paper
 * {@code i % n} (n distinct base papers). Variant 0 is the paper as published; variant k ≥ 1 has
 * {@code " (variant k)"} appended to its title and keeps its summary word for word. Ids derive from the normalized
 * title ({@code PaperId}: lower case, punctuation collapsed), so the suffix alone makes each variant a new paper,
 * while every text the catalog indexes, tags and searches stays real (only the title's last two words are added).
 * Deterministic: the same corpus gives the same papers, so a catalog can be reloaded or extended.
 * <p>
 * The base is the corpus with titles that normalize to an id already seen dropped (the file repeats a few titles):
 * every variant index then stands for exactly one id.
 */
public final class CatalogVariants {

    private final List<PaperRecord> base;

    public CatalogVariants(List<PaperRecord> corpus) {
        Set<String> ids = new HashSet<>();
        List<PaperRecord> distinct = new ArrayList<>(corpus.size());
        for (PaperRecord paper : corpus) {
            if (ids.add(paper.expectedId())) {
                distinct.add(paper);
            }
        }
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException("the corpus holds no paper");
        }
        this.base = List.copyOf(distinct);
    }

    /** Distinct base papers: variant 1 of the first starts at this index. */
    public int baseSize() {
        return base.size();
    }

    /** Paper {@code index} of the catalog (0-based). */
    public PaperRecord paper(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("a catalog index is not negative: " + index);
        }
        PaperRecord original = base.get((int) (index % base.size()));
        long variant = index / base.size();
        return variant == 0 ? original : original.withTitle(variantTitle(original.title(), variant));
    }

    /** Papers {@code from} (inclusive) to {@code from + count} (exclusive). */
    public List<PaperRecord> papers(long from, int count) {
        List<PaperRecord> papers = new ArrayList<>(count);
        for (long i = from; i < from + count; i++) {
            papers.add(paper(i));
        }
        return papers;
    }

    static String variantTitle(String title, long variant) {
        return title + " (variant " + variant + ")";
    }
}
