package io.paperstream.query.catalog;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.paperstream.events.PaperEnriched;

/**
 * A paper in a listing or on a theme stream.
 *
 * @param related       the digest's Related counts
 * @param relatedPapers other papers of the catalog, as it stands now, sharing at least one theme
 */
public record PaperSummary(String id, String title, String summary, String source, Map<String, Long> related,
        Instant ingestedAt, List<ThemeScore> themes, long relatedPapers) {

    static final Comparator<ThemeScore> STRONGEST_FIRST = Comparator.comparingDouble(ThemeScore::score).reversed()
            .thenComparing(ThemeScore::slug);

    /** The summary of a paper just materialized, from its event (no database read). */
    static PaperSummary of(PaperEnriched paper, long themeMask, CatalogSnapshot snapshot) {
        List<ThemeScore> themes = paper.themes().stream()
                .map(tag -> new ThemeScore(tag.slug(), snapshot.label(tag.slug()), tag.score(), tag.matched()))
                .sorted(STRONGEST_FIRST).toList();
        return new PaperSummary(paper.id(), paper.title(), paper.summary(), paper.source(), paper.related(),
                paper.ingestedAt(), themes, snapshot.combos().relatedPapers(themeMask));
    }
}
