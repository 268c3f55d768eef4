package io.paperstream.query.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A paper in a listing.
 *
 * @param related       the digest's Related counts
 * @param relatedPapers other papers of the catalog, as it stands now, sharing at least one theme
 */
public record PaperSummary(String id, String title, String summary, String source, Map<String, Long> related,
        Instant ingestedAt, List<ThemeScore> themes, long relatedPapers) {
}
