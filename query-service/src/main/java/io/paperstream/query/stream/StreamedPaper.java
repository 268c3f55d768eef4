package io.paperstream.query.stream;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.paperstream.events.PaperEnriched;
import io.paperstream.events.ThemeTag;
import io.paperstream.query.catalog.view.ThemeScore;

/**
 * The data of a stream's paper event: the paper as the enrich service published it on papers.enriched, in the
 * shape of a catalog listing item minus {@code relatedPapers} (a count of the catalog, which the stream does not
 * read: it may be ahead of the catalog).
 *
 * @param related the digest's Related counts
 * @param themes  strongest first, labels as tagged by enrich
 */
public record StreamedPaper(String id, String title, String summary, String source, Map<String, Long> related,
        Instant ingestedAt, List<ThemeScore> themes, Instant enrichedAt) {

    static StreamedPaper of(PaperEnriched paper) {
        return new StreamedPaper(paper.id(), paper.title(), paper.summary(), paper.source(), paper.related(),
                paper.ingestedAt(),
                paper.themes().stream().map(StreamedPaper::score).sorted(ThemeScore.STRONGEST_FIRST).toList(),
                paper.enrichedAt());
    }

    private static ThemeScore score(ThemeTag tag) {
        return new ThemeScore(tag.slug(), tag.label() == null ? tag.slug() : tag.label(), tag.score(),
                tag.matched());
    }
}
